import { v7 as uuidv7 } from 'uuid';
import {
  parseAck,
  parseHl7,
  segmentsNamed,
  type ParsedAck,
  type SoapResult,
} from '../../src-shared/registry';
import { appendAudit } from '../audit';
import type { ServerDb } from '../db/connect';
import { loadRegistryCredentials, type RegistryCredentials } from './credentials';
import { submitSingleMessage, TransportError, type IisEndpoint } from './transport';
import type { RegistryConnection } from './vxu-source';

/**
 * Sending one submission and recording the answer. A submission is sent only while PENDING or SENT (a SENT one
 * whose answer never came: the server stopped mid-send); once an answer is recorded (ACKNOWLEDGED, REJECTED, or
 * ERROR for an answer that is not HL7) it is never sent again, so a restart cannot send a message twice after
 * its ACK. No answer (registry down, timeout, fault) puts it back to PENDING with the next attempt after a
 * backoff (1, 2, 4 ... minutes, at most an hour, without end: a registry down for a day loses nothing).
 */

export interface SubmitDeps {
  /** The server's key-encryption key (opens the stored credentials); null when none is configured. */
  readonly kek: () => Uint8Array | null;
  /** Extra trust anchors for the registry's HTTPS certificate (a state's private CA). */
  readonly caPem?: string | null;
}

export const MAX_BACKOFF_MS = 60 * 60_000;
export const backoffMs = (attempt: number): number =>
  Math.min(60_000 * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);

export type SubmitOutcome = 'skipped' | 'ACKNOWLEDGED' | 'REJECTED' | 'ERROR' | 'RETRY';

const endpointOf = (c: RegistryConnection, caPem: string | null | undefined): IisEndpoint => ({
  url: c.endpoint_url ?? '',
  timeoutMs: c.request_timeout_seconds * 1000,
  clientCertificatePem: c.client_certificate_pem,
  caPem: caPem ?? null,
});

/** The value we sent at an ERR location (segment, its sequence among segments of that name, field). */
function sentValue(hl7: string, segment: string, sequence: string, field: string): string | null {
  if (!segment || !field) return null;
  const s = segmentsNamed(parseHl7(hl7), segment)[Math.max(0, Number(sequence || '1') - 1)];
  const f = s?.fields[Number(field)];
  if (!f) return null;
  return f.map((rep) => rep.map((c) => c.join('&')).join('^')).join('~') || null;
}

export async function submitSubmission(
  db: ServerDb,
  now: () => Date,
  submissionId: string,
  deps: SubmitDeps,
): Promise<SubmitOutcome> {
  // Claim it: SENT, attempt counted, the next attempt set past the request timeout (a crash mid-send retries then).
  const claimed = await db.transaction().execute(async (trx) => {
    const s = await trx
      .selectFrom('registry_submissions')
      .selectAll()
      .where('id', '=', submissionId)
      .forUpdate()
      .executeTakeFirst();
    if (!s || !s.hl7_message || s.hold_reasons !== null) return null;
    if (s.submission_status !== 'PENDING' && s.submission_status !== 'SENT') return null;
    const c = await trx
      .selectFrom('registry_connections')
      .selectAll()
      .where('id', '=', s.registry_connection_id)
      .executeTakeFirstOrThrow();
    const at = now();
    const attempt = s.retry_count + 1;
    await trx
      .updateTable('registry_submissions')
      .set({
        submission_status: 'SENT',
        submission_date: at,
        retry_count: attempt,
        last_retry_at: at,
        next_attempt_at: new Date(at.getTime() + c.request_timeout_seconds * 1000 + backoffMs(attempt)),
        updated_at: at,
      })
      .where('id', '=', s.id)
      .execute();
    if (s.vaccination_id)
      await trx
        .updateTable('vaccinations')
        .set({ registry_status: 'SUBMITTED' })
        .where('id', '=', s.vaccination_id)
        .execute();
    await appendAudit(trx, {
      action: 'EXPORT',
      userId: null,
      deviceId: null,
      schoolId: s.school_id,
      tableName: s.vaccination_id ? 'vaccinations' : 'students',
      recordId: s.vaccination_id ?? s.student_id,
      ip: null,
      userAgent: null,
      details: { submissionId: s.id, registryConnectionId: c.id, controlId: s.message_control_id, attempt },
      at,
    });
    return { s: { ...s, retry_count: attempt }, c };
  });
  if (!claimed) return 'skipped';
  const { s, c } = claimed;
  const hl7 = s.hl7_message ?? '';

  let result: SoapResult | undefined;
  let failure: string | undefined;
  let creds: RegistryCredentials | undefined;
  try {
    creds = await loadRegistryCredentials(db, deps.kek(), c.credential_vault_key);
    result = await submitSingleMessage(endpointOf(c, deps.caPem), creds, c.facility_id ?? '', hl7);
  } catch (e) {
    failure =
      e instanceof TransportError ? `${e.kind}: ${e.message}` : e instanceof Error ? e.message : String(e);
  }
  const at = now();

  if (!result || !result.ok) {
    const fault = result && !result.ok ? result.fault : undefined;
    const message = fault
      ? `${fault.kind} from the registry: ${fault.reason}${fault.detail ? ` (${fault.detail})` : ''}`
      : `No answer from the registry: ${failure ?? 'unknown'}`;
    // A message the registry says is too large will never fit: kept as ERROR for the clerk, not retried.
    const final = fault?.kind === 'MessageTooLargeFault';
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('registry_submissions')
        .set({
          submission_status: final ? 'ERROR' : 'PENDING',
          next_attempt_at: final ? null : new Date(at.getTime() + backoffMs(s.retry_count)),
          updated_at: at,
        })
        .where('id', '=', s.id)
        .where('submission_status', '=', 'SENT')
        .execute();
      await trx
        .insertInto('submission_error_log')
        .values({
          id: uuidv7({ msecs: at.getTime() }),
          submission_id: s.id,
          error_timestamp: at,
          error_type: 'CONNECTION_ERROR',
          error_code: fault ? fault.kind : (failure?.split(':')[0] ?? null),
          error_message: message,
          school_id: s.school_id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await trx
        .updateTable('registry_connections')
        .set({
          connection_status: fault?.kind === 'SecurityFault' ? 'ERROR' : c.connection_status,
          last_connection_error: message,
          updated_at: at,
        })
        .where('id', '=', c.id)
        .execute();
    });
    return final ? 'ERROR' : 'RETRY';
  }

  let ack: ParsedAck | undefined;
  let parseError: string | undefined;
  try {
    ack = parseAck(result.value);
  } catch (e) {
    parseError = e instanceof Error ? e.message : String(e);
  }
  const errors = ack?.issues.filter((i) => i.severity === 'ERROR') ?? [];
  const status = !ack
    ? 'ERROR'
    : ack.code === 'AA' || ack.code === 'CA' || (ack.code === 'AE' && errors.length === 0)
      ? 'ACKNOWLEDGED'
      : 'REJECTED';
  const ackCode = ack && (['AA', 'AE', 'AR'] as const).find((k) => k === ack.code);
  await db.transaction().execute(async (trx) => {
    const upd = await trx
      .updateTable('registry_submissions')
      .set({
        submission_status: status,
        response_received_at: at,
        hl7_response: result.value,
        acknowledgment_code: ackCode ?? null,
        response_error_codes: errors.length
          ? JSON.stringify(
              errors.map((i) => ({ location: i.location, hl7_error: i.hl7Code, app_error: i.appCode })),
            )
          : null,
        response_warnings: ack?.issues.some((i) => i.severity !== 'ERROR')
          ? JSON.stringify(
              ack.issues
                .filter((i) => i.severity !== 'ERROR')
                .map((i) => ({ location: i.location, message: i.plain })),
            )
          : null,
        next_attempt_at: null,
        updated_at: at,
      })
      .where('id', '=', s.id)
      .where('submission_status', '=', 'SENT')
      .executeTakeFirst();
    if (Number(upd.numUpdatedRows) === 0) return; // another instance recorded its answer first
    await trx
      .insertInto('registry_responses')
      .values({
        id: uuidv7({ msecs: at.getTime() }),
        submission_id: s.id,
        response_date: at,
        response_type: ack ? 'ACKNOWLEDGMENT' : 'ERROR',
        acknowledgment_status:
          ack && (['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as const).find((k) => k === ack.code),
        error_severity: !ack || errors.length ? 'ERROR' : ack.issues.length ? 'WARNING' : null,
        error_messages: JSON.stringify(
          ack ? ack.issues : [{ plain: `The registry's answer is not HL7: ${parseError ?? ''}` }],
        ),
        response_metadata: JSON.stringify({
          summary: ack?.summary ?? null,
          ackControlId: ack?.controlId ?? null,
          ackOf: ack?.ackOf ?? null,
        }),
        school_id: s.school_id,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const logRows = ack
      ? ack.issues.map((i, n) => ({
          id: uuidv7({ msecs: at.getTime() + n }),
          submission_id: s.id,
          error_timestamp: at,
          error_type: 'VALIDATION_ERROR' as const,
          error_code: [i.hl7Code, i.appCode].filter(Boolean).join('/') || null,
          error_message: i.plain,
          hl7_segment: i.segment || null,
          field_number: i.fieldName || null,
          field_value: sentValue(hl7, i.segment, i.sequence, i.field),
          resolution_status: i.severity === 'ERROR' ? ('OPEN' as const) : ('KNOWN_ISSUE' as const),
          school_id: s.school_id,
          created_at: at,
          updated_at: at,
        }))
      : [
          {
            id: uuidv7({ msecs: at.getTime() }),
            submission_id: s.id,
            error_timestamp: at,
            error_type: 'HL7_PARSE_ERROR' as const,
            error_message: `The registry's answer could not be read (kept as received): ${parseError ?? ''}`,
            school_id: s.school_id,
            created_at: at,
            updated_at: at,
          },
        ];
    if (logRows.length) await trx.insertInto('submission_error_log').values(logRows).execute();
    if (s.vaccination_id)
      await trx
        .updateTable('vaccinations')
        .set({ registry_status: status === 'ACKNOWLEDGED' ? 'ACCEPTED' : 'REJECTED' })
        .where('id', '=', s.vaccination_id)
        .execute();
    await trx
      .updateTable('registry_connections')
      .set({
        last_successful_connection: at,
        connection_status: c.connection_status === 'ERROR' ? 'ACTIVE' : c.connection_status,
        updated_at: at,
      })
      .where('id', '=', c.id)
      .execute();
    await appendAudit(trx, {
      action: 'UPDATE',
      userId: null,
      deviceId: null,
      schoolId: s.school_id,
      tableName: 'registry_submissions',
      recordId: s.id,
      ip: null,
      userAgent: null,
      details: { status, ack: ack?.code ?? null, errors: errors.length },
      at,
    });
  });
  return status;
}
