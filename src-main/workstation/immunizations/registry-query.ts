import type { z } from 'zod';
import type { RegistryQueryResult } from '../../../src-shared/ipc/immunizations';
import { IpcError } from '../../../src-shared/ipc/errors';
import { query, type Actor, type WorkstationContext } from '../context';
import { SyncAuthError } from '../../sync/errors';
import { remoteToIpc } from '../district';
import type { DistrictRemote } from '../remote';

export interface RegistryQueryDeps {
  readonly ctx: WorkstationContext;
  readonly actor: Actor;
  readonly remote: DistrictRemote;
  readonly accessToken: () => Promise<string>;
}

/**
 * immunizations.registryQuery (online): asks the district server to query the state registry for one of the school's
 * students (the server sends the QBP, reads the RSP and reconciles it with the district's record), and answers what
 * the nurse decides on: the doses matched, those the registry has and the record lacks, and the fields that differ.
 * Nothing is written here; each dose the nurse accepts is recorded with immunizations.record (source REGISTRY). The
 * query is audited on both sides (the server as a disclosure to the registry, here as a view).
 */
export async function registryQuery(
  d: RegistryQueryDeps,
  a: { studentId: string; profile: 'Z34' | 'Z44' },
): Promise<z.infer<typeof RegistryQueryResult>> {
  const student = d.ctx.first(
    query
      .selectFrom('students')
      .select('id')
      .where('id', '=', a.studentId)
      .where('school_id', '=', d.ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!student) throw new IpcError('NOT_FOUND', `no student ${a.studentId} at this school`, 'studentId');
  let answer;
  try {
    answer = await d.remote.queryRegistry(await d.accessToken(), a.studentId, a.profile);
  } catch (e) {
    // no access token (signed in offline, or the session ended): the district refuses until the nurse signs in online
    if (e instanceof SyncAuthError) throw new IpcError('SERVER_REFUSED', e.message);
    throw remoteToIpc(e);
  }
  d.ctx.audit(d.actor, 'VIEW', 'vaccinations', null, {
    student_id: a.studentId,
    what: 'state registry query',
    outcome: answer.outcome,
    registry_doses_missing: answer.added.length,
  });
  return {
    outcome: answer.outcome,
    summary: answer.summary,
    registryId: answer.registryId,
    matched: answer.matched,
    missing: answer.added.map(({ date, cvx, vaccineName, lot, mvx }) => ({
      date,
      cvx,
      vaccineName,
      lot,
      mvx,
    })),
    differences: answer.differences,
  };
}
