import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { openServerDb } from '../../../server-sync/db/connect';
import { migrateServerToLatest } from '../../../server-sync/db/migrate';
import {
  makeOutbreakJobs,
  outbreakJobs,
  OUTBREAK_DAILY_SCAN,
  OUTBREAK_SCAN,
  type DetectedOutbreak,
} from '../../../server-sync/outbreaks';
import type { JobRunContext } from '../../../server-sync/jobs';
import { TestClock } from '../server/support';
import { addSymptoms, makeOutbreakDistrict, type OutbreakDistrict } from './fixture';

describe('outbreak jobs (PGlite)', () => {
  let h: ServerDbHandle;
  let d: OutbreakDistrict;
  // 06:00 in New York on March 5
  const clock = new TestClock('2026-03-05T11:00:00.000Z');
  const sent: { name: string; data: unknown }[] = [];
  const ctx = (): JobRunContext => ({
    db: h.db,
    clock,
    jobs: {
      send: (name, data) => {
        sent.push({ name, data });
        return Promise.resolve(`job-${sent.length}`);
      },
    },
    jobId: 'j1',
    attempt: 1,
  });

  beforeAll(async () => {
    h = await openServerDb({ pgliteDir: ':memory:' });
    await migrateServerToLatest(h.db);
    d = await makeOutbreakDistrict(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('declare a daily scan at 06:00 (district time) and an on-demand scan, validating their data', () => {
    expect(outbreakJobs.map((j) => [j.name, j.schedule?.cron ?? null])).toEqual([
      [OUTBREAK_DAILY_SCAN, '0 6 * * *'],
      [OUTBREAK_SCAN, null],
    ]);
    const scan = outbreakJobs[1];
    expect(scan?.data.safeParse({ asOf: '2026-3-5' }).success).toBe(false);
    expect(scan?.data.safeParse({ schoolIds: [] }).success).toBe(false);
    expect(scan?.data.safeParse({ asOf: '2026-03-05', schoolIds: ['a'] }).success).toBe(true);
  });

  it('the daily scan detects on today in the district time zone and calls the hook for a new outbreak only', async () => {
    await addSymptoms(
      h.db,
      [0, 1, 2, 3, 4, 5].map((i) => ({
        studentId: d.studentsB[i] ?? '',
        schoolId: d.schoolB,
        onset: i < 3 ? '2026-03-04' : '2026-03-05',
        symptoms: { fever: true, temp_f: 101.5, cough: true },
        grade: '4' as const,
      })),
    );
    const seen: DetectedOutbreak[] = [];
    const jobs = makeOutbreakJobs({
      onDetected: (_trx, x) => {
        seen.push(x);
        return Promise.resolve();
      },
    });
    const daily = jobs[0];
    if (!daily) throw new Error('no daily job');
    await daily.handler(daily.data.parse(daily.schedule?.data), ctx());
    expect(seen.map((x) => [x.schoolId, x.patternName, x.date])).toEqual([
      [d.schoolB, 'Influenza-like illness (ILI)', '2026-03-05'],
    ]);
    await daily.handler({}, ctx());
    expect(seen).toHaveLength(1);
    const rows = await h.db
      .selectFrom('outbreak_alerts')
      .select(['school_id', 'affected_students_count'])
      .execute();
    expect(rows).toEqual([{ school_id: d.schoolB, affected_students_count: 6 }]);
    expect(sent).toEqual([]);
  });
});
