import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { openFreshPostgres } from '../../support/db';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wc-cli-platform-'));
const env = {
  ...process.env,
  DATABASE_URL: undefined,
  NODE_ENV: undefined,
  JWT_SECRET: undefined,
  WHITE_CROSS_DATA_DIR: dir,
};

/** The account commands run on real PostgreSQL when TEST_DATABASE_URL is set (faster), else on PGlite in dir. */
const pgUrl = process.env.TEST_DATABASE_URL;
let pg: (ServerDbHandle & { url: string }) | undefined;

function cli(args: string[], input?: string) {
  const e = pg ? { ...env, DATABASE_URL: pg.url } : env;
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: e,
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Opens the CLI's database between commands (PGlite: one process at a time). */
async function withDir<T>(fn: (db: ServerDbHandle) => Promise<T>): Promise<T> {
  if (pg) return fn(pg);
  const h = await openServerDb({ pgliteDir: join(dir, 'server') });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** Starts `white-cross serve` on a free port; resolves with its output once it has printed the hint (or failed). */
function serveUntil(marker: RegExp): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve'], {
      cwd: root,
      env: { ...env, PORT: '0', LOG_LEVEL: 'warn' },
    });
    let out = '';
    let err = '';
    let done = false;
    const finish = (code: number | null) => {
      if (done) return;
      done = true;
      resolve({ out, err, code });
    };
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (marker.test(out) && !done) {
        child.once('exit', (code) => finish(code));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => finish(code));
  });
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
  if (pgUrl) pg = await openFreshPostgres(pgUrl);
});
afterAll(async () => {
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('white-cross platform commands (PGlite)', () => {
  it('serve on an empty embedded database says how to create the first admin, with a generated development key', async () => {
    const r = await serveUntil(/white-cross user create/);
    expect(r.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.out).toContain('No account can log in yet');
    expect(r.err).toMatch(/JWT_SECRET is not set: using a development key kept in .*jwt-secret/);
  });

  it('user create makes the first district admin (and the district) from a password on stdin', async () => {
    const ok = cli(
      [
        'user',
        'create',
        '--email',
        'admin@example.org',
        '--role',
        'DISTRICT_ADMIN',
        '--first-name',
        'Ada',
        '--district-name',
        'Test District',
        '--state',
        'NJ',
        '--password-stdin',
      ],
      'a long enough passphrase\n',
    );
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(
      /created DISTRICT_ADMIN admin@example.org \(user [0-9a-f-]{36}, district [0-9a-f-]{36}\)/,
    );
    const hash = await withDir(
      async (h) =>
        (await h.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash,
    );
    expect(hash).toMatch(/^\$argon2id\$/);
  });

  it('enroll-code prints a one-time code for a school', async () => {
    await withDir(async (h) => {
      const district = await h.db.selectFrom('districts').select('id').executeTakeFirstOrThrow();
      await h.db
        .insertInto('schools')
        .values({ id: 'school-1', district_id: district.id, name: 'Alpha', school_code: 'ALPHA' })
        .execute();
    });
    const r = cli(['enroll-code', '--school', 'ALPHA']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(r.err).toMatch(/enrollment code for Alpha, valid until/);
    const n = await withDir(
      async (h) =>
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM device_enrollment_codes WHERE used_at IS NULL`.execute(h.db)
        ).rows[0]?.n,
    );
    expect(n).toBe(1);
  });

  it('audit verify passes on an intact chain and exits 1 naming the first tampered row', async () => {
    const ok = cli(['audit', 'verify']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/audit chain intact: 2 row\(s\)/);
    await withDir((h) =>
      h.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`UPDATE audit_logs SET user_agent = 'edited' WHERE chain_seq = 1`.execute(trx);
      }),
    );
    const bad = cli(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /audit chain BROKEN at chain_seq 1 \(id [0-9a-f-]{36}, created_at [0-9T:.Z-]+\): row_hash of row 1 does not match its contents/,
    );
  });
});
