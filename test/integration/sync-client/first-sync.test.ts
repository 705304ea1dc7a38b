import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src-main/sync/client';
import type { SyncTransport } from '../../../src-main/sync/transport';
import { hlcAt, T0 } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

/**
 * A new workstation downloads its school page by page: 20,000 changes for school s1 (plus school s2's, which it
 * never sees), each page applied with its cursor, progress after every page, never more than a page in hand.
 */
describe('sync client: large first sync', () => {
  let h: Harness;
  const STUDENTS = 2_000;
  const PER_STUDENT = 10; // 1 student row + 4 allergies + 5 vaccinations
  const OTHER_SCHOOL = 500;

  beforeAll(async () => {
    h = await startHarness(); // 6 rows: 2 schools, 1 user, st1, st2 (s1), st9 (s2)
    let n = 0;
    const hlc = () => hlcAt(T0 - 86_400_000 + n++, 'dev-old');
    for (let i = 0; i < STUDENTS; i++) {
      const sid = `x${i}`;
      h.server.serverChange({
        table: 'students',
        rowId: sid,
        op: 'UPSERT',
        hlc: hlc(),
        columns: {
          district_id: 'district-1',
          school_id: 's1',
          student_number: `S-${i}`,
          first_name: 'Kim',
          last_name: `Pupil ${i}`,
          date_of_birth: '2016-01-15',
          grade_level: '2',
        },
      });
      for (let k = 0; k < 5; k++) {
        if (k < 4)
          h.server.serverChange({
            table: 'allergies',
            rowId: `${sid}-a${k}`,
            op: 'UPSERT',
            hlc: hlc(),
            columns: {
              student_id: sid,
              school_id: 's1',
              allergen: `allergen ${k}`,
              allergen_type: 'FOOD',
              severity: 'MILD',
              epinephrine_required: k === 0,
            },
          });
        h.server.serverChange({
          table: 'vaccinations',
          rowId: `${sid}-v${k}`,
          op: 'UPSERT',
          hlc: hlc(),
          columns: {
            student_id: sid,
            school_id: 's1',
            vaccine_type: 'MMR',
            cvx_code: '03',
            dose_number: k + 1,
            administration_date: '2017-02-01',
            source: 'HISTORICAL',
            dose_volume_ml: '0.5',
          },
        });
      }
    }
    for (let i = 0; i < OTHER_SCHOOL; i++) {
      h.server.serverChange({
        table: 'allergies',
        rowId: `st9-a${i}`,
        op: 'UPSERT',
        hlc: hlc(),
        columns: {
          student_id: 'st9',
          school_id: 's2',
          allergen: 'dust',
          allergen_type: 'ENVIRONMENTAL',
          severity: 'MILD',
        },
      });
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('downloads 20,000 rows in pages of 1,000 with progress (rows done / total), holding one page at a time', async () => {
    const total = 5 + STUDENTS * PER_STUDENT; // s1, s2, u1, st1, st2 + the generated rows
    expect(total).toBe(20_005);
    const progress: SyncProgress[] = [];
    const pageSizes: number[] = [];
    let inHand = 0;
    let maxInHand = 0;
    const counting: SyncTransport = {
      push: (r) => h.transport.push(r),
      pull: async (q) => {
        const page = await h.transport.pull(q);
        pageSizes.push(page.changes.length);
        inHand += page.changes.length;
        maxInHand = Math.max(maxInHand, inHand);
        return page;
      },
    };
    const client = h.client({
      transport: counting,
      pullLimit: 1_000,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'pull') inHand = 0; // the page is applied and released before the next request
      },
    });
    const r = await client.syncOnce();
    const pages = Math.ceil(total / 1_000);
    expect(r.pull).toMatchObject({
      pages,
      changes: total,
      applied: total,
      ignored: 0,
      cursor: h.server.log.length,
    });
    expect(pageSizes).toEqual([
      ...Array.from({ length: pages - 1 }, () => 1_000),
      total - (pages - 1) * 1_000,
    ]);
    expect(maxInHand).toBe(1_000);
    expect(progress.filter((p) => p.phase === 'pull')).toEqual(
      Array.from({ length: pages }, (_, i) => ({
        phase: 'pull',
        done: Math.min((i + 1) * 1_000, total),
        total,
      })),
    );
    const count = (sql: string) => (h.store.sqlite.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT count(*) AS n FROM students`)).toBe(STUDENTS + 2);
    expect(count(`SELECT count(*) AS n FROM allergies WHERE school_id = 's1'`)).toBe(STUDENTS * 4);
    expect(count(`SELECT count(*) AS n FROM allergies WHERE school_id = 's2'`)).toBe(0);
    expect(count(`SELECT count(*) AS n FROM allergies WHERE epinephrine_required = 1`)).toBe(STUDENTS);
    expect(
      h.store.sqlite.prepare(`SELECT dose_volume_ml, dose_number FROM vaccinations WHERE id = 'x7-v2'`).get(),
    ).toEqual({ dose_volume_ml: 0.5, dose_number: 3 });
    expect(count(`SELECT count(*) AS n FROM outbox`)).toBe(0);
  });

  it('a second sync has nothing to do', async () => {
    const r = await h.client().syncOnce();
    expect(r.pull).toMatchObject({ pages: 1, changes: 0 });
    expect(r.push.acked).toBe(0);
  });
});
