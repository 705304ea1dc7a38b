import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerDbHandle } from '../../../server-sync/db/connect';
import { serverTargets } from '../../support/db';
import { T0, allergy, edit, makeWorld, openMigrated, push, type World } from '../sync-server/support';

/**
 * Sim finding (npm run sim, seed 6 of --clients 10 --ops 40): a workstation that was offline while the district
 * moved a student writes a row for that student and then edits it. The push refused the create OUT_OF_SCOPE
 * (right), but every later edit of the row came back INVALID_VALUE "a new allergies row needs columns
 * student_id, allergen, ..." (server-sync/sync/lww.ts, mergeBatch: a change for a row the server does not have is
 * taken for an incomplete new row). The nurse is shown a wrong reason: the edit is refused because the row's
 * create was refused (the student is not of this school), not because columns are missing. Fixed since; kept as a
 * regression test.
 */
describe.each(serverTargets().slice(0, 1))(
  "$name: an edit after a refused create is refused for the create's reason",
  (target) => {
    let h: ServerDbHandle;
    let w: World;
    beforeAll(async () => {
      h = await openMigrated(target);
      w = await makeWorld(h.db);
    }, 120_000);
    afterAll(async () => h?.close());

    it('is refused for the same reason as the create (OUT_OF_SCOPE), not as an incomplete new row', async () => {
      const r = await push(h.db, w, w.devA1, [
        allergy(1, 'alg-moved', w.studentB, w.schoolA, T0, w.devA1),
        edit(2, 'allergies', 'alg-moved', { severity: 'MILD' }, T0 + 1000, w.devA1),
      ]);
      expect(r.rejections.map((x) => [x.seq, x.code])).toEqual([
        [1, 'OUT_OF_SCOPE'],
        [2, 'OUT_OF_SCOPE'], // was INVALID_VALUE "a new allergies row needs columns student_id, allergen, ..."
      ]);
      expect(r.rejections[1]?.reason).toMatch(/^the row was never accepted: student .* is not a student of/);
    });
  },
);
