import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server/index';
import { openFreshPostgres } from '../support/db';
import { introspectPostgres } from '../support/introspect-pg';
import { loadManifest } from '../support/manifest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const migrationCount = Object.keys(serverMigrations).length;

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  // the bin is built by `npm ci` (prepare); rebuild so the test runs this tree's code
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
});

describe('white-cross command line', () => {
  it('has --help on every subcommand', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['db', 'seed-demo', 'serve']) expect(top.out).toContain(c);
    for (const args of [
      ['db', '--help'],
      ['db', 'migrate', '--help'],
      ['db', 'rollback', '--help'],
      ['db', 'status', '--help'],
      ['seed-demo', '--help'],
      ['serve', '--help'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: white-cross/);
    }
    expect(cli(['db', 'rollback', '--help']).out).toContain('--all');
    const seedHelp = cli(['seed-demo', '--help']).out;
    for (const flag of ['--seed', '--students', '--years', '--schools', '--as-of'])
      expect(seedHelp).toContain(flag);
  });

  it('says which argument or variable is wrong', () => {
    const badArg = cli(['seed-demo', '--students', 'many']);
    expect(badArg.code).not.toBe(0);
    expect(badArg.err).toContain('--students must be a positive whole number, got "many"');
    const badEnv = cli(['db', 'migrate'], { DATABASE_URL: 'mysql://localhost/x' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.err).toMatch(/DATABASE_URL: must be a postgres:\/\//);
  });

  describe('on embedded PGlite (WHITE_CROSS_DATA_DIR)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wc-cli-'));
    const env = { WHITE_CROSS_DATA_DIR: dir };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('migrates, seeds once, refuses a second seed, rolls everything back', () => {
      const m = cli(['db', 'migrate'], env);
      expect(m.err).toContain(`PGlite at ${join(dir, 'server')}`);
      expect(m.out).toContain(`applied ${migrationCount} migration(s)`);
      expect(cli(['db', 'migrate'], env).out).toContain('already up to date');
      const s = cli(['seed-demo', '--students', '20', '--schools', '2', '--as-of', '2026-11-20'], env);
      expect(s.code, s.err).toBe(0);
      expect(s.out).toMatch(/seeded \d+ rows into \d+ tables \(seed 1, as of 2026-11-20\)/);
      const again = cli(['seed-demo', '--students', '20', '--as-of', '2026-11-20'], env);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/already holds a district/);
      const r = cli(['db', 'rollback', '--all'], env);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain(`rolled back ${migrationCount} migration(s)`);
      expect(
        cli(['db', 'status'], env)
          .out.trim()
          .split('\n')
          .every((l) => l.startsWith('pending')),
      ).toBe(true);
    }, 600_000); // six processes, each opening the on-disk PGlite database
  });

  const pgUrl = process.env.TEST_DATABASE_URL;
  describe.runIf(pgUrl)('on PostgreSQL (DATABASE_URL)', () => {
    it('db migrate creates every table of the manifest; db rollback --all removes them', async () => {
      const h = await openFreshPostgres(pgUrl ?? '');
      try {
        const url = h.url;
        const up = cli(['db', 'migrate'], { DATABASE_URL: url });
        expect(up.code, up.err).toBe(0);
        const tables = Object.keys(await introspectPostgres(h.db)).sort();
        expect(tables).toEqual(Object.keys(loadManifest().server).sort());
        const down = cli(['db', 'rollback', '--all'], { DATABASE_URL: url });
        expect(down.code, down.err).toBe(0);
        expect(Object.keys(await introspectPostgres(h.db))).toEqual([]);
      } finally {
        await h.close();
      }
    });
  });
});
