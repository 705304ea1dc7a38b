import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb, type ServerDbHandle } from '../../../server-sync/db/connect';
import { openFreshPostgres } from '../../support/db';
import { pdfFonts, pdfInfo, pdfPages, pdfSig, pdfToPng, preflight, qpdfCheck } from '../../support/pdf-tools';

/**
 * The district reports from the command line on the demo district (PGlite, and PostgreSQL when TEST_DATABASE_URL
 * is set): `report list`, `reports keygen`, `report run` of each report, read back with poppler, qpdf and PDFBox.
 * The expected names and numbers come from the database by queries of this test.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const FROM = '2026-08-01';
const TO = '2026-11-20';

interface Target {
  readonly name: string;
  env: Record<string, string | undefined>;
  open(): Promise<ServerDbHandle>;
  close(): Promise<void>;
}

function cli(args: string[], env: Record<string, string | undefined>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined, ...env },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const targets: (() => Promise<Target>)[] = [
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'wc-reports-cli-'));
    return Promise.resolve({
      name: 'pglite',
      env: { WHITE_CROSS_DATA_DIR: dir },
      open: () => openServerDb({ pgliteDir: join(dir, 'server') }),
      close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl)
  targets.push(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wc-reports-cli-pg-'));
    const h = await openFreshPostgres(pgUrl);
    const url = h.url;
    return {
      name: 'postgres',
      env: { DATABASE_URL: url, WHITE_CROSS_DATA_DIR: dir },
      open: () => openServerDb({ databaseUrl: url }),
      close: async () => {
        await h.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
}, 300_000);

describe('report list', () => {
  it('prints the district reports as JSON with their parameters', () => {
    const r = cli(['report', 'list'], {});
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as {
      name: string;
      title: string;
      parameters: { name: string; type: string; required: boolean }[];
    }[];
    expect(list.map((x) => x.name)).toEqual([
      'visit-analytics',
      'medication-summary',
      'outbreak-line-list',
      'immunization-compliance',
      'audit',
    ]);
    for (const x of list) {
      // the immunization-compliance report is of a school's newest snapshot: a school, no date range
      if (x.name === 'immunization-compliance') {
        expect(x.parameters).toEqual([{ name: 'schoolId', type: 'school', required: true }]);
        continue;
      }
      expect(Object.keys(x)).toEqual(['name', 'title', 'parameters']);
      for (const p of x.parameters) expect(Object.keys(p)).toEqual(['name', 'type', 'required']);
      expect(x.parameters.find((p) => p.name === 'from')).toEqual({
        name: 'from',
        type: 'date',
        required: true,
      });
    }
  });
});

describe.each(targets.map((t, i) => [i === 0 ? 'pglite' : 'postgres', t] as const))(
  'district reports from the CLI on the demo district (%s)',
  (_name, make) => {
    let t: Target;
    /** The database between CLI runs (PGlite's folder is locked while open: opened and closed around each use). */
    const withDb = async <T>(fn: (h: ServerDbHandle) => Promise<T>): Promise<T> => {
      const h = await t.open();
      try {
        return await fn(h);
      } finally {
        await h.close();
      }
    };
    const out = mkdtempSync(join(tmpdir(), 'wc-reports-out-'));
    const run = (name: string, params: Record<string, string>, file: string) =>
      cli(
        [
          'report',
          'run',
          name,
          ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]),
          '--out',
          join(out, file),
        ],
        t.env,
      );

    beforeAll(async () => {
      t = await make();
      const seeded = cli(
        ['seed-demo', '--students', '300', '--years', '1', '--schools', '3', '--as-of', '2026-11-20'],
        t.env,
      );
      expect(seeded.code, seeded.err).toBe(0);
      const kg = cli(['reports', 'keygen', '--name', 'Fox Run Reports'], t.env);
      expect(kg.code, kg.err).toBe(0);
      expect(kg.out).toMatch(/certificate SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    }, 900_000);
    afterAll(async () => {
      await t?.close();
      rmSync(out, { recursive: true, force: true });
    });

    const check = (file: string, name: string) => {
      const path = join(out, file);
      expect(qpdfCheck(path).ok).toBe(true);
      const fonts = pdfFonts(path);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f.embedded && f.subset, f.name).toBe(true);
      expect(pdfSig(path).valid).toBe(true);
      expect(pdfToPng(path, `district-${name}-${t.name}`).length).toBeGreaterThan(0);
      return path;
    };

    it('visit analytics: every school with its visits, sent home and class time missed from the data', async () => {
      const r = run('visit-analytics', { from: FROM, to: TO }, 'va.pdf');
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ signed: true });
      const path = check('va.pdf', 'visit-analytics');
      const expected = await withDb((h) =>
        sql<{ name: string; visits: number; sent: number; minutes: number }>`
        SELECT s.name, count(DISTINCT v.id)::int AS visits, count(DISTINCT v.id) FILTER (WHERE v.sent_home)::int AS sent,
               coalesce(sum(c.minutes_missed), 0)::int AS minutes
        FROM schools s JOIN districts d ON d.id = s.district_id
        JOIN clinic_visits v ON v.school_id = s.id AND v.deleted_at IS NULL
          AND (v.arrival_time AT TIME ZONE coalesce(s.timezone, d.timezone))::date BETWEEN ${FROM}::date AND ${TO}::date
        LEFT JOIN class_time_missed c ON c.clinic_visit_id = v.id AND c.deleted_at IS NULL
        GROUP BY s.name ORDER BY s.name`.execute(h.db),
      );
      expect(expected.rows.length).toBe(3);
      const text = pdfPages(path).join('\n');
      for (const s of expected.rows) {
        expect(s.visits).toBeGreaterThan(0);
        const line = text.split('\n').find((l) => l.trim().startsWith(s.name) && /\d+\.\d%/.test(l));
        expect(line, s.name).toBeDefined();
        const nums = (line ?? '').replace(s.name, '').trim().split(/\s+/);
        expect([nums[0], nums[1], nums[4]].map(Number)).toEqual([s.visits, s.sent, s.minutes]);
      }
      const total = expected.rows.reduce((a, s) => a + s.visits, 0);
      expect(text).toMatch(new RegExp(`Clinic visits\\s+${total}\\b`));
    });

    it('medication summary: doses given, missed and refused per school from the data', async () => {
      const r = run('medication-summary', { from: FROM, to: TO }, 'med.pdf');
      expect(r.code, r.err).toBe(0);
      const path = check('med.pdf', 'medication-summary');
      const expected = await withDb((h) =>
        sql<{ name: string; given: number; missed: number; refused: number; total: number }>`
        SELECT s.name, count(*) FILTER (WHERE a.administration_status = 'GIVEN')::int AS given,
               count(*) FILTER (WHERE a.administration_status = 'MISSED')::int AS missed,
               count(*) FILTER (WHERE a.administration_status = 'REFUSED')::int AS refused, count(*)::int AS total
        FROM medication_administrations a JOIN schools s ON s.id = a.school_id JOIN districts d ON d.id = s.district_id
        WHERE a.deleted_at IS NULL AND a.voided_at IS NULL
          AND (coalesce(a.administered_at, a.scheduled_for, a.created_at) AT TIME ZONE coalesce(s.timezone, d.timezone))::date
              BETWEEN ${FROM}::date AND ${TO}::date
        GROUP BY s.name ORDER BY s.name`.execute(h.db),
      );
      const lines = pdfPages(path).join('\n').split('\n');
      for (const s of expected.rows) {
        const line = lines.find((l) => l.trim().startsWith(s.name) && /%\s*$/.test(l));
        const nums = (line ?? '')
          .replace(s.name, '')
          .trim()
          .split(/\s+/)
          .map((x) => Number(x.replace('%', '')));
        expect([nums[0], nums[1], nums[2], nums[5]], s.name).toEqual([s.given, s.missed, s.refused, s.total]);
      }
    });

    it('outbreak line list: every case row is printed once across the page breaks, with the curve', async () => {
      const r = run('outbreak-line-list', { from: FROM, to: TO }, 'ob.pdf');
      expect(r.code, r.err).toBe(0);
      const path = check('ob.pdf', 'outbreak-line-list');
      const cases = await withDb((h) =>
        sql<{ student_number: string; last_name: string }>`
        SELECT st.student_number, st.last_name FROM outbreak_alerts a
        JOIN schools s ON s.id = a.school_id JOIN districts d ON d.id = s.district_id
        JOIN outbreak_case_clusters k ON k.outbreak_alert_id = a.id
        JOIN symptom_tracking t ON t.id = k.symptom_tracking_id AND t.deleted_at IS NULL
        JOIN students st ON st.id = t.student_id
        WHERE a.deleted_at IS NULL
          AND (a.alert_date AT TIME ZONE coalesce(s.timezone, d.timezone))::date BETWEEN ${FROM}::date AND ${TO}::date`.execute(
          h.db,
        ),
      );
      expect(cases.rows.length).toBeGreaterThan(3);
      const pages = pdfPages(path);
      const text = pages.join('\n');
      const rowLines = text.split('\n').filter((l) => /^\s*\d+\s+\S.*\s\d{9}\s/.test(l));
      expect(rowLines.length).toBe(cases.rows.length);
      for (const c of cases.rows) expect(text).toContain(c.student_number);
      expect(text).toContain('Epidemic curve: cases by onset date');
      // the line list's header repeats on every page that holds its rows
      for (const p of pages.filter((pg) => /^\s*\d+\s+\S.*\s\d{9}\s/m.test(pg)))
        expect(p).toContain('Student no.');
      expect(pdfInfo(path).pages).toBeGreaterThan(1);
    });

    it('audit report (AUDITOR): a PDF/A with every audit entry of the student, signed', async () => {
      const st = await withDb((h) =>
        sql<{ id: string; last_name: string; n: number }>`
        SELECT record_id AS id, max(s.last_name) AS last_name, count(*)::int AS n FROM audit_logs a
        JOIN students s ON s.id = a.record_id
        WHERE a.table_name = 'students' GROUP BY record_id ORDER BY count(*) DESC, record_id LIMIT 1`.execute(
          h.db,
        ),
      );
      const student = st.rows[0];
      if (!student) throw new Error('no audited student in the demo');
      const r = run('audit', { studentId: student.id, from: '2025-01-01', to: '2026-12-31' }, 'audit.pdf');
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain('(AUDITOR)');
      const { instanceId } = JSON.parse(r.out) as { instanceId: string };
      const path = check('audit.pdf', 'audit');
      expect(preflight(path).valid).toBe(true);
      const text = pdfPages(path).join('\n');
      expect(text).toContain(student.last_name);
      // every entry about the student before the run's own (the report is the chain up to its query)
      const count = await withDb((h) =>
        sql<{ n: number }>`
        SELECT count(*)::int AS n FROM audit_logs a WHERE (a.record_id = ${student.id}
          OR (a.details::jsonb ->> 'studentId') = ${student.id}
          OR coalesce((a.details::jsonb -> 'studentIds') @> to_jsonb(${student.id}::text), false))
          AND a.created_at >= '2025-01-01'::timestamptz
          AND a.chain_seq < (SELECT chain_seq FROM audit_logs WHERE record_id = ${instanceId})`.execute(h.db),
      );
      expect(count.rows[0]?.n).toBeGreaterThan(0);
      expect(text).toMatch(new RegExp(`Audit entries\\s+${count.rows[0]?.n ?? -1}\\b`));
      const disclosures = await withDb((h) =>
        h.db
          .selectFrom('phi_disclosures')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('student_id', '=', student.id)
          .where('deleted_at', 'is', null)
          .where('disclosure_date', '>=', new Date('2025-01-01T05:00:00Z'))
          .executeTakeFirstOrThrow(),
      );
      expect(text).toMatch(new RegExp(`Disclosures\\s+${Number(disclosures.n)}\\b`));
    });

    it('a bad parameter is refused naming it, exits non-zero, and leaves no file', () => {
      const r = run('medication-summary', { from: FROM, to: '2026-11-31' }, 'bad.pdf');
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('to: must be a calendar date as YYYY-MM-DD');
      expect(existsSync(join(out, 'bad.pdf'))).toBe(false);
      const unknown = run('visit-analytics', { from: FROM, to: TO, grade: '3' }, 'bad.pdf');
      expect(unknown.code).not.toBe(0);
      expect(unknown.err).toContain('grade: is not a parameter of this report');
      expect(existsSync(join(out, 'bad.pdf'))).toBe(false);
    });

    it('each run is an instance with its SHA-256, a generation log, and an audit entry', async () => {
      const file = readFileSync(join(out, 'va.pdf'));
      const { createHash } = await import('node:crypto');
      await withDb(async (h) => {
        const rows = await h.db
          .selectFrom('report_instances as i')
          .innerJoin('report_definitions as d', 'd.id', 'i.report_definition_id')
          .select(['i.id', 'd.report_code', 'i.generation_status', 'i.file_hash', 'i.page_count'])
          .where('d.report_code', 'like', 'DISTRICT_%')
          .execute();
        expect(rows.map((x) => x.report_code).sort()).toEqual([
          'DISTRICT_AUDIT_REPORT',
          'DISTRICT_MEDICATION_SUMMARY',
          'DISTRICT_OUTBREAK_LINE_LIST',
          'DISTRICT_VISIT_ANALYTICS',
        ]);
        const va = rows.find((x) => x.report_code === 'DISTRICT_VISIT_ANALYTICS');
        expect(va?.file_hash).toBe(createHash('sha256').update(file).digest('hex'));
        for (const x of rows) {
          expect(x.generation_status).toBe('COMPLETED');
          const logs = await h.db
            .selectFrom('report_generation_log')
            .select('log_message')
            .where('report_instance_id', '=', x.id)
            .execute();
          expect(logs.length).toBeGreaterThanOrEqual(4);
          const audit = await h.db
            .selectFrom('audit_logs')
            .select(['action'])
            .where('record_id', '=', x.id)
            .execute();
          expect(audit.map((a) => a.action)).toEqual(['PRINT']);
        }
      });
    });
  },
);
