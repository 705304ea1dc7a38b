import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readSupportingData,
  shippedSupportingDataDir,
  supportingDataChecksum,
  versionOfDir,
} from '../../../server-sync/immunizations';
import { SupportingDataError } from '../../../src-shared/immunizations/supporting-data';

/**
 * Reading a release of CDC's CDSi supporting data from its folder (server-sync/immunizations/supporting-data.ts),
 * and `white-cross immunizations supporting-data [DIR]` run as the built command from another folder.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const SHIPPED = join(root, 'reference-data', 'cdsi', '4.64');
const bin = join(root, 'dist', 'white-cross.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'wc-cdsi-'));

/** A copy of the shipped release in tmp/<name>/<version>, changed by `edit`. */
function copy(name: string, version = '4.64', edit: (dir: string) => void = () => {}): string {
  const dir = join(tmp, name, version);
  mkdirSync(join(tmp, name), { recursive: true });
  cpSync(SHIPPED, dir, { recursive: true });
  edit(dir);
  return dir;
}

async function problemsOf(p: Promise<unknown>): Promise<readonly string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SupportingDataError) return e.problems;
    throw e;
  }
  throw new Error('expected a SupportingDataError');
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp, // the bundle must find reference-data beside dist/, not in the working directory
    env: { ...process.env, DATABASE_URL: undefined },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readSupportingData', () => {
  it('reads the shipped release: version from the folder name, checksum of the XML files read', async () => {
    const loaded = await readSupportingData();
    expect(loaded.dir).toBe(SHIPPED);
    expect(loaded.version).toBe('4.64');
    expect(loaded.versionFrom).toBe('directory name');
    expect(loaded.files).toHaveLength(31);
    expect(loaded.files).not.toContain('AntigenSupportingData.xsd');
    expect(loaded.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.data.version).toBe('4.64');
    expect(Object.keys(loaded.data.antigens)).toHaveLength(30);
    // CDC's own folder name carries the version too, and the same files give the same checksum
    const cdcNamed = copy('cdc', 'supporting-data-4.64');
    const again = await readSupportingData(cdcNamed);
    expect(again.version).toBe('4.64');
    expect(again.checksum).toBe(loaded.checksum);
  });

  it("the checksum depends on every file's name and content, not on their order", () => {
    const a = { name: 'a.xml', text: '<a/>' };
    const b = { name: 'b.xml', text: '<b/>' };
    expect(supportingDataChecksum([a, b])).toBe(supportingDataChecksum([b, a]));
    expect(supportingDataChecksum([a, b])).not.toBe(supportingDataChecksum([a, { ...b, text: '<b />' }]));
    expect(supportingDataChecksum([a, b])).not.toBe(supportingDataChecksum([a, { ...b, name: 'c.xml' }]));
    expect(supportingDataChecksum([a])).not.toBe(supportingDataChecksum([a, b]));
  });

  it('a changed file changes the checksum', async () => {
    const dir = copy('edited', '4.64', (d) => {
      const f = join(d, 'AntigenSupportingData-HepA-508.xml');
      writeFileSync(
        f,
        readFileSync(f, 'utf8').replace(
          '<seriesAdminGuidance/>',
          '<seriesAdminGuidance>a note</seriesAdminGuidance>',
        ),
      );
    });
    const [edited, shipped] = await Promise.all([readSupportingData(dir), readSupportingData(SHIPPED)]);
    expect(edited.checksum).not.toBe(shipped.checksum);
  });

  it('refuses a missing schedule, an antigen file missing, a malformed file, a folder without a version', async () => {
    const noSchedule = copy('no-schedule', '4.64', (d) => rmSync(join(d, 'ScheduleSupportingData.xml')));
    expect(await problemsOf(readSupportingData(noSchedule))).toEqual([
      `${noSchedule}/ScheduleSupportingData.xml: missing`,
    ]);

    const noMumps = copy('no-mumps', '4.64', (d) => rmSync(join(d, 'AntigenSupportingData-Mumps-508.xml')));
    expect(await problemsOf(readSupportingData(noMumps))).toContain(
      `${noMumps}/ScheduleSupportingData.xml: vaccineGroupToAntigenMap: antigen "Mumps" of group "MMR" has no antigen file (AntigenSupportingData-*.xml)`,
    );

    const malformed = copy('malformed', '4.64', (d) => {
      const f = join(d, 'AntigenSupportingData-Varicella-508.xml');
      writeFileSync(
        f,
        readFileSync(f, 'utf8').replace('<doseNumber>Dose 2</doseNumber>', '<doseNumber>second</doseNumber>'),
      );
    });
    expect(await problemsOf(readSupportingData(malformed))).toEqual([
      `${malformed}/AntigenSupportingData-Varicella-508.xml: /antigenSupportingData[1]/series[1]/seriesDose[2]/doseNumber[1]: "second" is not a dose number ("Dose 1")`,
    ]);

    const unnamed = copy('unnamed', 'latest');
    expect((await problemsOf(readSupportingData(unnamed)))[0]).toMatch(
      /the folder's name carries no version/,
    );
    expect(await problemsOf(readSupportingData(join(tmp, 'nowhere', '4.64')))).toEqual([
      expect.stringMatching(/nowhere\/4\.64: cannot be read/),
    ]);
  });

  it('the shipped folder is the highest version under reference-data/cdsi', () => {
    const releases = join(tmp, 'releases');
    for (const v of ['4.9', '4.64', '4.100-notes', 'README'])
      mkdirSync(join(releases, v), { recursive: true });
    mkdirSync(join(releases, '4.63'), { recursive: true });
    expect(shippedSupportingDataDir(releases)).toBe(join(releases, '4.64'));
    expect(shippedSupportingDataDir()).toBe(SHIPPED);
    expect(versionOfDir('/x/supporting-data-4.65')).toBe('4.65');
    expect(versionOfDir('/x/cdsi')).toBeNull();
    expect(() => shippedSupportingDataDir(join(tmp, 'empty'))).toThrow(SupportingDataError);
  });
});

describe('white-cross immunizations supporting-data', () => {
  it('prints one JSON line about the shipped release', async () => {
    const r = cli(['immunizations', 'supporting-data']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(2); // one line and its newline
    expect(lines[1]).toBe('');
    const json = JSON.parse(lines[0]!) as Record<string, unknown>;
    const loaded = await readSupportingData();
    expect(json).toEqual({
      version: '4.64',
      versionFrom: 'directory name',
      dir: SHIPPED,
      checksum: loaded.checksum,
      files: 31,
      antigens: { count: 30, names: Object.keys(loaded.data.antigens) },
      series: Object.values(loaded.data.antigens).reduce((n, a) => n + a.series.length, 0),
      vaccineGroups: loaded.data.schedule.vaccineGroups.map((g) => g.name),
      cvxCodes: loaded.data.schedule.cvxToAntigenMap.length,
      liveVirusConflicts: loaded.data.schedule.liveVirusConflicts.length,
      observations: loaded.data.schedule.observations.length,
    });
    expect(json['vaccineGroups']).toContain('DTaP/Tdap/Td');
    expect((json['antigens'] as { names: string[] }).names).toContain('HepB');
    expect(json['series']).toBeGreaterThan(100);
    expect(json['cvxCodes']).toBeGreaterThan(200);
  });

  it('reads another folder, and refuses a bad one naming the file and element (exit 1)', () => {
    const other = copy('cli-other', 'supporting-data-4.64');
    const ok = cli(['immunizations', 'supporting-data', other]);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ version: '4.64', dir: other });

    const bad = copy('cli-bad', '4.64', (d) => {
      const f = join(d, 'ScheduleSupportingData.xml');
      writeFileSync(
        f,
        readFileSync(f, 'utf8').replace(
          '<conflictEndInterval>28 days</conflictEndInterval>',
          '<conflictEndInterval>a month</conflictEndInterval>',
        ),
      );
    });
    const r = cli(['immunizations', 'supporting-data', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      `${bad}/ScheduleSupportingData.xml: /scheduleSupportingData[1]/liveVirusConflicts[1]/liveVirusConflict[1]/conflictEndInterval[1]: "a month" is not a CDSi duration`,
    );
  });
});

describe('white-cross immunizations load-supporting-data (the built command, a PGlite data folder)', () => {
  const dataDir = join(tmp, 'district-data');
  const load = (dir: string) => cli(['--data-dir', dataDir, 'immunizations', 'load-supporting-data', dir]);

  it('stores the release and prints one JSON line; the same files again are "already loaded"', async () => {
    const shipped = await readSupportingData();
    const first = load(SHIPPED);
    expect(first.code, first.err).toBe(0);
    const lines = first.out.split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      status: 'loaded',
      version: '4.64',
      checksum: shipped.checksum,
      files: 31,
      replaced: null,
      dir: SHIPPED,
      current: true,
    });
    const again = load(copy('cli-again', 'supporting-data-4.64'));
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ status: 'already loaded', checksum: shipped.checksum });
  }, 120_000);

  it('refuses a bad folder with every problem, exit 1, before opening the database', () => {
    const bad = copy('cli-load-bad', '4.65', (d) => {
      const f = join(d, 'ScheduleSupportingData.xml');
      writeFileSync(
        f,
        readFileSync(f, 'utf8').replace(
          '<conflictEndInterval>28 days</conflictEndInterval>',
          '<conflictEndInterval>a month</conflictEndInterval>',
        ),
      );
    });
    const r = cli(['--data-dir', join(tmp, 'never-opened'), 'immunizations', 'load-supporting-data', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain(`CDC's CDSi supporting data in ${bad} is not valid; nothing was loaded:`);
    expect(r.err).toContain('"a month" is not a CDSi duration');
    expect(existsSync(join(tmp, 'never-opened'))).toBe(false);
  });
});
