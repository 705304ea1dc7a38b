import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncProgress } from '../../../src-main/sync/client';
import { createFetchTransport, type SyncTransport } from '../../../src-main/sync/transport';
import { hlcAt, storeFile, T0 } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

/**
 * A new workstation downloads its school page by page: 20,000 changes for school s1 (plus school s2's, which it
 * never sees), each transaction of pages applied with its cursor while the next page downloads, progress after every
 * transaction, never more than a transaction and its look-ahead in hand.
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

  const total = 5 + STUDENTS * PER_STUDENT; // s1, s2, u1, st1, st2 + the generated rows

  /**
   * Counts what the client holds: changes received minus changes applied (its progress), at every page received,
   * and for every request whether it was made while the page before it was still unapplied (look-ahead).
   */
  function watch(transport: SyncTransport, cursor: () => number) {
    const w = {
      pageSizes: [] as number[],
      counted: [] as boolean[],
      received: 0,
      applied: 0,
      maxInHand: 0,
      ahead: 0,
      progress: [] as SyncProgress[],
    };
    const counting: SyncTransport = {
      push: (r) => transport.push(r),
      pull: async (q) => {
        if (q.after > cursor()) w.ahead++; // asked at the end of a page not yet applied
        w.counted.push(q.count);
        const page = await transport.pull(q);
        w.pageSizes.push(page.changes.length);
        w.received += page.changes.length;
        w.maxInHand = Math.max(w.maxInHand, w.received - w.applied);
        return page;
      },
    };
    const onProgress = (p: SyncProgress) => {
      w.progress.push(p);
      if (p.phase === 'pull') w.applied = p.done;
    };
    return { w, counting, onProgress };
  }

  it('downloads 20,000 rows in pages of 1,000, each applied while the next downloads, with progress (rows done / total)', async () => {
    expect(total).toBe(20_005);
    const { w, counting, onProgress } = watch(h.transport, () => h.store.sync.pullCursor());
    const client = h.client({ transport: counting, pullLimit: 1_000, pullCommitRows: 1_000, onProgress });
    const r = await client.syncOnce();
    const pages = Math.ceil(total / 1_000);
    expect(r.pull).toMatchObject({
      pages,
      commits: pages,
      changes: total,
      applied: total,
      ignored: 0,
      cursor: h.server.log.length,
    });
    const { pageSizes, maxInHand, progress } = w;
    expect(pageSizes).toEqual([
      ...Array.from({ length: pages - 1 }, () => 1_000),
      total - (pages - 1) * 1_000,
    ]);
    // every request but the first leaves before the page before it is applied; at most two pages in hand
    expect(w.ahead).toBe(pages - 1);
    expect(maxInHand).toBeLessThanOrEqual(2_000);
    // the server counts the backlog once, on the first page
    expect(w.counted).toEqual([true, ...Array.from({ length: pages - 1 }, () => false)]);
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

  it('applies consecutive pages together, up to pullCommitRows changes a transaction, in bounded memory', async () => {
    const f = storeFile('dev-a'); // a second workstation database of the same device, empty
    const store = await f.open(() => h.clock.now);
    try {
      const transport = createFetchTransport({
        baseUrl: h.server.url,
        schemaVersion: store.schemaVersion,
        getAccessToken: () => 'tok-a',
        refreshAccessToken: () => Promise.resolve(),
      });
      const { w, counting, onProgress } = watch(transport, () => store.sync.pullCursor());
      const r = await createSyncClient({
        store,
        transport: counting,
        pullLimit: 1_000,
        pullCommitRows: 5_000,
        onProgress,
      }).syncOnce();
      expect(r.pull).toMatchObject({ pages: 21, commits: 5, changes: total, applied: total });
      expect(w.progress.filter((p) => p.phase === 'pull')).toEqual(
        [5_000, 10_000, 15_000, 20_000, total].map((done) => ({ phase: 'pull', done, total })),
      );
      expect(w.maxInHand).toBeLessThanOrEqual(2 * 5_000 + 1_000);
      expect(store.sync.pullCursor()).toBe(h.server.log.length);
      const count = (sql: string) => (store.sqlite.prepare(sql).get() as { n: number }).n;
      expect(count(`SELECT count(*) AS n FROM students`)).toBe(STUDENTS + 2);
      expect(count(`SELECT count(*) AS n FROM vaccinations`)).toBe(STUDENTS * 5);
    } finally {
      await store.close();
      f.dispose();
    }
  });

  it('a second sync has nothing to do', async () => {
    const r = await h.client().syncOnce();
    expect(r.pull).toMatchObject({ pages: 1, changes: 0 });
    expect(r.push.acked).toBe(0);
  });
});
