import {
  addDays,
  addMinutes,
  chance,
  digits,
  type DistrictRow,
  idAt,
  insertMany,
  json,
  localDate,
  localTime,
  makeNpi,
  type NewRow,
  notAfter,
  pick,
  type SchoolRow,
  sectionFaker,
  type SeedContext,
  type StudentRow,
  type UserRow,
  weighted,
  easternUtcOffsetMinutes,
} from '../helpers';
import { buildAck, buildVxu, hl7Time } from '../../../src-shared/registry';
import { demoKek } from '../../encryption';
import { sealRegistrySecrets } from '../../registry';
import type { Eligibility } from '../billing';
import { REGISTRY_ERRORS } from './errors';
import type { Iis } from './iis';
import type { GuardianRow, VaccinationRow } from './rows';

/**
 * The state immunization registry: the district's registry_connections row, and for each dose given at school
 * its VXU submissions (registry_submissions), the ACKs (registry_responses) and the errors
 * (submission_error_log).
 */

export async function seedRegistrySubmissions(
  ctx: SeedContext,
  district: DistrictRow,
  schools: readonly SchoolRow[],
  users: readonly UserRow[],
  students: readonly StudentRow[],
  eligibility: ReadonlyMap<string, Eligibility>,
  iis: Iis,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.registry');
  const facilityId = `${district.state_code}${digits(f, 6)}`;
  const sendingApp = 'WHITECROSS';
  const connectionId = idAt(f, ctx.setupAt);
  const processingId: 'P' | 'T' = 'T';
  const byStudent = new Map(students.map((s) => [s.id, s] as const));
  const bySchool = new Map(schools.map((s) => [s.id, s] as const));
  const byUser = new Map(users.map((u) => [u.id, u] as const));
  // The district's medical director signs the standing orders school nurses vaccinate under (ORC-12).
  const md = sectionFaker(ctx.options.seed, 'district.medical-director');
  const medicalDirector = {
    npi: makeNpi(md, 'individual'),
    last: md.person.lastName(),
    first: md.person.firstName(),
  };

  const vaccinations: VaccinationRow[] = await ctx.db
    .selectFrom('vaccinations')
    .select([
      'id',
      'student_id',
      'school_id',
      'vaccine_type',
      'cvx_code',
      'mvx_code',
      'vaccine_name',
      'dose_number',
      'administration_date',
      'lot_number',
      'lot_expiration_date',
      'site',
      'route',
      'dose_volume_ml',
      'administered_by_user_id',
      'vis_edition_date',
      'registry_status',
      'created_at',
    ])
    .where('source', '=', 'ADMINISTERED')
    .where('deleted_at', 'is', null)
    .orderBy('administration_date')
    .orderBy('id')
    .execute();
  const guardians: GuardianRow[] = await ctx.db
    .selectFrom('guardians')
    .distinctOn('student_id')
    .select(['student_id', 'first_name', 'last_name', 'relationship', 'phone_primary'])
    .where('deleted_at', 'is', null)
    .orderBy('student_id')
    .orderBy('is_primary_contact', 'desc')
    .orderBy('contact_priority')
    .orderBy('id')
    .execute();
  const guardianOf = new Map(guardians.map((g) => [g.student_id, g] as const));

  const connection: NewRow<'registry_connections'> = {
    id: connectionId,
    registry_name: iis.name,
    state_code: district.state_code,
    registry_type: 'IMMUNIZATION',
    connection_method: 'HL7_V2',
    endpoint_url: `https://${iis.host}/hl7/cdc-iis/IISService`,
    hl7_version: '2.5.1',
    message_profile: 'Z22^CDCPHINVS (VXU), Z23^CDCPHINVS (ACK); CDC WSDL SOAP transport',
    authentication_method: 'USERNAME_PASSWORD',
    credential_vault_key: `registry/${district.state_code.toLowerCase()}/${iis.app.toLowerCase()}`,
    facility_id: facilityId,
    sending_application: sendingApp,
    sending_facility: facilityId,
    receiving_application: iis.app,
    receiving_facility: iis.facility,
    client_certificate_pem: null,
    request_timeout_seconds: 60,
    connection_status: 'ACTIVE',
    last_successful_connection: null,
    last_connection_error: null,
    test_mode: true,
    is_active: true,
    district_id: district.id,
    created_at: ctx.setupAt,
    updated_at: ctx.setupAt,
  };

  const submissions: NewRow<'registry_submissions'>[] = [];
  const responses: NewRow<'registry_responses'>[] = [];
  const errors: NewRow<'submission_error_log'>[] = [];
  let lastConnectionError: string | null = null;
  let lastAck: Date | null = null;
  let ctrl = 0;
  for (const v of vaccinations) {
    const s = byStudent.get(v.student_id);
    if (!s) continue;
    // The vaccination's registry_status is the outcome of its latest submission:
    //   ACCEPTED: AA (now and then after a first AE, corrected and re-sent the next day);
    //   SUBMITTED: a first VXU got AE, the corrected one is sent and awaits its ACK;
    //   REJECTED: AE; QUEUED: built, not sent yet; NOT_SUBMITTED / NOT_REQUIRED: nothing sent.
    type Attempt = 'AA' | 'AE' | 'SENT' | 'PENDING';
    let attempts: Attempt[];
    switch (v.registry_status) {
      case 'ACCEPTED':
        attempts = chance(f, 0.02) ? ['AE', 'AA'] : ['AA'];
        break;
      case 'SUBMITTED':
        attempts = ['AE', 'SENT'];
        break;
      case 'REJECTED':
        attempts = ['AE'];
        break;
      case 'QUEUED':
        attempts = ['PENDING'];
        break;
      default:
        continue;
    }
    const school = bySchool.get(v.school_id);
    const nurse = v.administered_by_user_id ? byUser.get(v.administered_by_user_id) : undefined;
    const e = eligibility.get(v.student_id);
    const medicaidOnDate =
      e && e.start && e.end && e.start <= v.administration_date && e.end >= v.administration_date;
    const vfc = medicaidOnDate
      ? 'V02'
      : weighted(f, [
          ['V01', 80],
          ['V03', 15],
          ['V05', 5],
        ] as const);
    const firstAt = notAfter(ctx, addMinutes(v.created_at, f.number.int({ min: 3, max: 45 })));
    let previousError: string | null = null;
    for (const [n, outcome] of attempts.entries()) {
      // A re-send goes out with the next nightly batch after the error was worked (1-3 days later).
      const sentAt =
        n === 0
          ? firstAt
          : localTime(addDays(localDate(firstAt), f.number.int({ min: 1, max: 3 })), 22, 15, n);
      if (sentAt.getTime() > ctx.options.asOf.getTime()) break;
      ctrl += 1;
      const controlId = `WC${hl7Time(sentAt, easternUtcOffsetMinutes(sentAt)).slice(0, 14)}${String(ctrl).padStart(5, '0')}`;
      const message = buildVxu({
        controlId,
        sentAt,
        utcOffsetMinutes: easternUtcOffsetMinutes(sentAt),
        processingId,
        sendingApp,
        sendingFacility: facilityId,
        receivingApp: iis.app,
        receivingFacility: iis.facility,
        patient: s,
        assigningAuthority: facilityId,
        guardians: guardianOf.has(s.id) ? [guardianOf.get(s.id)!] : [],
        vaccination: v,
        orderingProvider: medicalDirector,
        administeringProvider: nurse?.npi_number
          ? { npi: nurse.npi_number, last: nurse.last_name, first: nurse.first_name }
          : undefined,
        enteredBy: nurse ? { id: nurse.id, last: nurse.last_name, first: nurse.first_name } : undefined,
        vfc,
        facilityName: school?.name ?? district.name,
      });
      const retries = outcome === 'AA' && chance(f, 0.02) ? f.number.int({ min: 1, max: 2 }) : 0;
      const respondedAt = new Date(
        sentAt.getTime() + retries * 15 * 60_000 + f.number.int({ min: 1_200, max: 9_000 }),
      );
      const responded =
        (outcome === 'AA' || outcome === 'AE') && respondedAt.getTime() <= ctx.options.asOf.getTime();
      const code = outcome === 'AE' ? 'AE' : 'AA';
      const errDefs = outcome === 'AE' ? [pick(f, REGISTRY_ERRORS)] : [];
      const warn = outcome === 'AA' && chance(f, 0.05);
      const errs: {
        location: string;
        hl7Code: string;
        severity: 'E' | 'W';
        appCode: string;
        message: string;
      }[] = errDefs.map((d) => ({
        location: d.location,
        hl7Code: d.hl7Code,
        severity: 'E',
        appCode: d.appCode,
        message: d.message(v),
      }));
      if (warn) {
        errs.push({
          location: 'PID^1^11^1^1',
          hl7Code: '0^Message accepted^HL70357',
          severity: 'W',
          appCode: '4^Invalid value^HL70533',
          message: 'Patient address could not be validated against USPS; stored as sent',
        });
      }
      const ackControl = `${iis.app.slice(0, 4)}${digits(f, 12)}`;
      const ack = responded
        ? buildAck({
            controlId: ackControl,
            ackOf: controlId,
            sentAt: respondedAt,
            utcOffsetMinutes: easternUtcOffsetMinutes(respondedAt),
            processingId,
            registryApp: iis.app,
            registryFacility: iis.facility,
            receivingApp: sendingApp,
            receivingFacility: facilityId,
            code,
            errors: errs,
          })
        : null;
      const subId = idAt(f, sentAt);
      const status = !responded
        ? outcome === 'PENDING'
          ? 'PENDING'
          : 'SENT'
        : code === 'AA'
          ? 'ACKNOWLEDGED'
          : 'REJECTED';
      submissions.push({
        id: subId,
        registry_connection_id: connectionId,
        submission_date: sentAt,
        submission_type: 'NEW_IMMUNIZATION',
        student_id: s.id,
        vaccination_id: v.id,
        message_type: 'VXU',
        hl7_message: message,
        message_control_id: controlId,
        action_code: 'A',
        hold_reasons: null,
        next_attempt_at: status === 'PENDING' ? sentAt : null,
        submission_status: status,
        response_received_at: responded ? respondedAt : null,
        hl7_response: ack,
        acknowledgment_code: responded ? code : null,
        response_error_codes:
          responded && errDefs.length
            ? json(
                errDefs.map((d) => ({
                  location: d.location,
                  hl7_error: d.hl7Code.split('^')[0],
                  app_error: d.appCode.split('^')[0],
                })),
              )
            : null,
        response_warnings:
          responded && warn
            ? json([
                {
                  location: 'PID^1^11',
                  message: 'Patient address could not be validated against USPS; stored as sent',
                },
              ])
            : null,
        retry_count: retries,
        last_retry_at: retries ? new Date(sentAt.getTime() + retries * 15 * 60_000) : null,
        school_id: s.school_id,
        created_at: sentAt,
        updated_at: responded ? respondedAt : sentAt,
      });
      for (let r = 0; r < retries; r++) {
        const at = new Date(sentAt.getTime() + r * 15 * 60_000 + 60_000);
        lastConnectionError = `SOAP fault from ${iis.app}: connection timed out after 60 s (attempt ${r + 1})`;
        errors.push({
          id: idAt(f, at),
          submission_id: subId,
          error_timestamp: at,
          error_type: 'CONNECTION_ERROR',
          error_code: pick(f, ['ETIMEDOUT', 'HTTP 503', 'ECONNRESET']),
          error_message: lastConnectionError,
          hl7_segment: null,
          field_number: null,
          field_value: null,
          stack_trace: null,
          resolution_status: 'RESOLVED',
          resolution_notes: `Retried automatically; accepted on attempt ${retries + 1}.`,
          resolved_at: respondedAt,
          school_id: s.school_id,
          created_at: at,
          updated_at: respondedAt,
        });
      }
      if (!responded) continue;
      if (code === 'AA' && (lastAck === null || respondedAt.getTime() > lastAck.getTime()))
        lastAck = respondedAt;
      responses.push({
        id: idAt(f, respondedAt),
        submission_id: subId,
        response_date: respondedAt,
        response_type: code === 'AA' ? 'ACKNOWLEDGMENT' : 'ERROR',
        acknowledgment_status: code,
        error_severity: code === 'AE' ? 'ERROR' : warn ? 'WARNING' : null,
        error_messages: errs.length
          ? json(
              errs.map((x) => ({
                location: x.location,
                severity: x.severity,
                code: x.hl7Code.split('^')[0],
                message: x.message,
              })),
            )
          : null,
        immunization_history: null,
        forecast_recommendations: null,
        patient_registry_id: code === 'AA' ? digits(f, 9) : null,
        last_immunization_date: code === 'AA' ? v.administration_date : null,
        compliance_status: null,
        exemptions_on_file: null,
        response_metadata: json({
          ack_message_control_id: ackControl,
          processing_id: processingId,
          profile: 'Z23^CDCPHINVS',
          round_trip_ms: respondedAt.getTime() - sentAt.getTime() - retries * 15 * 60_000,
          ...(n > 0 && previousError ? { resubmission_of: previousError } : {}),
        }),
        school_id: s.school_id,
        created_at: respondedAt,
        updated_at: respondedAt,
      });
      for (const d of errDefs) {
        const next = attempts[n + 1];
        // The error was worked when the corrected dose went out again; otherwise it is still open.
        const resolution =
          next === 'AA'
            ? 'RESOLVED'
            : next === 'SENT'
              ? weighted(f, [
                  ['INVESTIGATING', 60],
                  ['KNOWN_ISSUE', 40],
                ] as const)
              : 'OPEN';
        const resolvedAt =
          resolution === 'RESOLVED'
            ? notAfter(ctx, localTime(addDays(localDate(firstAt), 1), 10, f.number.int({ min: 0, max: 59 })))
            : null;
        errors.push({
          id: idAt(f, respondedAt),
          submission_id: subId,
          error_timestamp: respondedAt,
          error_type: 'VALIDATION_ERROR',
          error_code: d.hl7Code.split('^')[0],
          error_message: d.message(v),
          hl7_segment: d.segment,
          field_number: d.field,
          field_value: d.value(v),
          stack_trace: null,
          resolution_status: resolution,
          resolution_notes:
            resolution === 'RESOLVED'
              ? 'Corrected with the IIS help desk; the dose was re-sent and accepted.'
              : resolution === 'KNOWN_ISSUE'
                ? `${iis.app} inventory feed lags VFC shipments by up to 2 weeks; the dose is re-sent with the nightly batch until accepted.`
                : resolution === 'INVESTIGATING'
                  ? 'Re-sent after correction; waiting for the registry acknowledgment.'
                  : null,
          resolved_at:
            resolvedAt && resolvedAt.getTime() >= respondedAt.getTime()
              ? resolvedAt
              : resolution === 'RESOLVED'
                ? respondedAt
                : null,
          school_id: s.school_id,
          created_at: respondedAt,
          updated_at: resolvedAt ?? respondedAt,
        });
      }
      previousError = controlId;
    }
  }
  await insertMany(
    ctx.db,
    'registry_connections',
    [
      {
        ...connection,
        last_successful_connection: lastAck,
        last_connection_error: lastConnectionError,
        updated_at: lastAck ?? connection.created_at,
      },
    ],
    ctx.progress,
  );
  // The connection's credentials, sealed under the demo KEK (server-sync/encryption/demo-kek.ts); drawn last, so the
  // rows above are what they were before there were credentials.
  const byte = () => f.number.int({ min: 0, max: 255 });
  const credentials: NewRow<'registry_credentials'> = {
    vault_key: connection.credential_vault_key ?? '',
    district_id: district.id,
    username: `${facilityId.toLowerCase()}-whitecross`,
    secret: sealRegistrySecrets(
      demoKek(ctx.options.seed),
      { password: f.string.alphanumeric(20), clientKeyPem: null },
      Uint8Array.from({ length: 12 }, byte),
    ),
    created_at: ctx.setupAt,
    updated_at: ctx.setupAt,
  };
  await insertMany(ctx.db, 'registry_credentials', [credentials], ctx.progress);
  await insertMany(ctx.db, 'registry_submissions', submissions, ctx.progress);
  await insertMany(ctx.db, 'registry_responses', responses, ctx.progress);
  await insertMany(ctx.db, 'submission_error_log', errors, ctx.progress);
}
