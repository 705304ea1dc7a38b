import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import { parseHl7, readMsh, readRxa, segmentsNamed } from '../../../src-shared/registry';
import { HL7_DIR, HL7_SKIP_REASON } from '../../support/hl7-conformance';
import { startLoopbackRegistry, type LoopbackRegistry } from '../../support/loopback-registry';
import { giveDose, makeRegistryDistrict } from './fixture';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wc-registry-cli-'));

/** The built CLI, run asynchronously (the loopback registry answers from this process). */
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const base: Record<string, string | undefined> = { ...process.env, ...env };
    delete base.DATABASE_URL;
    delete base.WHITE_CROSS_DATA_DIR;
    const p = spawn(process.execPath, [bin, ...args], { cwd: root, env: base });
    let out = '';
    let err = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

if (!HL7_DIR) console.warn(`skipping the registry CLI tests: ${HL7_SKIP_REASON}`);

describe.skipIf(!HL7_DIR)('white-cross registry (built CLI)', () => {
  let reg: LoopbackRegistry;
  let good = '';
  let held = '';
  let kek = '';
  const dataDir = join(dir, 'data');
  const caFile = join(dir, 'ca.pem');

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
    reg = await startLoopbackRegistry();
    writeFileSync(caFile, reg.pki.caPem);
    const h = await openServerDb({ pgliteDir: join(dataDir, 'server') });
    try {
      await migrateServerToLatest(h.db);
      const at = new Date();
      const d = await makeRegistryDistrict(h.db, reg, at);
      kek = d.kek.toString('base64');
      good = await giveDose(h.db, d, at);
      held = await giveDose(h.db, d, at, { lot_number: null });
    } finally {
      await h.close();
    }
  }, 180_000);
  afterAll(async () => {
    await reg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('parse prints a conformance ACK as JSON with each ERR in plain words', async () => {
    const r = await cli(['registry', 'parse', join(HL7_DIR ?? '', '51_ACK_V04.hl7')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      ok: boolean;
      messageType: string;
      segments: { name: string; fields: Record<string, unknown> }[];
      acknowledgement: { code: string; issues: { fieldName: string; plain: string }[] };
    };
    expect(j.ok).toBe(true);
    expect(j.messageType).toBe('ACK^V04^ACK');
    expect(j.segments.map((s) => s.name)).toEqual(['MSH', 'MSA', 'ERR', 'ERR', 'ERR']);
    expect(j.segments[1]?.fields['MSA-1']).toBe('AE');
    expect(j.acknowledgement.code).toBe('AE');
    expect(j.acknowledgement.issues.map((i) => i.fieldName)).toEqual(['RXA-5', 'RXA-5', 'RXA']);
  });

  it('parse reports what is not HL7 with its location, exit code 1', async () => {
    const bad = join(dir, 'bad.hl7');
    writeFileSync(bad, 'PID|1||x\r');
    const r = await cli(['registry', 'parse', bad]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      ok: false,
      errors: [
        { location: 'segment 1', message: "a message starts with MSH (or FHS/BHS for a batch), got 'PID'" },
      ],
    });
  });

  it('vxu prints the VXU of a dose from the database; a dose without its lot is refused with the reason', async () => {
    const r = await cli(['registry', 'vxu', '--vaccination', good, '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    const m = parseHl7(r.out);
    expect(m.segments.map((s) => s.name)).toEqual([
      'MSH',
      'PID',
      'PD1',
      'NK1',
      'ORC',
      'RXA',
      'RXR',
      'OBX',
      'OBX',
      'OBX',
      'OBX',
    ]);
    const msh = readMsh(m.segments[0]!);
    expect(msh).toMatchObject({
      sendingFacility: 'NJ000123',
      receivingApplication: 'NJIIS',
      receivingFacility: 'NJDOH',
    });
    expect(readRxa(segmentsNamed(m, 'RXA')[0]!).lotNumbers).toEqual(['UT1234']);
    const again = await cli(['registry', 'vxu', '--vaccination', good, '--data-dir', dataDir, '--raw']);
    expect(readMsh(parseHl7(again.out).segments[0]!).controlId).not.toBe(msh.controlId);
    expect(again.out.includes('\n')).toBe(false);
    const h = await cli(['registry', 'vxu', '--vaccination', held, '--data-dir', dataDir]);
    expect(h.code).toBe(1);
    expect(h.err).toMatch(/held back, not sent:\n {2}RXA-15: a dose given here needs its lot number/);
    const none = await cli(['registry', 'vxu', '--vaccination', 'nope', '--data-dir', dataDir]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/vaccination nope does not exist/);
  }, 60_000);

  it('test-connection runs connectivityTest with the stored credentials; credentials replaces them', async () => {
    const env = { WHITE_CROSS_KEK: kek, NODE_EXTRA_CA_CERTS: caFile };
    const ok = await cli(['registry', 'test-connection', '--data-dir', dataDir], env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/connected\. The registry answered: End-point is ready/);
    reg.mode = { kind: 'down' };
    const down = await cli(['registry', 'test-connection', '--data-dir', dataDir], env);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/not connected\. NETWORK/);
    reg.mode = { kind: 'accept' };

    const pw = join(dir, 'pw.txt');
    writeFileSync(pw, 'a-new-password\n');
    const cert = join(dir, 'client.pem');
    const key = join(dir, 'client.key');
    writeFileSync(cert, reg.pki.clientCertPem);
    writeFileSync(key, reg.pki.clientKeyPem);
    const stored = await cli(
      [
        'registry',
        'credentials',
        '--username',
        'someone',
        '--password-file',
        pw,
        '--cert',
        cert,
        '--key',
        key,
        '--data-dir',
        dataDir,
      ],
      env,
    );
    expect(stored.code).toBe(0);
    expect(stored.out).toMatch(/client certificate CN=Test District, issued by CN=Loopback IIS test CA/);
    const wrongKey = await cli(
      [
        'registry',
        'credentials',
        '--username',
        'x',
        '--password-file',
        pw,
        '--cert',
        cert,
        '--key',
        join(dir, 'pw.txt'),
        '--data-dir',
        dataDir,
      ],
      env,
    );
    expect(wrongKey.code).not.toBe(0);
    expect(wrongKey.err).toMatch(/not an unencrypted PEM RSA key/);
  }, 60_000);
});
