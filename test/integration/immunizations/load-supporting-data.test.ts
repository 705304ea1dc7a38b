import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  currentSupportingData,
  ensureSupportingData,
  loadSupportingDataCommand,
  readSupportingData,
  shippedSupportingDataDir,
  type LoadedSupportingData,
} from '../../../server-sync/immunizations';
import {
  supportingDataFileId,
  supportingDataReleaseId,
  SupportingDataError,
} from '../../../src-shared/immunizations/supporting-data';
import { serverTargets } from '../../support/db';

/**
 * CDC's CDSi supporting data in the district database: the server's start loads the shipped release when there is
 * none, `white-cross immunizations load-supporting-data DIR` stores a release and makes it current (one JSON line,
 * audited), the same files again write nothing, a corrupted copy is refused with every problem and nothing written,
 * a new release becomes current and the earlier one can be made current again; currentSupportingData rebuilds the
 * model from the stored texts (the shipped folder only while the database has none) and refuses tampered files.
 */
const SHIPPED = shippedSupportingDataDir();
const tmp = mkdtempSync(join(tmpdir(), 'wc-cdsi-load-'));

/** A copy of the shipped release named `version`, edited by `edit`. */
function copy(name: string, version: string, edit: (dir: string) => void = () => undefined): string {
  const dir = join(tmp, name, version);
  cpSync(SHIPPED, dir, { recursive: true });
  edit(dir);
  return dir;
}
const editFile = (dir: string, file: string, from: string, to: string) => {
  const f = join(dir, file);
  const text = readFileSync(f, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(f, text.replace(from, to));
};
const NEXT = copy('next', '4.65', (d) =>
  editFile(
    d,
    'AntigenSupportingData-HepA-508.xml',
    '<seriesAdminGuidance/>',
    '<seriesAdminGuidance>a note of 4.65</seriesAdminGuidance>',
  ),
);
const BROKEN = copy('broken', '4.65', (d) => {
  editFile(
    d,
    'AntigenSupportingData-Varicella-508.xml',
    '<doseNumber>Dose 2</doseNumber>',
    '<doseNumber>second</doseNumber>',
  );
  editFile(
    d,
    'AntigenSupportingData-Mumps-508.xml',
    '<doseNumber>Dose 2</doseNumber>',
    '<doseNumber>twice</doseNumber>',
  );
});
const LATER = copy('later', '4.66', (d) =>
  editFile(
    d,
    'AntigenSupportingData-Measles-508.xml',
    '<seriesAdminGuidance/>',
    '<seriesAdminGuidance>a note of 4.66</seriesAdminGuidance>',
  ),
);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(serverTargets())('CDSi supporting data in the district database on $name', (target) => {
  let h: ServerDbHandle;
  let shipped: LoadedSupportingData;
  const withDb = <T>(fn: (x: ServerDbHandle) => Promise<T>) => fn(h);
  const command = async (dir: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await loadSupportingDataCommand(dir, withDb, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { code, out, err };
  };
  const releases = () =>
    h.db
      .selectFrom('immunization_supporting_data_releases')
      .select(['id', 'version', 'checksum', 'file_count', 'is_current'])
      .orderBy('loaded_at')
      .orderBy('id')
      .execute();
  const fileCount = async () =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM immunization_supporting_data_files`.execute(h.db)
    ).rows[0]!.n;
  const audits = async () =>
    (
      await sql<{ status: string; version: string }>`
        SELECT details->>'status' AS status, details->>'version' AS version FROM audit_logs
        WHERE details->>'event' = 'immunization_supporting_data_load' ORDER BY chain_seq`.execute(h.db)
    ).rows;

  beforeAll(async () => {
    h = await target.open();
    await migrateServerToLatest(h.db);
    shipped = await readSupportingData();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('reads the shipped folder while the database has no release', async () => {
    const c = await currentSupportingData(h.db);
    expect(c).toMatchObject({ source: 'shipped folder', version: '4.64', checksum: shipped.checksum });
    expect(c.releaseId).toBeNull();
  });

  it("the server's start loads the shipped release once; the model is rebuilt from the stored texts", async () => {
    const r = await ensureSupportingData(h.db);
    expect(r).toMatchObject({
      status: 'loaded',
      version: '4.64',
      checksum: shipped.checksum,
      replaced: null,
    });
    expect(r?.files).toBe(shipped.files.length);
    expect(shipped.files.length).toBe(31);
    expect(await ensureSupportingData(h.db)).toBeNull();
    const rows = await releases();
    expect(rows).toEqual([
      { id: r!.releaseId, version: '4.64', checksum: shipped.checksum, file_count: 31, is_current: true },
    ]);
    expect(await fileCount()).toBe(31);
    expect(r!.releaseId).toBe(supportingDataReleaseId(shipped.checksum));
    const schedule = await h.db
      .selectFrom('immunization_supporting_data_files')
      .select(['id', 'release_id', 'content'])
      .where('file_name', '=', 'ScheduleSupportingData.xml')
      .executeTakeFirstOrThrow();
    expect(schedule).toEqual({
      id: supportingDataFileId(shipped.checksum, 'ScheduleSupportingData.xml'),
      release_id: r!.releaseId,
      content: shipped.contents.find((f) => f.name === 'ScheduleSupportingData.xml')!.text,
    });
    const c = await currentSupportingData(h.db);
    expect(c).toMatchObject({ source: 'database', releaseId: r!.releaseId, checksum: shipped.checksum });
    expect(c.data).toEqual(shipped.data);
    expect(Object.isFrozen(c.data.antigens)).toBe(true);
    expect(await currentSupportingData(h.db)).toBe(c); // kept by checksum: no second parse
    expect(await audits()).toEqual([{ status: 'loaded', version: '4.64' }]);
  });

  it('the same files again: "already loaded", no new row, no audit entry', async () => {
    const before = await releases();
    const r = await command(SHIPPED);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({
      status: 'already loaded',
      version: '4.64',
      checksum: shipped.checksum,
      files: 31,
      current: true,
      replaced: null,
    });
    expect(await releases()).toEqual(before);
    expect(await fileCount()).toBe(31);
    expect(await audits()).toHaveLength(1);
  });

  it('a corrupted copy: every problem printed, exit 1, nothing written', async () => {
    const before = await releases();
    const seqBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_changes`.execute(h.db);
    const r = await command(BROKEN);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err[0]).toBe(`CDC's CDSi supporting data in ${BROKEN} is not valid; nothing was loaded:`);
    expect(r.err).toContain(
      `  ${BROKEN}/AntigenSupportingData-Varicella-508.xml: /antigenSupportingData[1]/series[1]/seriesDose[2]/doseNumber[1]: "second" is not a dose number ("Dose 1")`,
    );
    expect(r.err).toContainEqual(
      expect.stringMatching(
        /^ {2}\/.+\/broken\/4\.65\/AntigenSupportingData-Mumps-508\.xml: .+: "twice" is not a dose number/,
      ),
    );
    expect(r.err).toHaveLength(3);
    expect(await releases()).toEqual(before);
    expect(await fileCount()).toBe(31);
    expect(await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_changes`.execute(h.db)).toEqual(
      seqBefore,
    );
    expect(await audits()).toHaveLength(1);
  });

  it('a new release becomes current, the old one stays stored; loading the old one again makes it current', async () => {
    const [old] = await releases();
    const r = await command(NEXT);
    expect(r.code, r.err.join('\n')).toBe(0);
    const next = JSON.parse(r.out[0]!) as {
      status: string;
      releaseId: string;
      version: string;
      checksum: string;
    };
    expect(next).toMatchObject({
      status: 'loaded',
      version: '4.65',
      files: 31,
      replaced: { releaseId: old!.id, version: '4.64' },
    });
    expect(next.checksum).not.toBe(shipped.checksum);
    expect((await releases()).map((x) => [x.version, x.is_current])).toEqual([
      ['4.64', false],
      ['4.65', true],
    ]);
    expect(await fileCount()).toBe(62);
    const c = await currentSupportingData(h.db);
    expect(c).toMatchObject({ source: 'database', version: '4.65', releaseId: next.releaseId });
    expect(JSON.stringify(c.data.antigens['HepA'])).toContain('a note of 4.65');
    // the pull meets the old release's flag cleared before the new one's set
    const flags = await sql<{ row_id: string; is_current: string }>`
      SELECT row_id, changed_columns->>'is_current' AS is_current FROM sync_changes
      WHERE table_name = 'immunization_supporting_data_releases' AND changed_columns ? 'is_current'
      ORDER BY server_seq`.execute(h.db);
    expect(flags.rows.slice(-2)).toEqual([
      { row_id: old!.id, is_current: 'false' },
      { row_id: next.releaseId, is_current: 'true' },
    ]);

    const back = await command(SHIPPED);
    expect(JSON.parse(back.out[0]!)).toMatchObject({
      status: 'made current',
      releaseId: old!.id,
      version: '4.64',
      replaced: { releaseId: next.releaseId, version: '4.65' },
    });
    expect((await releases()).map((x) => [x.version, x.is_current])).toEqual([
      ['4.65', false],
      ['4.64', true],
    ]);
    expect(await fileCount()).toBe(62);
    expect((await currentSupportingData(h.db)).releaseId).toBe(old!.id);
    expect(await audits()).toEqual([
      { status: 'loaded', version: '4.64' },
      { status: 'loaded', version: '4.65' },
      { status: 'made current', version: '4.64' },
    ]);
  }, 60_000);

  it('refuses a current release whose stored text was changed, naming the file', async () => {
    const r = await command(LATER);
    const later = JSON.parse(r.out[0]!) as { releaseId: string };
    await sql`UPDATE immunization_supporting_data_files SET content = replace(content, 'a note of 4.66', 'edited')
      WHERE release_id = ${later.releaseId} AND file_name = 'AntigenSupportingData-Measles-508.xml'`.execute(
      h.db,
    );
    const e = await currentSupportingData(h.db).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SupportingDataError);
    expect((e as SupportingDataError).problems).toEqual([
      expect.stringMatching(
        /^release 4\.66 \(.+\): AntigenSupportingData-Measles-508\.xml: its text does not have its recorded SHA-256$/,
      ),
      expect.stringMatching(/^release 4\.66 \(.+\): its files' checksum [0-9a-f]{64} is not the release's/),
    ]);
  }, 60_000);
});
