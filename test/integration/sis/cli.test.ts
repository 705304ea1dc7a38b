import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../../server-sync/db/connect';
import { rosterFiles, student, type RosterSet } from '../../support/oneroster';

/** `white-cross sis import` on the built CLI (dist/white-cross.mjs), against a PGlite data folder. */

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('white-cross sis import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-sis-cli-'));
  const data = join(dir, 'data');
  const roster = join(dir, 'roster');
  const set: RosterSet = {
    orgs: [{ sourcedId: 'org-a', name: 'Alpha', identifier: 'A' }],
    students: [
      student(1, 'org-a'),
      student(2, 'org-a', { birthDate: '15/06/2023' }),
      student(3, 'org-a', { grades: 'KG' }),
    ],
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
    mkdirSync(roster);
    for (const [name, text] of rosterFiles(set)) writeFileSync(join(roster, name), text);
    expect(cli(['--data-dir', data, 'db', 'migrate']).code).toBe(0);
    const h = await openServerDb({ pgliteDir: join(data, 'server') });
    await h.db.insertInto('districts').values({ id: 'd1', name: 'District', state_code: 'NJ' }).execute();
    await h.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the counts and the rejected records as JSON, plans on --dry-run, and changes nothing the second time', () => {
    const dry = cli(['--data-dir', data, 'sis', 'import', roster, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ read: 3, created: 2, dryRun: true, jobId: null });
    const first = cli(['--data-dir', data, 'sis', 'import', roster]);
    expect(first.code, first.err).toBe(0);
    const r = JSON.parse(first.out) as Record<string, unknown>;
    expect(r).toMatchObject({ read: 3, created: 2, updated: 0, transferred: 0, withdrawn: 0, unchanged: 0 });
    expect(r.errors).toEqual([
      {
        file: 'demographics.csv',
        line: 3,
        sourcedId: 'stu-2',
        field: 'birthDate',
        reason: 'bad date "15/06/2023": expected yyyy-MM-dd',
      },
    ]);
    const again = JSON.parse(cli(['--data-dir', data, 'sis', 'import', roster]).out) as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({ read: 3, created: 0, updated: 0, unchanged: 2 });
  });

  it('says what is wrong with the path or the configuration', () => {
    const missing = cli(['--data-dir', data, 'sis', 'import', join(dir, 'nope.zip')]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('nope.zip: no such file or directory');
    const config = cli(['--data-dir', data, 'sis', 'import', roster, '--config', 'no-such']);
    expect(config.code).not.toBe(0);
    expect(config.err).toContain('no SIS configuration no-such in the district');
  });
});
