import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildVxu } from '../../src-shared/registry';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { doseForRegistry, type RegistryConnection } from './vxu-source';

/**
 * Which doses the registry must hear about, and their submissions (registry_submissions, message_type VXU):
 * a dose recorded by the district's nurses and marked for the registry (registry_status NOT_SUBMITTED or QUEUED)
 * and never sent gets an A (add); a dose changed or deleted after the registry acknowledged it gets a U or a D.
 * A dose missing what the guide requires is held (PENDING with hold_reasons, one VALIDATION_ERROR per field in
 * submission_error_log), never built broken; once the dose is fixed the same submission is built and released.
 */

/** A connection is ready when it is active, has an endpoint, and the credentials it names are stored. */
export async function readyConnections(db: ServerDb, districtId?: string): Promise<RegistryConnection[]> {
  const rows = await db
    .selectFrom('registry_connections as c')
    .selectAll('c')
    .$if(districtId !== undefined, (q) => q.where('c.district_id', '=', districtId ?? ''))
    .where('c.registry_type', '=', 'IMMUNIZATION')
    .where('c.is_active', '=', true)
    .where('c.endpoint_url', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('c.credential_vault_key', 'is', null),
        eb.exists(
          eb
            .selectFrom('registry_credentials as k')
            .select(sql.lit(1).as('one'))
            .whereRef('k.vault_key', '=', 'c.credential_vault_key'),
        ),
      ]),
    )
    .execute();
  return rows;
}

interface Candidate {
  readonly id: string;
  readonly school_id: string;
  readonly updated_at: Date;
  readonly deleted_at: Date | null;
  readonly registry_status: string;
}

export interface QueueResult {
  readonly queued: number;
  readonly held: number;
  readonly released: number;
}

const LIMIT = 500;

/** Queues (or holds) the submissions of the doses that need one; one district's, or every district's. */
export async function queueDoseSubmissions(
  db: ServerDb,
  now: Date,
  districtId?: string,
): Promise<QueueResult> {
  let queued = 0;
  let held = 0;
  let released = 0;
  for (const c of await readyConnections(db, districtId)) {
    const doses: Candidate[] = await db
      .selectFrom('vaccinations as v')
      .innerJoin('students as s', 's.id', 'v.student_id')
      .select(['v.id', 'v.school_id', 'v.updated_at', 'v.deleted_at', 'v.registry_status'])
      .where('s.district_id', '=', c.district_id)
      .where('v.source', 'in', ['ADMINISTERED', 'HISTORICAL'])
      .where((eb) =>
        eb.or([
          // never submitted
          eb.and([
            eb('v.registry_status', 'in', ['NOT_SUBMITTED', 'QUEUED']),
            eb('v.deleted_at', 'is', null),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('registry_submissions as r')
                  .select(sql.lit(1).as('one'))
                  .whereRef('r.vaccination_id', '=', 'v.id')
                  .where('r.message_type', '=', 'VXU'),
              ),
            ),
          ]),
          // changed after its latest submission was built
          eb.exists(
            eb
              .selectFrom('registry_submissions as r')
              .select(sql.lit(1).as('one'))
              .whereRef('r.vaccination_id', '=', 'v.id')
              .where('r.message_type', '=', 'VXU')
              .where((w) =>
                w.or([
                  w('r.hold_reasons', 'is not', null),
                  w('r.submission_status', 'in', ['ACKNOWLEDGED', 'REJECTED', 'ERROR']),
                ]),
              )
              .whereRef('r.updated_at', '<', 'v.updated_at')
              .where((w) =>
                w.not(
                  w.exists(
                    w
                      .selectFrom('registry_submissions as later')
                      .select(sql.lit(1).as('one'))
                      .whereRef('later.vaccination_id', '=', 'v.id')
                      .where('later.message_type', '=', 'VXU')
                      .whereRef('later.created_at', '>', 'r.created_at'),
                  ),
                ),
              ),
          ),
        ]),
      )
      .orderBy('v.updated_at')
      .limit(LIMIT)
      .execute();
    for (const d of doses) {
      const r = await submissionFor(db, c, d, now);
      if (r === 'queued') queued++;
      else if (r === 'held') held++;
      else if (r === 'released') released++;
    }
  }
  return { queued, held, released };
}

async function submissionFor(
  db: ServerDb,
  c: RegistryConnection,
  d: Candidate,
  now: Date,
): Promise<'queued' | 'held' | 'released' | 'none'> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('registry_submissions')
      .selectAll()
      .where('vaccination_id', '=', d.id)
      .where('message_type', '=', 'VXU')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    const everAccepted = await trx
      .selectFrom('registry_submissions')
      .select('id')
      .where('vaccination_id', '=', d.id)
      .where('message_type', '=', 'VXU')
      .where('submission_status', '=', 'ACKNOWLEDGED')
      .executeTakeFirst();
    if (
      latest &&
      (latest.submission_status === 'PENDING' || latest.submission_status === 'SENT') &&
      !latest.hold_reasons
    )
      return 'none'; // in flight
    const action: 'A' | 'U' | 'D' = everAccepted ? (d.deleted_at ? 'D' : 'U') : 'A';
    if (d.deleted_at && !everAccepted) return 'none'; // nothing the registry knows of
    const reuse = latest?.hold_reasons ? latest : undefined;
    const id = reuse?.id ?? uuidv7({ msecs: now.getTime() });
    const dose = await doseForRegistry(trx, d.id, { controlId: id, sentAt: now, action });
    const base = {
      registry_connection_id: c.id,
      submission_type: 'NEW_IMMUNIZATION' as const,
      student_id: dose.studentId,
      vaccination_id: d.id,
      message_type: 'VXU' as const,
      message_control_id: id,
      action_code: action,
      school_id: dose.schoolId,
      updated_at: now,
    };
    const heldNow = dose.problems.length > 0;
    const values = heldNow
      ? { ...base, hl7_message: null, hold_reasons: JSON.stringify(dose.problems), next_attempt_at: null }
      : { ...base, hl7_message: buildVxu(dose.input), hold_reasons: null, next_attempt_at: now };
    if (reuse) {
      await trx.updateTable('registry_submissions').set(values).where('id', '=', reuse.id).execute();
      await trx
        .updateTable('submission_error_log')
        .set({
          resolution_status: 'RESOLVED',
          resolved_at: now,
          updated_at: now,
          resolution_notes: 'the dose was changed',
        })
        .where('submission_id', '=', reuse.id)
        .where('error_type', '=', 'VALIDATION_ERROR')
        .where('resolution_status', '=', 'OPEN')
        .execute();
    } else {
      await trx
        .insertInto('registry_submissions')
        .values({ id, ...values, submission_date: now, submission_status: 'PENDING', created_at: now })
        .execute();
    }
    if (heldNow)
      await trx
        .insertInto('submission_error_log')
        .values(
          dose.problems.map((p, i) => ({
            id: uuidv7({ msecs: now.getTime() + i }),
            submission_id: id,
            error_timestamp: now,
            error_type: 'VALIDATION_ERROR' as const,
            error_code: 'HELD',
            error_message: `Held back, not sent: ${p.reason}.`,
            hl7_segment: p.field.split('-')[0] ?? null,
            field_number: p.field,
            school_id: dose.schoolId,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    await trx
      .updateTable('vaccinations')
      .set({ registry_status: 'QUEUED' })
      .where('id', '=', d.id)
      .where('registry_status', '!=', 'QUEUED')
      .execute();
    await appendAudit(trx, {
      action: reuse ? 'UPDATE' : 'CREATE',
      userId: null,
      deviceId: null,
      schoolId: dose.schoolId,
      tableName: 'registry_submissions',
      recordId: id,
      ip: null,
      userAgent: null,
      details: { vaccinationId: d.id, action, held: heldNow, fields: dose.problems.map((p) => p.field) },
      at: now,
    });
    return heldNow ? 'held' : reuse ? 'released' : 'queued';
  });
}

export type ResubmitResult =
  | { readonly ok: true; readonly submissionId: string; readonly held: boolean }
  | {
      readonly ok: false;
      readonly reason: 'NOT_FOUND' | 'IN_FLIGHT' | 'ACCEPTED' | 'NOT_A_DOSE' | 'NOT_READY';
    };

/**
 * The console's "resubmit": a rejected (or unreadable) submission is built again from the dose as it is now (a
 * new submission, new control id); a held one is checked again (its dose or the nurse's NPI may have been fixed).
 * One in flight or already accepted is left alone (a change to an accepted dose goes out as an update by itself).
 */
export async function resubmit(db: ServerDb, submissionId: string, now: Date): Promise<ResubmitResult> {
  const s = await db
    .selectFrom('registry_submissions')
    .selectAll()
    .where('id', '=', submissionId)
    .executeTakeFirst();
  if (!s) return { ok: false, reason: 'NOT_FOUND' };
  if (!s.vaccination_id || s.message_type !== 'VXU') return { ok: false, reason: 'NOT_A_DOSE' };
  if ((s.submission_status === 'PENDING' && !s.hold_reasons) || s.submission_status === 'SENT')
    return { ok: false, reason: 'IN_FLIGHT' };
  if (s.submission_status === 'ACKNOWLEDGED') return { ok: false, reason: 'ACCEPTED' };
  const c = (await readyConnections(db)).find((x) => x.id === s.registry_connection_id);
  if (!c) return { ok: false, reason: 'NOT_READY' };
  const v = await db
    .selectFrom('vaccinations')
    .select(['id', 'school_id', 'updated_at', 'deleted_at', 'registry_status'])
    .where('id', '=', s.vaccination_id)
    .executeTakeFirstOrThrow();
  const r = await submissionFor(db, c, v, now);
  const latest = await db
    .selectFrom('registry_submissions')
    .select(['id', 'hold_reasons'])
    .where('vaccination_id', '=', v.id)
    .where('message_type', '=', 'VXU')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  if (r === 'none') return { ok: false, reason: 'IN_FLIGHT' };
  return { ok: true, submissionId: latest.id, held: latest.hold_reasons !== null };
}
