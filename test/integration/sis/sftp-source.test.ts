import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchRosterSftp, listSftp } from '../../../server-sync/sis/sources/sftp';
import { startSshd, type TestSshd } from '../../support/sshd';

const MANIFEST = 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\n';
const ORGS =
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nsch-1,active,,School 1,school,SC1,\n';
// a fixed time in the entries, so two zips of the same files are the same bytes
const mtime = new Date('2026-09-01T00:00:00');
const zip = (orgs = ORGS) =>
  Buffer.from(
    zipSync({ 'manifest.csv': [strToU8(MANIFEST), { mtime }], 'orgs.csv': [strToU8(orgs), { mtime }] }),
  );

describe('SFTP fetch of a OneRoster set from OpenSSH sshd on loopback', () => {
  let sshd: TestSshd;
  let local: string;
  const settings = (remotePath: string, o: { fingerprint?: string } = {}) => ({
    host: '127.0.0.1',
    port: sshd.port,
    username: sshd.username,
    remotePath,
    hostKeyFingerprint: o.fingerprint ?? sshd.hostFingerprint,
  });
  const creds = () => ({ privateKey: sshd.clientKey });

  beforeAll(async () => {
    sshd = await startSshd();
  }, 20_000);
  afterAll(async () => sshd?.stop());
  beforeEach(() => {
    local = mkdtempSync(join(tmpdir(), 'wc-sftp-local-'));
    return () => rmSync(local, { recursive: true, force: true });
  });

  it('fetches a zip by its path, byte for byte', async () => {
    const remote = join(sshd.root, 'roster-2026-09-01.zip');
    writeFileSync(remote, zip());
    const r = await fetchRosterSftp(settings(remote), creds(), local);
    expect(r).toMatchObject({ kind: 'zip', remotePath: remote, files: 1, bytes: zip().length });
    expect(readFileSync(r.localPath).equals(zip())).toBe(true);
  });

  it('fetches the newest zip of a drop directory', async () => {
    const drop = join(sshd.root, 'drop');
    mkdirSync(drop);
    writeFileSync(join(drop, 'old.zip'), zip(ORGS.replace('School 1', 'Old')));
    writeFileSync(join(drop, 'new.zip'), zip());
    writeFileSync(join(drop, 'notes.txt'), 'not a roster');
    utimesSync(join(drop, 'old.zip'), new Date('2026-08-01'), new Date('2026-08-01'));
    utimesSync(join(drop, 'new.zip'), new Date('2026-09-01'), new Date('2026-09-01'));
    const r = await fetchRosterSftp(settings(drop), creds(), local);
    expect(r.remotePath).toBe(`${drop}/new.zip`);
    expect(readFileSync(r.localPath).equals(zip())).toBe(true);
  });

  it('fetches the CSV files of a directory holding manifest.csv', async () => {
    const set = join(sshd.root, 'csv-set');
    mkdirSync(set);
    writeFileSync(join(set, 'manifest.csv'), MANIFEST);
    writeFileSync(join(set, 'orgs.csv'), ORGS);
    writeFileSync(join(set, 'readme.txt'), 'ignored');
    const r = await fetchRosterSftp(settings(set), creds(), local);
    expect(r.kind).toBe('dir');
    expect(readdirSync(r.localPath).sort()).toEqual(['manifest.csv', 'orgs.csv']);
    expect(readFileSync(join(r.localPath, 'orgs.csv'), 'utf8')).toBe(ORGS);
  });

  it('lists the remote path for "test connection"', async () => {
    const d = join(sshd.root, 'listed');
    mkdirSync(d);
    writeFileSync(join(d, 'a.zip'), zip());
    const l = await listSftp(settings(d), creds());
    expect(l).toEqual([expect.objectContaining({ name: 'a.zip', type: 'file', size: zip().length })]);
  });

  it('refuses a server whose host key is not the pinned one, naming both fingerprints', async () => {
    const pinned = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await expect(listSftp(settings(sshd.root, { fingerprint: pinned }), creds())).rejects.toThrow(
      `the server's host key is ${sshd.hostFingerprint}, not the pinned ${pinned}`,
    );
  });

  it('a key the server does not accept fails with the authentication error', async () => {
    await expect(listSftp(settings(sshd.root), { privateKey: sshd.strangerKey })).rejects.toThrow(
      /sftp:\/\/.*@127\.0\.0\.1:\d+: .*authentication/i,
    );
  });

  it('a missing path or a directory without a roster is named', async () => {
    await expect(fetchRosterSftp(settings(join(sshd.root, 'nope.zip')), creds(), local)).rejects.toThrow(
      'nope.zip: no such file or directory on the server',
    );
    const empty = join(sshd.root, 'empty');
    mkdirSync(empty);
    await expect(fetchRosterSftp(settings(empty), creds(), local)).rejects.toThrow(
      `${empty}: holds no OneRoster zip and no manifest.csv`,
    );
  });
});
