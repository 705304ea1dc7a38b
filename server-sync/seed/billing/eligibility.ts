import {
  addDays,
  addMinutes,
  between,
  chance,
  daysBetween,
  digits,
  idAt,
  insertMany,
  isoDate,
  localTime,
  makeNpi,
  type NewRow,
  notAfter,
  pick,
  sectionFaker,
  type SeedContext,
  type StudentRow,
  weighted,
} from '../helpers';
import type { MedicaidPayers } from './payers';

/** medicaid_eligibility: about a third of the students, with their coverage, plan and billing consent. */

export interface Eligibility {
  id: string;
  studentId: string;
  schoolId: string;
  status: 'PENDING' | 'VERIFIED' | 'EXPIRED' | 'DENIED';
  start: string | null;
  end: string | null;
  mco: MedicaidPayers['mcos'][number] | null;
  memberId: string | null;
  medicaidId: string;
  billingConsent: boolean;
}

export async function seedEligibility(
  ctx: SeedContext,
  state: MedicaidPayers,
  students: readonly StudentRow[],
): Promise<Map<string, Eligibility>> {
  const f = sectionFaker(ctx.options.seed, 'integrations.medicaid');
  const periodStart = ctx.years[0]?.start ?? ctx.today;
  const used = new Set<string>();
  const out = new Map<string, Eligibility>();
  const rows: NewRow<'medicaid_eligibility'>[] = [];
  for (const s of students) {
    if (!chance(f, 0.35)) continue;
    const status = weighted(f, [
      ['VERIFIED', 78],
      ['EXPIRED', 12],
      ['PENDING', 6],
      ['DENIED', 4],
    ] as const);
    let medicaidId = `${f.number.int({ min: 1, max: 9 })}${digits(f, 11)}`;
    while (used.has(medicaidId)) medicaidId = `${f.number.int({ min: 1, max: 9 })}${digits(f, 11)}`;
    used.add(medicaidId);
    const importedAtSetup =
      s.created_at.getTime() <= ctx.setupAt.getTime() + 86_400_000 && status !== 'PENDING';
    let createdAt = importedAtSetup
      ? addMinutes(ctx.setupAt, f.number.int({ min: 30, max: 600 }))
      : notAfter(ctx, between(f, s.created_at, ctx.options.asOf));
    if (status === 'PENDING')
      createdAt = notAfter(
        ctx,
        localTime(
          addDays(ctx.today, -f.number.int({ min: 1, max: 30 })),
          f.number.int({ min: 8, max: 15 }),
          f.number.int({ min: 0, max: 59 }),
        ),
      );
    // Covered students are in managed care (90%) or fee-for-service; applicants have no plan yet.
    const covered = status === 'VERIFIED' || status === 'EXPIRED';
    const managed = chance(f, 0.9);
    const mco = covered && managed ? pick(f, state.mcos) : null;
    let start: string | null = null;
    let end: string | null = null;
    let verification: string | null = null;
    let next: string | null = null;
    if (status === 'VERIFIED' || status === 'EXPIRED') {
      start = addDays(periodStart, -f.number.int({ min: 20, max: 900 }));
      if (status === 'VERIFIED') {
        end = addDays(ctx.today, f.number.int({ min: 20, max: 340 }));
        verification = addDays(ctx.today, -f.number.int({ min: 0, max: 85 }));
        if (verification < isoDate(createdAt)) verification = isoDate(createdAt);
      } else {
        const span = Math.max(30, daysBetween(periodStart, ctx.today) - 10);
        end = addDays(periodStart, f.number.int({ min: 20, max: span }));
        verification = addDays(end, f.number.int({ min: 1, max: 14 }));
        if (verification > ctx.today) verification = ctx.today;
      }
      next = addDays(verification, 90);
    } else if (status === 'DENIED') {
      verification = isoDate(createdAt);
    }
    const consent = status !== 'DENIED' && chance(f, 0.85);
    const category = status === 'DENIED' ? null : weighted(f, state.categories);
    const pcpName = `${f.person.lastName()} ${pick(f, ['Pediatrics', 'Family Medicine', 'Pediatric Associates', "Children's Health Center"])}`;
    const updatedAt = verification
      ? notAfter(ctx, new Date(Math.max(createdAt.getTime(), localTime(verification, 7, 15).getTime())))
      : createdAt;
    const id = idAt(f, createdAt);
    const e: Eligibility = {
      id,
      studentId: s.id,
      schoolId: s.school_id,
      status,
      start,
      end,
      mco,
      memberId: mco ? mco.member(f) : null,
      medicaidId,
      billingConsent: consent,
    };
    out.set(s.id, e);
    const notes: string[] = [];
    if (consent)
      notes.push(
        `Parental consent to bill Medicaid (34 CFR 300.154) on file, signed ${start && start > periodStart ? start : addDays(periodStart, -f.number.int({ min: 3, max: 30 }))}.`,
      );
    else if (status !== 'DENIED')
      notes.push('No parental consent to bill Medicaid on file: services are not billed.');
    if (status === 'DENIED') notes.push(`Application denied: ${state.incomeNote}.`);
    if (status === 'EXPIRED')
      notes.push('Coverage ended at annual redetermination; family notified to renew.');
    if (status === 'PENDING')
      notes.push(
        `Application submitted to the county JFS office; awaiting determination from the ${state.medicaidAgency}.`,
      );
    rows.push({
      id,
      student_id: s.id,
      medicaid_id: medicaidId,
      // The county case number of the family's Medicaid case.
      state_medicaid_id: status === 'PENDING' ? null : digits(f, 10),
      eligibility_status: status,
      verification_date: verification,
      coverage_start_date: start,
      coverage_end_date: end,
      managed_care_organization: mco ? mco.name : covered ? `${state.medicaidAgency} fee-for-service` : null,
      mco_member_id: e.memberId,
      primary_care_provider: covered ? pcpName : null,
      pcp_npi: covered ? makeNpi(f, 'individual') : null,
      benefit_plan_type: covered ? (mco ? 'Medicaid managed care' : 'Medicaid fee-for-service') : null,
      copay_amount: covered ? '0.00' : null,
      eligibility_category: category,
      last_verification_check: verification,
      next_verification_due: next,
      verification_frequency_days: 90,
      auto_reverify: status !== 'DENIED',
      eligibility_notes: notes.join(' '),
      school_id: s.school_id,
      created_at: createdAt,
      updated_at: updatedAt,
    });
  }
  await insertMany(ctx.db, 'medicaid_eligibility', rows, ctx.progress);
  return out;
}
