import {
  existsSync,
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
import { beforeEach, describe, expect, it } from 'vitest';
import { claimZip, finishZip, hasZipEnd, readyZips } from '../../../server-sync/sis/sources/watched-folder';

const zip = (comment = 'x') =>
  Buffer.from(zipSync({ 'manifest.csv': strToU8('propertyName,value\n'), 'orgs.csv': strToU8(comment) }));

describe('watched folder', () => {
  let dir: string;
  const now = new Date('2026-10-01T12:00:00Z');
  const old = new Date('2026-10-01T11:58:00Z');
  const drop = (name: string, data: Buffer, at = old) => {
    writeFileSync(join(dir, name), data);
    utimesSync(join(dir, name), at, at);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wc-watch-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  it('offers complete, settled zips only, oldest first', () => {
    drop('b.zip', zip('b'));
    drop('a.zip', zip('a'), new Date('2026-10-01T11:50:00Z'));
    drop('fresh.zip', zip(), new Date(now.getTime() - 3000)); // still within the settle time
    const whole = zip('partial');
    drop('half.zip', whole.subarray(0, whole.length - 10)); // being written: no end record yet
    drop('upload.zip.part', whole);
    drop('.hidden.zip', whole);
    drop('notes.txt', Buffer.from('hello'));
    expect(readyZips({ path: dir }, now).map((z) => z.name)).toEqual(['a.zip', 'b.zip']);
    expect(readyZips({ path: dir, settleSeconds: 1 }, now).map((z) => z.name)).toEqual([
      'a.zip',
      'b.zip',
      'fresh.zip',
    ]);
    expect(hasZipEnd(join(dir, 'half.zip'))).toBe(false);
  });

  it('a zip is taken once, then moved to processed/ or failed/ with the reason', () => {
    drop('roster.zip', zip());
    drop('bad.zip', zip('bad'));
    const c = claimZip({ path: dir }, 'roster.zip');
    expect(c).not.toBeNull();
    expect(claimZip({ path: dir }, 'roster.zip')).toBeNull(); // a second server, or a second run
    expect(readyZips({ path: dir }, now).map((z) => z.name)).toEqual(['bad.zip']);
    if (!c) throw new Error('claimed');
    const done = finishZip(c, { ok: true }, now);
    expect(done).toBe(join(dir, 'processed', '20261001T120000Z-roster.zip'));
    const b = claimZip({ path: dir }, 'bad.zip');
    if (!b) throw new Error('claimed');
    const failed = finishZip(b, { ok: false, reason: 'orgs.csv line 2: field type: unknown' }, now);
    expect(readFileSync(`${failed}.error.txt`, 'utf8')).toBe('orgs.csv line 2: field type: unknown\n');
    expect(readdirSync(join(dir, 'processing'))).toEqual([]);
    expect(readyZips({ path: dir }, now)).toEqual([]);
  });

  it('names a missing folder, and refuses a name that is not a file of the folder', () => {
    expect(() => readyZips({ path: join(dir, 'nope') }, now)).toThrow(
      `watched folder ${join(dir, 'nope')}: does not exist`,
    );
    expect(() => claimZip({ path: dir }, '../etc/passwd')).toThrow('is not a file name of the folder');
    expect(existsSync(join(dir, 'processing'))).toBe(false);
  });
});
