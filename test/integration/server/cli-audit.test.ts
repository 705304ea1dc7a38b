import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../server-sync/audit/writer';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { openFreshPostgres } from '../../support/db';

/**
 * Security finding 6 through the command line: `white-cross audit checkpoint`, `audit checkpoint-key`, and
 * `audit verify --checkpoint`, which catches the newest rows deleted (plain `audit verify` cannot) and refuses an
 * edited checkpoint; `serve` writes a checkpoint to its data folder.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wc-cli-audit-'));
const latest = join(dir, 'audit-checkpoint.json');
const env = { ...process.env, DATABASE_URL: undefined, NODE_ENV: undefined, WHITE_CROSS_DATA_DIR: dir };
const pgUrl = process.env.TEST_DATABASE_URL;
let pg: (ServerDbHandle & { url: string }) | undefined;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: pg ? { ...env, DATABASE_URL: pg.url } : env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDir<T>(fn: (h: ServerDbHandle) => Promise<T>): Promise<T> {
  if (pg) return fn(pg);
  const h = await openServerDb({ pgliteDir: join(dir, 'server') });
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

const appendRows = (n: number) =>
  withDir((h) =>
    h.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        ...Array.from({ length: n }, (_, i) => ({
          action: 'ADMIN' as const,
          userId: null,
          deviceId: null,
          schoolId: null,
          tableName: null,
          recordId: `r${i}`,
          ip: null,
          userAgent: null,
          details: { i },
          at: new Date(),
        })),
      ),
    ),
  );

/** `white-cross serve` until it listens, then SIGTERM (it checkpoints on start and on close). */
function serveOnce(): Promise<{ out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'serve'], {
      cwd: root,
      env: { ...(pg ? { ...env, DATABASE_URL: pg.url } : env), PORT: '0', LOG_LEVEL: 'info' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (/listening on/.test(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', () => resolve({ out, err }));
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

describe(`white-cross audit checkpoints (${pgUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('serve makes the signing key and checkpoints the head of the chain into its data folder', async () => {
    expect(cli(['db', 'migrate']).code).toBe(0);
    await appendRows(10);
    const r = await serveOnce();
    expect(r.err).toMatch(/audit checkpoints are signed with .*audit-checkpoint-key\.pem \(made now\)/);
    expect(r.out).toMatch(/"msg":"audit checkpoint"/);
    expect(existsSync(join(dir, 'audit-checkpoint-key.pem'))).toBe(true);
    // the ten rows, and serve's loads of the shipped medication-safety reference, CDC's CDSi supporting data and the
    // school-entry requirements (one audit row each)
    expect(JSON.parse(readFileSync(latest, 'utf8'))).toMatchObject({ chainSeq: 13, rowCount: 13 });
  });

  it('checkpoint-key prints the public key an auditor keeps; verify --checkpoint checks the head is still there', async () => {
    const key = cli(['audit', 'checkpoint-key']);
    expect(key.code, key.err).toBe(0);
    expect(key.out).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(key.err).toMatch(/key id ed25519:[0-9a-f]{32}/);
    writeFileSync(join(dir, 'auditor.pem'), key.out);
    await appendRows(5);
    const ok = cli(['audit', 'verify', '--checkpoint', latest, '--public-key', join(dir, 'auditor.pem')]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(
      /audit chain intact: 18 row\(s\), .*; the checkpoint of .* \(chain_seq 13, 13 row\(s\)\) is in it/,
    );
    const on = cli(['audit', 'checkpoint', '--out', join(dir, 'copy.json')]);
    expect(on.code, on.err).toBe(0);
    expect(on.out).toMatch(
      /audit checkpoint written to .*copy\.json: chain_seq 18, row_hash [0-9a-f]{64}, 18 row\(s\), signed by ed25519:/,
    );
  });

  it('catches the newest rows deleted, which plain verify calls intact, and will not checkpoint over them', async () => {
    await withDir((h) =>
      h.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`DELETE FROM audit_logs WHERE chain_seq > 8`.execute(trx);
      }),
    );
    const plain = cli(['audit', 'verify']);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/audit chain intact: 8 row\(s\)/);
    const cut = cli(['audit', 'verify', '--checkpoint', join(dir, 'copy.json')]);
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(
      /audit chain NOT INTACT: audit rows were removed: the checkpoint of .* names row 18 .*, but the chain now ends at row 8: rows 9\.\.18 \(10 row\(s\), and any written after the checkpoint\) are missing/,
    );
    const again = cli(['audit', 'checkpoint']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/audit chain NOT INTACT: audit rows were removed: .*: no checkpoint written/);
  });

  it('refuses an edited or forged checkpoint', () => {
    const cp = JSON.parse(readFileSync(latest, 'utf8')) as { chainSeq: number; rowCount: number };
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...cp, chainSeq: 8, rowCount: 8 }));
    const r = cli(['audit', 'verify', '--checkpoint', edited]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /audit checkpoint .*edited\.json REFUSED: the signature does not match: the checkpoint was edited or forged/,
    );
    writeFileSync(edited, '{"hello": "world"}');
    expect(cli(['audit', 'verify', '--checkpoint', edited]).err).toMatch(/REFUSED: not an audit checkpoint/);
  });

  it('--data-dir on an npm start folder: the demo district’s key and checkpoint, not WHITE_CROSS_DATA_DIR’s', () => {
    const start = mkdtempSync(join(tmpdir(), 'wc-cli-audit-start-'));
    try {
      writeFileSync(join(start, 'launcher.json'), '{}\n'); // what npm start leaves in its data folder
      const district = join(start, 'demo-district');
      const at = (args: string[]) => cli(['--data-dir', start, ...args]);
      expect(at(['db', 'migrate']).code).toBe(0);
      const made = at(['audit', 'checkpoint']);
      expect(made.code, made.err).toBe(0);
      expect(made.out).toContain(join(district, 'audit-checkpoint.json'));
      expect(existsSync(join(district, 'audit-checkpoint-key.pem'))).toBe(true);
      const ok = at(['audit', 'verify', '--checkpoint', join(district, 'audit-checkpoint.json')]);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toMatch(/audit chain (intact|empty)|the checkpoint of/);
      const key = at(['audit', 'checkpoint-key']);
      expect(key.code).toBe(0);
      expect(key.err).toContain(join(district, 'audit-checkpoint-key.pem'));
    } finally {
      rmSync(start, { recursive: true, force: true });
    }
  });
});
