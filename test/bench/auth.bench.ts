import { performance } from 'node:perf_hooks';
import { buildServer } from '../../server-sync/app';
import { createUser } from '../../server-sync/auth/users';
import { openServerDb } from '../../server-sync/db/connect';
import { migrateServerToLatest } from '../../server-sync/db/migrate';
import type { Benchmark } from './registry';

const PASSWORD = 'correct horse battery staple';

/**
 * How long each kind of refused sign-in takes (security finding 8: the answer must not tell which e-mails exist, by
 * its content or its time): an unknown e-mail, a wrong password, a locked account, an inactive one. Each is one argon2
 * verification plus its audit row; the figures should be within noise of each other.
 * Options: --rounds N (default 30).
 */
export const authBench: Benchmark = {
  description: 'time of each kind of refused sign-in (unknown e-mail, wrong password, locked, inactive)',
  async run(args, emit) {
    const i = args.indexOf('--rounds');
    const rounds = i >= 0 ? Number(args[i + 1]) : 30;
    const h = await openServerDb({ pgliteDir: ':memory:' });
    try {
      await migrateServerToLatest(h.db);
      await createUser(h.db, {
        email: 'admin@example.org',
        role: 'DISTRICT_ADMIN',
        password: PASSWORD,
        firstName: 'A',
        lastName: 'A',
        newDistrict: { name: 'Bench District', stateCode: 'NJ' },
      });
      const mk = (email: string) =>
        createUser(h.db, {
          email,
          role: 'AUDITOR',
          password: PASSWORD,
          firstName: 'B',
          lastName: 'B',
          schools: [],
        });
      await mk('wrong@example.org');
      await mk('locked@example.org');
      const inactive = await mk('inactive@example.org');
      await h.db.updateTable('users').set({ is_active: false }).where('id', '=', inactive.id).execute();
      const app = buildServer({
        db: h,
        config: {
          jwtSecret: 'bench-secret-bench-secret-bench-secret-0123',
          accessTokenTtlSeconds: 900,
          refreshTokenTtlSeconds: 86_400,
          lockoutThreshold: 5,
          lockoutMinutes: 15,
          rateLimitMax: 1_000_000,
          loginRateLimitMax: 1_000_000,
          logLevel: 'silent',
        },
      });
      await app.ready();
      const attempt = (email: string, password = 'not the password') =>
        app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
      for (let k = 0; k < 5; k++) await attempt('locked@example.org');
      const cases: Record<string, () => ReturnType<typeof attempt>> = {
        unknown: () => attempt('nobody@example.org'),
        wrongPassword: () => attempt('wrong@example.org'),
        locked: () => attempt('locked@example.org'),
        inactive: () => attempt('inactive@example.org'),
      };
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((c) => [c, []]));
      for (let r = 0; r < rounds; r++) {
        // interleaved, so drift in the machine's load affects every case alike
        for (const [name, run] of Object.entries(cases)) {
          const t0 = performance.now();
          const res = await run();
          times[name]?.push(performance.now() - t0);
          if (res.statusCode !== 401) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
        }
        // the wrong-password account must not lock during the run
        await h.db
          .updateTable('users')
          .set({ failed_login_count: 0 })
          .where('email', '=', 'wrong@example.org')
          .execute();
      }
      for (const [name, ms] of Object.entries(times)) {
        const sorted = [...ms].sort((a, b) => a - b);
        const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
        emit({
          measurement: 'login_refusal_ms',
          case: name,
          rounds,
          median_ms: Number(q(0.5).toFixed(1)),
          p90_ms: Number(q(0.9).toFixed(1)),
          mean_ms: Number((ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)),
        });
      }
      await app.close();
    } finally {
      await h.close();
    }
  },
};
