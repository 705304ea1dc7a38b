import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server/index';
import { cliDatabase } from '../../server-sync/db/target';
import { appDataDir } from '../../src-shared/demo/data-dir';

/**
 * Which database `white-cross` works on (server-sync/db/target.ts), with the CLI bundle: after `npm start` it finds
 * the demo district's database in npm start's data folder; every db/audit/user command says which database, why,
 * and how to point it elsewhere; a PGlite database open in another process is refused, never opened twice.
 */

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const migrationCount = Object.keys(serverMigrations).length;
const tmp = mkdtempSync(join(tmpdir(), 'wc-cli-db-'));
const xdg = join(tmp, 'xdg'); // the platform's app-data folder (Linux: XDG_DATA_HOME)
const startData = join(xdg, 'white-cross'); // npm start's default data folder
const demoDb = join(startData, 'demo-district', 'server');
const elsewhere = join(tmp, 'cwd'); // a folder without ./data
mkdirSync(elsewhere);

const baseEnv = {
  ...process.env,
  DATABASE_URL: undefined,
  WHITE_CROSS_DATA_DIR: undefined,
  NODE_ENV: undefined,
  JWT_SECRET: undefined,
  XDG_DATA_HOME: xdg,
};
function cli(args: string[], o: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: o.cwd ?? elsewhere,
    env: { ...baseEnv, ...o.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const HINT =
  /another database: --data-dir DIR or WHITE_CROSS_DATA_DIR=DIR .* or DATABASE_URL=postgres:\/\/\.\.\. \(PostgreSQL\)/;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
  // what npm start leaves: launcher.json and the demo district's migrated PGlite database
  mkdirSync(startData, { recursive: true });
  writeFileSync(join(startData, 'launcher.json'), '{}');
  const m = cli(['--data-dir', join(startData, 'demo-district'), 'db', 'migrate']);
  expect(m.code, m.err).toBe(0);
  expect(m.out).toContain(`applied ${migrationCount} migration(s)`);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('white-cross finds the demo district of npm start', () => {
  it('db status with nothing set: the demo district, said plainly, every migration applied', () => {
    const r = cli(['db', 'status']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      `database: PGlite at ${demoDb} (the demo district of npm start, found in its data folder ${startData}; there is no ./data/server)`,
    );
    expect(r.err).toMatch(HINT);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(migrationCount);
    expect(lines.every((l) => l.startsWith('applied'))).toBe(true);
  }, 120_000);

  it('--data-dir or WHITE_CROSS_DATA_DIR naming npm start’s data folder: its demo district; audit and user commands say it too', () => {
    const flag = cli(['audit', 'verify', '--data-dir', startData], {
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(flag.code, flag.err).toBe(0);
    expect(flag.err).toContain(
      `database: PGlite at ${demoDb} (from --data-dir: the demo district of the npm start data folder ${startData}; DATABASE_URL is ignored)`,
    );
    expect(flag.err).toMatch(HINT);
    expect(flag.out).toMatch(/audit chain/);

    const env = cli(['user', 'create', '--email', 'x@example.org', '--role', 'NURSE', '--password-stdin'], {
      env: { WHITE_CROSS_DATA_DIR: startData },
    });
    expect(env.err).toContain(
      `database: PGlite at ${demoDb} (from WHITE_CROSS_DATA_DIR: the demo district of the npm start data folder ${startData})`,
    );
    expect(env.err).toMatch(HINT);
  }, 120_000);

  it('./data/server, when it exists, stays the default (npm run server, db:migrate)', () => {
    const project = join(tmp, 'project');
    mkdirSync(join(project, 'data', 'server'), { recursive: true });
    const r = cli(['db', 'status'], { cwd: project });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      `database: PGlite at ${join(project, 'data', 'server')} (the default ./data/server)`,
    );
    expect(
      r.out
        .trim()
        .split('\n')
        .every((l) => l.startsWith('pending')),
    ).toBe(true);
  }, 120_000);

  it('refuses a PGlite database another process has open (the demo server of a running npm start)', async () => {
    const serve = spawn(process.execPath, [bin, 'serve'], {
      cwd: elsewhere,
      env: {
        ...baseEnv,
        WHITE_CROSS_DATA_DIR: join(startData, 'demo-district'),
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
    });
    let out = '';
    serve.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise((r) => serve.once('exit', r));
    try {
      for (let i = 0; i < 600 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/listening on/);
      const r = cli(['db', 'status']);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`database: PGlite at ${demoDb} (the demo district of npm start`);
      expect(r.err).toContain(`the database at ${demoDb} is open in another process (pid ${serve.pid})`);
      expect(r.err).toMatch(/Stop it first \(npm start: Ctrl\+C; white-cross serve\)/);
    } finally {
      serve.kill('SIGKILL'); // its lock stays behind, stale
      await exited;
    }
    const after = cli(['db', 'status']);
    expect(after.code, after.err).toBe(0);
    expect(after.out).toMatch(/^applied/);
  }, 180_000);
});

describe('the choice (server-sync/db/target.ts)', () => {
  const empty = join(tmp, 'empty-cwd');
  mkdirSync(empty, { recursive: true });
  const choose = (env: Record<string, string | undefined>, flag?: string) =>
    cliDatabase({
      env: { XDG_DATA_HOME: xdg, ...env },
      dataDirFlag: flag,
      cwd: empty,
      platform: 'linux',
      home: tmp,
    });

  it('flag > DATABASE_URL > WHITE_CROSS_DATA_DIR > ./data/server > npm start’s demo district > a new ./data/server', () => {
    const url = 'postgres://u@127.0.0.1/db';
    expect(choose({ DATABASE_URL: url }, join(tmp, 'x')).pgliteDir).toBe(join(tmp, 'x', 'server'));
    expect(choose({ DATABASE_URL: url, WHITE_CROSS_DATA_DIR: join(tmp, 'y') })).toEqual({
      databaseUrl: url,
      why: 'from DATABASE_URL',
    });
    expect(choose({ WHITE_CROSS_DATA_DIR: join(tmp, 'y') }).pgliteDir).toBe(join(tmp, 'y', 'server'));
    expect(choose({}).pgliteDir).toBe(demoDb);
    const none = choose({ XDG_DATA_HOME: join(tmp, 'nothing-here') });
    expect(none.pgliteDir).toBe(join(empty, 'data', 'server'));
    expect(none.why).toBe(
      `the default ./data/server, new; no demo district of npm start in ${join(tmp, 'nothing-here', 'white-cross')} either`,
    );
  });

  it('npm start’s data folder is the platform’s app-data folder (one definition for the launcher and the CLI)', () => {
    expect(appDataDir({ env: {}, platform: 'linux', home: '/home/n' })).toBe(
      '/home/n/.local/share/white-cross',
    );
    expect(appDataDir({ env: { XDG_DATA_HOME: '/x/' }, platform: 'linux', home: '/home/n' })).toBe(
      '/x/white-cross',
    );
    expect(appDataDir({ env: {}, platform: 'darwin', home: '/Users/n' })).toBe(
      '/Users/n/Library/Application Support/White Cross',
    );
    expect(
      appDataDir({
        env: { APPDATA: 'C:\\Users\\n\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\n',
      }),
    ).toBe('C:\\Users\\n\\AppData\\Roaming\\White Cross');
    expect(appDataDir({ env: { WHITE_CROSS_DATA_DIR: 'mine' }, platform: 'linux', home: '/h' })).toBe('mine');
  });
});
