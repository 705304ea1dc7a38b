import { v7 as uuidv7 } from 'uuid';
import {
  buildQbp,
  parseRsp,
  reconcile,
  utcOffsetAt,
  type ParsedRsp,
  type Reconciliation,
} from '../../src-shared/registry';
import { appendAudit, type AuditEntryInput } from '../audit';
import type { ServerDb } from '../db/connect';
import { loadRegistryCredentials } from './credentials';
import type { SubmitDeps } from './submit';
import { submitSingleMessage, TransportError } from './transport';
import { activeConnection } from './vxu-source';

/**
 * "Query the registry" for a student: a QBP^Q11 (Z34 history, or Z44 evaluated history and forecast) sent now,
 * the RSP^K11 read, and its doses reconciled with the student's record (matched by date and vaccine). Nothing is
 * added here: the nurse sees the reconciliation first. The query and its answer are kept (registry_submissions
 * QUERY_HISTORY, registry_responses IMMUNIZATION_HISTORY); sending the student's demographics is audited (EXPORT).
 */

export type QueryResult =
  | {
      readonly ok: true;
      readonly submissionId: string;
      readonly rsp: ParsedRsp;
      readonly reconciliation: Reconciliation | null;
    }
  | { readonly ok: false; readonly submissionId: string | null; readonly message: string };

export async function queryRegistry(
  db: ServerDb,
  now: Date,
  studentId: string,
  profile: 'Z34' | 'Z44',
  deps: SubmitDeps,
  audit: Omit<AuditEntryInput, 'action' | 'tableName' | 'recordId' | 'schoolId' | 'details' | 'at'>,
): Promise<QueryResult> {
  const s = await db.selectFrom('students').selectAll().where('id', '=', studentId).executeTakeFirst();
  if (!s) return { ok: false, submissionId: null, message: `student ${studentId} does not exist` };
  const c = await activeConnection(db, s.district_id);
  if (!c?.endpoint_url)
    return { ok: false, submissionId: null, message: 'no active registry connection with an endpoint' };
  const tz = (
    await db.selectFrom('schools').select('timezone').where('id', '=', s.school_id).executeTakeFirst()
  )?.timezone;
  const district = await db
    .selectFrom('districts')
    .select('timezone')
    .where('id', '=', s.district_id)
    .executeTakeFirstOrThrow();
  const guardian = await db
    .selectFrom('guardians')
    .select('phone_primary')
    .where('student_id', '=', s.id)
    .where('deleted_at', 'is', null)
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .executeTakeFirst();
  const id = uuidv7({ msecs: now.getTime() });
  const facility = c.sending_facility ?? c.facility_id ?? '';
  const hl7 = buildQbp({
    profile,
    controlId: id,
    queryTag: id,
    sentAt: now,
    utcOffsetMinutes: utcOffsetAt(now, tz ?? district.timezone),
    processingId: c.test_mode ? 'T' : 'P',
    sendingApp: c.sending_application ?? 'WHITECROSS',
    sendingFacility: facility,
    receivingApp: c.receiving_application ?? '',
    receivingFacility: c.receiving_facility ?? '',
    patient: s,
    assigningAuthority: facility,
    phone: guardian?.phone_primary ?? null,
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('registry_submissions')
      .values({
        id,
        registry_connection_id: c.id,
        submission_date: now,
        submission_type: 'QUERY_HISTORY',
        student_id: s.id,
        message_type: 'QBP',
        hl7_message: hl7,
        message_control_id: id,
        submission_status: 'SENT',
        retry_count: 1,
        last_retry_at: now,
        school_id: s.school_id,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendAudit(trx, {
      ...audit,
      action: 'EXPORT',
      tableName: 'students',
      recordId: s.id,
      schoolId: s.school_id,
      details: { event: 'registry_query', profile, submissionId: id },
      at: now,
    });
  });
  let answer: string | undefined;
  let failure: string | undefined;
  try {
    const creds = await loadRegistryCredentials(db, deps.kek(), c.credential_vault_key);
    const r = await submitSingleMessage(
      {
        url: c.endpoint_url,
        timeoutMs: c.request_timeout_seconds * 1000,
        clientCertificatePem: c.client_certificate_pem,
        caPem: deps.caPem ?? null,
      },
      creds,
      c.facility_id ?? '',
      hl7,
    );
    if (r.ok) answer = r.value;
    else failure = `${r.fault.kind} from the registry: ${r.fault.reason}`;
  } catch (e) {
    failure =
      e instanceof TransportError
        ? `No answer from the registry: ${e.kind}: ${e.message}`
        : e instanceof Error
          ? e.message
          : String(e);
  }
  let rsp: ParsedRsp | undefined;
  if (answer !== undefined)
    try {
      rsp = parseRsp(answer);
    } catch (e) {
      failure = `The registry's answer could not be read (kept as received): ${e instanceof Error ? e.message : String(e)}`;
    }
  const at = new Date(now.getTime());
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('registry_submissions')
      .set({
        submission_status: rsp ? (rsp.outcome === 'ERROR' ? 'REJECTED' : 'ACKNOWLEDGED') : 'ERROR',
        response_received_at: answer !== undefined ? at : null,
        hl7_response: answer ?? null,
        acknowledgment_code: rsp
          ? ((['AA', 'AE', 'AR'] as const).find((k) => k === rsp.ack.code) ?? null)
          : null,
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    if (rsp) {
      const p = rsp.patients.length === 1 ? rsp.patients[0] : undefined;
      await trx
        .insertInto('registry_responses')
        .values({
          id: uuidv7({ msecs: at.getTime() }),
          submission_id: id,
          response_date: at,
          response_type: 'IMMUNIZATION_HISTORY',
          acknowledgment_status:
            (['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as const).find((k) => k === rsp.ack.code) ?? null,
          error_messages: JSON.stringify(rsp.ack.issues),
          immunization_history: p ? JSON.stringify(p.doses) : null,
          forecast_recommendations: p && p.forecasts.length ? JSON.stringify(p.forecasts) : null,
          patient_registry_id: p?.registryId ?? null,
          last_immunization_date:
            p?.doses
              .map((d) => d.date)
              .sort()
              .at(-1) ?? null,
          response_metadata: JSON.stringify({
            outcome: rsp.outcome,
            profile: rsp.profile,
            candidates: rsp.patients.length,
          }),
          school_id: s.school_id,
          created_at: at,
          updated_at: at,
        })
        .execute();
    } else
      await trx
        .insertInto('submission_error_log')
        .values({
          id: uuidv7({ msecs: at.getTime() }),
          submission_id: id,
          error_timestamp: at,
          error_type: answer !== undefined ? 'HL7_PARSE_ERROR' : 'CONNECTION_ERROR',
          error_message: failure ?? 'no answer',
          school_id: s.school_id,
          created_at: at,
          updated_at: at,
        })
        .execute();
  });
  if (!rsp) return { ok: false, submissionId: id, message: failure ?? 'no answer' };
  const recorded = await db
    .selectFrom('vaccinations')
    .select(['id', 'cvx_code', 'administration_date', 'lot_number', 'mvx_code'])
    .where('student_id', '=', s.id)
    .where('deleted_at', 'is', null)
    .execute();
  const only = rsp.outcome === 'HISTORY' ? rsp.patients[0] : undefined;
  return { ok: true, submissionId: id, rsp, reconciliation: only ? reconcile(recorded, only.doses) : null };
}
