import type { Faker } from '@faker-js/faker';
import {
  addDays,
  chance,
  type ColumnOf,
  daysBetween,
  digits,
  type DistrictRow,
  districtSetting,
  idAt,
  insertMany,
  json,
  localDate,
  localTime,
  makeNpi,
  minDate,
  type NewRow,
  nextWeekday,
  notAfter,
  pick,
  sectionFaker,
  type SeedContext,
  type SeedDb,
  stringList,
  type StudentRow,
  type UserRow,
  weekday,
  weighted,
} from '../helpers';
import {
  adjustmentCode,
  centsToDecimal,
  claimBatchId,
  claimNumber,
  decimalToCents,
  ediFilePath,
  eraFilePath,
  isaControlNumber,
  parseAdjustmentCode,
  patientControlNumber,
  timedServiceUnits,
  x12Date,
} from '../../../src-shared/billing';
import { DENIALS, PROCEDURES, REJECTIONS, type Procedure } from './catalog';
import type { Eligibility } from './eligibility';
import type { MedicaidPayers } from './payers';

/**
 * billing_claims with their claim_line_items, claim_submissions (837P batches, 999/277CA acknowledgments)
 * and payment_tracking (835 remittances), one claim per billable visit of a covered student with consent.
 */

/** Finished clinic visits with their reason, in time order. */
function readBillableVisits(db: SeedDb) {
  return db
    .selectFrom('clinic_visits as v')
    .leftJoin('visit_reasons as r', 'r.id', 'v.visit_reason_id')
    .select([
      'v.id',
      'v.student_id',
      'v.school_id',
      'v.arrival_time',
      'v.departure_time',
      'v.visit_duration_minutes',
      'v.attended_by_user_id',
      'r.reason_code',
      'r.reason_category',
      'r.icd10_codes',
      'v.vital_signs_taken',
      'v.sent_home',
    ])
    .where('v.deleted_at', 'is', null)
    .where('v.departure_time', 'is not', null)
    .orderBy('v.arrival_time')
    .orderBy('v.id')
    .execute();
}

type VisitRow = Awaited<ReturnType<typeof readBillableVisits>>[number];

interface ClaimLine {
  proc: Procedure;
  units: number;
}

function linesFor(f: Faker, v: VisitRow): ClaimLine[] | null {
  const minutes = Math.max(5, v.visit_duration_minutes ?? 10);
  const t1002Units = timedServiceUnits(minutes, 15, 4);
  const P = PROCEDURES;
  const need = (code: string): Procedure => {
    const p = P[code];
    if (!p) throw new Error(`unknown procedure ${code}`);
    return p;
  };
  switch (v.reason_code) {
    case 'VISION_SCREENING':
      return [{ proc: need('99173'), units: 1 }];
    case 'HEARING_SCREENING':
      return [{ proc: need('92551'), units: 1 }];
    case 'HEAD_LICE_CHECK':
    case 'IMMUNIZATION':
      return null; // not billed (lice checks are not covered; VFC vaccine administration is billed elsewhere)
    default:
      break;
  }
  switch (v.reason_category) {
    case 'MEDICATION':
      return [{ proc: need('T1002'), units: 1 }];
    case 'CHRONIC_CONDITION': {
      const lines: ClaimLine[] = [{ proc: need('T1002'), units: t1002Units }];
      if (chance(f, 0.3)) lines.unshift({ proc: need('T1001'), units: 1 });
      return lines;
    }
    case 'ILLNESS':
    case 'INJURY': {
      if (minutes >= 25 && chance(f, 0.15)) return [{ proc: need('99212'), units: 1 }];
      if (minutes >= 20 && chance(f, 0.35))
        return [
          { proc: need('T1001'), units: 1 },
          { proc: need('T1002'), units: t1002Units },
        ];
      return [{ proc: need('99211'), units: 1 }];
    }
    default:
      return null;
  }
}

interface PaymentGroup {
  payer: string;
  date: string;
  trace: string;
  method: 'EFT' | 'CHECK';
}

export async function seedClaims(
  ctx: SeedContext,
  district: DistrictRow,
  state: MedicaidPayers,
  users: readonly UserRow[],
  students: readonly StudentRow[],
  eligibility: Map<string, Eligibility>,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'integrations.claims');
  const settingNpi = districtSetting(district, 'npi');
  const billingNpi =
    settingNpi && /^[0-9]{10}$/.test(settingNpi)
      ? settingNpi
      : makeNpi(sectionFaker(ctx.options.seed, 'district.npi'), 'organization');
  const ein = districtSetting(district, 'ein') ?? `31-${digits(f, 7)}`;
  const bankLast4 = digits(f, 4);
  const byUser = new Map(users.map((u) => [u.id, u] as const));
  const byStudent = new Map(students.map((s) => [s.id, s] as const));

  const visits = await readBillableVisits(ctx.db);

  const claims: NewRow<'billing_claims'>[] = [];
  const lines: NewRow<'claim_line_items'>[] = [];
  const submissions: NewRow<'claim_submissions'>[] = [];
  const payments: NewRow<'payment_tracking'>[] = [];
  const seqByYear = new Map<string, number>();
  const batches = new Map<string, { id: string; isa: string }>();
  let isa = 100_000_000 + f.number.int({ min: 1, max: 899_999 });
  const remits = new Map<string, PaymentGroup>();

  for (const v of visits) {
    const e = eligibility.get(v.student_id);
    const student = byStudent.get(v.student_id);
    if (!e || !student || !e.billingConsent || !e.start || !e.end) continue;
    const serviceDate = localDate(v.arrival_time);
    if (serviceDate < e.start || serviceDate > e.end || serviceDate > ctx.today) continue;
    const nurse = byUser.get(v.attended_by_user_id);
    if (!nurse?.npi_number) continue;
    const claimLines = linesFor(f, v);
    if (!claimLines) continue;

    const year = serviceDate.slice(0, 4);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const claimNo = claimNumber(Number(year), seq);
    const diagnoses = stringList(v.icd10_codes).slice(0, chance(f, 0.3) ? 2 : 1);
    if (diagnoses.length === 0) diagnoses.push(v.reason_category === 'INJURY' ? 'T14.90XA' : 'R69');

    // The claim's life: created a few days after the visit, sent in the Monday 837P batch,
    // acknowledged (999, 277CA), adjudicated in 1-4 weeks, paid on the Friday remittance.
    const createdDate = minDate(addDays(serviceDate, f.number.int({ min: 1, max: 3 })), ctx.today);
    const createdAt = notAfter(
      ctx,
      localTime(createdDate, f.number.int({ min: 7, max: 15 }), f.number.int({ min: 0, max: 59 })),
    );
    const batchDate = nextWeekday(addDays(createdDate, 1), 1);
    const adjudication = addDays(batchDate, f.number.int({ min: 8, max: 27 }));
    const outcome = weighted(f, [
      ['PAID', 86],
      ['DENIED', 8],
      ['ADJUSTED', 6],
    ] as const);
    const payDate = nextWeekday(addDays(adjudication, 1), 5);
    const rejectedFirst = chance(f, 0.02);
    let status: ColumnOf<'billing_claims', 'claim_status'>;
    if (batchDate > ctx.today)
      status = daysBetween(createdDate, ctx.today) >= 1 || chance(f, 0.4) ? 'READY' : 'DRAFT';
    else if (adjudication > ctx.today) status = addDays(batchDate, 3) <= ctx.today ? 'PENDING' : 'SUBMITTED';
    else if (outcome === 'DENIED') status = 'DENIED';
    else status = payDate <= ctx.today ? outcome : 'PENDING';

    const mcoPayer = e.mco
      ? { name: e.mco.name, id: e.mco.payerId }
      : { name: state.medicaidAgency, id: state.payerId };
    const claimId = idAt(f, createdAt);
    let totalCents = 0;
    let paidCents = 0;
    // CO-27 (coverage terminated) only near the end of coverage; any other reason elsewhere.
    const nearEnd = daysBetween(serviceDate, e.end) <= 30;
    const denial =
      status === 'DENIED'
        ? weighted(
            f,
            DENIALS.filter(([d]) => nearEnd || d.code !== 'CO-27'),
          )
        : null;
    const adjustedLine = status === 'ADJUSTED' ? f.number.int({ min: 0, max: claimLines.length - 1 }) : -1;
    const claimCas: { group: string; code: string; amount: string }[] = [];
    let prCents = 0;
    const prOnClaim = (status === 'PAID' || status === 'ADJUSTED') && chance(f, 0.02);
    claimLines.forEach((l, i) => {
      const lineTotal = l.proc.charge * l.units;
      totalCents += lineTotal;
      let linePaid: number | null = null;
      let lineStatus: ColumnOf<'claim_line_items', 'line_status'> = 'PENDING';
      let lineDenial: string | null = null;
      const cas: { group: string; code: string; amount: string }[] = [];
      if (status === 'PAID' || status === 'ADJUSTED') {
        const allowed = l.proc.allowed * l.units;
        if (i === adjustedLine) {
          if (claimLines.length > 1 && l.proc.code === 'T1001') {
            linePaid = 0;
            cas.push({ group: 'CO', code: '97', amount: centsToDecimal(lineTotal) });
            lineDenial = 'CO-97';
          } else {
            const reduced = Math.round(allowed * (l.units > 1 ? (l.units - 1) / l.units : 0.5));
            linePaid = reduced;
            cas.push({ group: 'CO', code: '45', amount: centsToDecimal(lineTotal - allowed) });
            cas.push({ group: 'CO', code: '119', amount: centsToDecimal(allowed - reduced) });
          }
          lineStatus = 'ADJUSTED';
        } else {
          linePaid = allowed;
          cas.push({ group: 'CO', code: '45', amount: centsToDecimal(lineTotal - allowed) });
          lineStatus = 'APPROVED';
        }
        if (prOnClaim && i === 0 && linePaid > 500) {
          const pr = Math.min(linePaid - 100, pick(f, [300, 500]));
          linePaid -= pr;
          prCents += pr;
          cas.push({ group: 'PR', code: '1', amount: centsToDecimal(pr) });
        }
        paidCents += linePaid;
      } else if (status === 'DENIED' && denial) {
        linePaid = 0;
        lineStatus = 'DENIED';
        lineDenial = denial.code;
        const { group, reason } = parseAdjustmentCode(denial.code);
        cas.push({ group, code: reason, amount: centsToDecimal(lineTotal) });
      }
      claimCas.push(...cas);
      lines.push({
        id: idAt(f, createdAt),
        claim_id: claimId,
        line_number: i + 1,
        service_date: serviceDate,
        procedure_code: l.proc.code,
        procedure_description: l.proc.description,
        modifiers: json(l.proc.modifiers),
        units: l.units,
        unit_charge: centsToDecimal(l.proc.charge),
        total_charge: centsToDecimal(lineTotal),
        paid_amount: linePaid === null ? null : centsToDecimal(linePaid),
        adjustment_codes: cas.length
          ? json(cas.map((c) => ({ ...c, carc: adjustmentCode(c.group, c.code) })))
          : null,
        adjustment_amount: linePaid === null ? null : centsToDecimal(lineTotal - linePaid),
        line_status: lineStatus,
        denial_code: lineDenial,
        school_id: v.school_id,
        created_at: createdAt,
        updated_at: createdAt,
      });
    });

    const submitted = status !== 'DRAFT' && status !== 'READY';
    const finalised = status === 'PAID' || status === 'DENIED' || status === 'ADJUSTED';
    const updatedAt = notAfter(
      ctx,
      localTime(
        status === 'PAID' || status === 'ADJUSTED'
          ? payDate
          : finalised
            ? adjudication
            : submitted
              ? batchDate
              : createdDate,
        9,
      ),
    );
    claims.push({
      id: claimId,
      claim_number: claimNo,
      student_id: v.student_id,
      eligibility_id: e.id,
      service_date: serviceDate,
      date_of_birth: student.date_of_birth,
      diagnosis_codes: json(diagnoses),
      place_of_service_code: '03',
      billing_provider_npi: billingNpi,
      billing_provider_name: district.name,
      billing_provider_taxonomy: '251300000X',
      rendering_provider_npi: nurse.npi_number,
      rendering_provider_name: `${nurse.first_name} ${nurse.last_name}, RN`,
      total_charge: centsToDecimal(totalCents),
      claim_status: status,
      created_date: createdDate,
      submitted_date: submitted ? batchDate : null,
      adjudication_date:
        finalised || (status === 'PENDING' && adjudication <= ctx.today) ? adjudication : null,
      paid_date: status === 'PAID' || status === 'ADJUSTED' ? payDate : null,
      paid_amount: finalised ? centsToDecimal(paidCents) : null,
      adjustment_amount: finalised ? centsToDecimal(totalCents - paidCents) : null,
      denial_code: denial?.code ?? null,
      denial_reason: denial?.reason ?? null,
      claim_metadata: json({
        clinic_visit_id: v.id,
        claim_frequency_code: '1',
        patient_control_number: patientControlNumber(claimNo),
        payer: { name: mcoPayer.name, payer_id: mcoPayer.id },
        subscriber: { medicaid_id: e.medicaidId, member_id: e.memberId },
        billing_provider: { npi: billingNpi, tax_id: ein, taxonomy: '251300000X' },
        rendering_provider: { npi: nurse.npi_number, taxonomy: '163WS0121X' },
        place_of_service: '03 (School)',
        ...(claimCas.length ? { adjustments: claimCas.map((c) => adjustmentCode(c.group, c.code)) } : {}),
      }),
      school_id: v.school_id,
      created_at: createdAt,
      updated_at: updatedAt,
    });

    if (submitted) {
      const attempts = rejectedFirst && finalised ? 2 : 1;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const date = attempt === 0 ? batchDate : nextWeekday(addDays(batchDate, 1), 1);
        const batchKey = `${date}`;
        let batch = batches.get(batchKey);
        if (!batch) {
          isa += 1;
          batch = { id: claimBatchId(date), isa: isaControlNumber(isa) };
          batches.set(batchKey, batch);
        }
        const sentAt = localTime(date, 3, 0, f.number.int({ min: 5, max: 50 }));
        const rejected = attempts === 2 && attempt === 0;
        const ackDate = addDays(date, 1);
        const caDate = addDays(date, 2);
        const subStatus = rejected
          ? 'REJECTED'
          : caDate <= ctx.today
            ? 'ACCEPTED'
            : ackDate <= ctx.today
              ? 'ACKNOWLEDGED'
              : 'SENT';
        submissions.push({
          id: idAt(f, sentAt),
          claim_id: claimId,
          submission_date: sentAt,
          submission_method: 'EDI_837P',
          clearinghouse_name: state.ediGateway,
          transmission_id: batch.isa,
          batch_id: batch.id,
          submission_status: subStatus,
          acknowledgment_date:
            subStatus === 'SENT' ? null : localTime(subStatus === 'ACKNOWLEDGED' ? ackDate : caDate, 6, 10),
          acknowledgment_code: rejected
            ? '277CA:A7'
            : subStatus === 'ACCEPTED'
              ? '277CA:A1:20'
              : subStatus === 'ACKNOWLEDGED'
                ? '999:A'
                : null,
          rejection_reason: rejected ? pick(f, REJECTIONS) : null,
          edi_file_path: ediFilePath('837p', date, batch.id),
          response_file_path:
            subStatus === 'SENT'
              ? null
              : ediFilePath(subStatus === 'ACKNOWLEDGED' ? '999' : '277ca', date, batch.id),
          retry_count: attempt,
          school_id: v.school_id,
          created_at: sentAt,
          updated_at:
            subStatus === 'SENT' ? sentAt : localTime(subStatus === 'ACKNOWLEDGED' ? ackDate : caDate, 6, 10),
        });
      }
    }

    if (status === 'PAID' || status === 'ADJUSTED') {
      const key = `${mcoPayer.id}|${payDate}`;
      let remit = remits.get(key);
      if (!remit) {
        const method = !e.mco && chance(f, 0.3) ? 'CHECK' : 'EFT';
        remit = {
          payer: mcoPayer.id,
          date: payDate,
          method,
          trace: method === 'CHECK' ? digits(f, 8) : `1${x12Date(payDate)}${digits(f, 6)}`,
        };
        remits.set(key, remit);
      }
      const deposited = addDays(payDate, remit.method === 'CHECK' ? 3 : weekday(payDate) === 5 ? 3 : 1);
      const ageDays = daysBetween(payDate, ctx.today);
      const reconciliation =
        ageDays < 3
          ? 'PENDING'
          : chance(f, 0.015)
            ? 'UNMATCHED'
            : status === 'ADJUSTED' && chance(f, 0.15)
              ? 'DISPUTED'
              : 'MATCHED';
      const contractual = claimCas
        .filter((c) => c.group === 'CO')
        .reduce((s, c) => s + decimalToCents(c.amount), 0);
      const at = localTime(payDate, 10, f.number.int({ min: 0, max: 59 }));
      payments.push({
        id: idAt(f, at),
        claim_id: claimId,
        payment_date: payDate,
        payment_method: remit.method,
        check_number: remit.method === 'CHECK' ? remit.trace : null,
        eft_trace_number: remit.method === 'EFT' ? remit.trace : null,
        payment_amount: centsToDecimal(paidCents),
        era_file_path: eraFilePath(mcoPayer.id, payDate),
        adjustment_codes: json(claimCas.map((c) => ({ ...c, carc: adjustmentCode(c.group, c.code) }))),
        adjustment_total: centsToDecimal(totalCents - paidCents),
        contractual_adjustment: centsToDecimal(contractual),
        patient_responsibility: centsToDecimal(prCents),
        remarks:
          status === 'ADJUSTED'
            ? pick(f, [
                'N362: units exceed the maximum allowed for this service per day',
                'M86: service denied because payment already made for same/similar procedure within set time frame',
                'N20: service not payable with other service rendered on the same date',
              ])
            : null,
        deposited_date: deposited <= ctx.today ? deposited : null,
        bank_account_last_four: bankLast4,
        reconciliation_status: reconciliation,
        school_id: v.school_id,
        created_at: at,
        updated_at:
          reconciliation === 'PENDING' ? at : notAfter(ctx, localTime(minDate(deposited, ctx.today), 11)),
      });
    }
  }

  await insertMany(ctx.db, 'billing_claims', claims, ctx.progress);
  await insertMany(ctx.db, 'claim_line_items', lines, ctx.progress);
  await insertMany(ctx.db, 'claim_submissions', submissions, ctx.progress);
  await insertMany(ctx.db, 'payment_tracking', payments, ctx.progress);
}
