import { missingDoses as missingRuleDoses, requiredByVaccine } from '../../../src-shared/immunizations';
import type { Faker } from '@faker-js/faker';
import type { CatalogIds } from '../helpers';
import { SCHEDULES } from './schedules';
import type { DistrictRec } from '../district';
import { fluProduct, lotNumber, PRODUCTS, VIS_EDITION } from './products';
import { fluClinicDay, history, siteFor, type Skips } from './history';
import { seedReminders, type CatchUp } from './reminders';
import type { ImmunizationPlan, ImmunizationResult, MissingDose, SchoolDose } from './types';
import { enrolledOn, isAbsent, nurseOf, type StudentRec } from '../students';
import {
  insertMany,
  sectionFaker,
  addDays,
  addMinutes,
  chance,
  daysBetween,
  fakeSha256,
  gradeNumber,
  localTime,
  newId,
  pick,
  stamps,
  weighted,
  type SeedContext,
  type NewRow,
  type ColumnOf,
} from '../helpers';

/**
 * Each student's immunization history from birth (vaccinations), immunization_exemptions with their
 * exemption-form documents, immunization-record documents of students who moved in, and (through
 * reminders.ts) immunization_reminders and reminder_delivery_status.
 * About 85% of students are compliant, 10% overdue (missing doses) and 5% exempt.
 */

/** The plan of each student: 85% compliant, 10% overdue, 5% exempt (a small district still shows one of each). */
function plans(f: Faker, students: readonly StudentRec[]): Map<string, ImmunizationPlan> {
  const out = new Map<string, ImmunizationPlan>();
  for (const s of students) {
    out.set(
      s.id,
      weighted<ImmunizationPlan>(f, [
        ['COMPLIANT', 85],
        ['OVERDUE', 10],
        ['EXEMPT_NONMEDICAL', 3.5],
        ['EXEMPT_MEDICAL', 1.5],
      ]),
    );
  }
  if (students.length >= 10) {
    const active = students.filter((s) => s.status === 'ACTIVE');
    for (const want of ['OVERDUE', 'EXEMPT_NONMEDICAL'] as const) {
      if (!active.some((s) => out.get(s.id) === want)) {
        const pool = active.filter((s) => out.get(s.id) === 'COMPLIANT');
        if (pool.length > 0) out.set(pick(f, pool).id, want);
      }
    }
  }
  return out;
}

function skipsFor(f: Faker, s: StudentRec, plan: ImmunizationPlan): Skips {
  const g = gradeNumber(s.grade);
  switch (plan) {
    case 'COMPLIANT':
      return chance(f, 0.005) ? { noVar: true } : {};
    case 'OVERDUE':
      if (g <= 6)
        return weighted<Skips>(f, [
          [{ fourYear: true }, 45],
          [{ mmrVar2: true }, 35],
          [{ hepb3: true }, 20],
        ]);
      if (g <= 11)
        return weighted<Skips>(f, [
          [{ tdap: true, men1: true }, 45],
          [{ men1: true }, 35],
          [{ tdap: true }, 20],
        ]);
      return { men2: true };
    case 'EXEMPT_NONMEDICAL':
      return { stopAfterMonths: chance(f, 0.5) ? 0 : 7, men2: true };
    case 'EXEMPT_MEDICAL':
      return { noMmrVar: true };
  }
}

/** Schedule rules required for school entry, as the immunization rules read them (the seed's SCHEDULES). */
const REQUIRED_RULES = SCHEDULES.filter((sd) => sd.required).map((sd) => ({
  vaccine: sd.vaccine,
  doseNumber: sd.dose,
  gradeLevel: sd.grade,
}));

/** Doses of required vaccines missing on asOf, counted as compliance_dashboard_cache counts them (distinct dates per vaccine_type). */
export function missingDoses(
  s: StudentRec,
  datesBySeries: ReadonlyMap<string, ReadonlySet<string>>,
  catalogs: CatalogIds,
): MissingDose[] {
  const out: MissingDose[] = [];
  for (const [vaccine, rules] of requiredByVaccine(REQUIRED_RULES, s.grade)) {
    for (const r of missingRuleDoses(rules, datesBySeries.get(vaccine)?.size ?? 0)) {
      const scheduleId = catalogs.schedules.get(`${vaccine}:${r.doseNumber}`);
      if (scheduleId) out.push({ vaccine, dose: r.doseNumber, scheduleId });
    }
  }
  return out;
}

export async function seedImmunizations(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  students: readonly StudentRec[],
): Promise<ImmunizationResult> {
  const f = sectionFaker(ctx.options.seed, 'immunizations');
  const planOf = plans(f, students);
  const rows: NewRow<'vaccinations'>[] = [];
  const exemptionRows: NewRow<'immunization_exemptions'>[] = [];
  const documentRows: NewRow<'documents'>[] = [];
  const schoolDoses: SchoolDose[] = [];
  const datesByStudent = new Map<string, ReadonlyMap<string, ReadonlySet<string>>>();
  const catchUps: CatchUp[] = [];
  const overdue: { student: StudentRec; missing: MissingDose[] }[] = [];
  const clinicDays = ctx.years
    .map((y) => fluClinicDay(y.startYear))
    .filter((d) => ctx.years.some((y) => y.days.includes(d)));

  for (const s of students) {
    const plan = planOf.get(s.id) ?? 'COMPLIANT';
    const skips = skipsFor(f, s, plan);
    const shots = history(f, ctx, s, skips, district);
    const nurse = nurseOf(s);
    // The school flu clinic and, for 7th graders missing Tdap, a catch-up dose at the same clinic.
    for (const day of clinicDays) {
      if (!enrolledOn(s, day) || isAbsent(ctx.options.seed, s, day)) continue;
      const season = Number(day.slice(0, 4));
      const hadFlu = shots.some((x) => x.product.series.includes('Influenza') && x.date >= `${season}-08-01`);
      const at = localTime(day, 9 + f.number.int({ min: 0, max: 4 }), f.number.int({ min: 0, max: 59 }));
      if (at.getTime() > ctx.options.asOf.getTime()) continue;
      const where = { facility: s.school.name, provider: 'School nurse', atSchool: { at, nurseId: nurse } };
      if (!hadFlu && plan !== 'EXEMPT_NONMEDICAL' && chance(f, 0.16))
        shots.push({ date: day, product: fluProduct(f, season), ...where });
      if (skips.tdap && s.grade === '7' && day >= (ctx.years.at(-1)?.start ?? day) && chance(f, 0.35)) {
        shots.push({ date: day, product: pick(f, PRODUCTS.tdap), ...where });
      }
    }
    shots.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

    // One row per series a shot counts toward, numbered per series.
    const doseCount = new Map<string, number>();
    const datesBySeries = new Map<string, Set<string>>();
    let side = 0;
    let lastDate = '';
    for (const shot of shots) {
      side = shot.date === lastDate ? side + 1 : 0;
      lastDate = shot.date;
      const lot = lotNumber(f, shot.product.mvx);
      const expires = addDays(shot.date, f.number.int({ min: 150, max: 700 }));
      const site = siteFor(f, s.dob, shot.date, side);
      const ids: string[] = [];
      const entered = shot.atSchool
        ? addMinutes(shot.atSchool.at, 2)
        : new Date(
            Math.min(
              ctx.options.asOf.getTime() - 3_600_000,
              Math.max(
                s.createdAt.getTime() + 60_000,
                localTime(addDays(shot.date, f.number.int({ min: 3, max: 40 })), 10).getTime(),
              ),
            ),
          );
      for (const series of shot.product.series) {
        // Influenza doses are numbered within their season; every other series counts from birth.
        const counter =
          series === 'Influenza'
            ? `Influenza:${Number(shot.date.slice(0, 4)) - (shot.date.slice(5) < '07-01' ? 1 : 0)}`
            : series;
        const n = (doseCount.get(counter) ?? 0) + 1;
        doseCount.set(counter, n);
        const dates = datesBySeries.get(series) ?? new Set<string>();
        dates.add(shot.date);
        datesBySeries.set(series, dates);
        const id = newId(f, entered);
        ids.push(id);
        const ageDays = daysBetween(shot.date, ctx.today);
        rows.push({
          id,
          student_id: s.id,
          vaccine_type: series,
          cvx_code: shot.product.cvx,
          mvx_code: shot.product.mvx,
          vaccine_name: shot.product.name,
          dose_number: n,
          administration_date: shot.date,
          lot_number: lot,
          lot_expiration_date: expires,
          site,
          route: shot.product.route,
          dose_volume_ml: shot.product.volumeMl,
          source: shot.atSchool ? 'ADMINISTERED' : 'HISTORICAL',
          administered_by_user_id: shot.atSchool?.nurseId ?? null,
          provider_name: shot.atSchool ? null : shot.provider,
          facility_name: shot.facility,
          vis_edition_date: shot.atSchool ? (VIS_EDITION[series] ?? null) : null,
          registry_status: shot.atSchool
            ? ageDays <= 2
              ? 'NOT_SUBMITTED'
              : chance(f, 0.95)
                ? 'ACCEPTED'
                : 'SUBMITTED'
            : 'NOT_REQUIRED',
          notes:
            shot.product.series.length > 1
              ? `Combination vaccine (${shot.product.series.join(', ')}): one dose counted toward each series.`
              : null,
          school_id: s.school.id,
          ...stamps(entered),
        });
      }
      if (shot.atSchool && shot.product.series.includes('Tdap'))
        catchUps.push({ student: s, date: shot.date, at: shot.atSchool.at, nurseId: shot.atSchool.nurseId });
      if (shot.atSchool) {
        schoolDoses.push({
          student: s,
          at: shot.atSchool.at,
          vaccine: shot.product.series.join('/'),
          productName: shot.product.name,
          nurseId: shot.atSchool.nurseId,
          vaccinationIds: ids,
        });
      }
    }

    datesByStudent.set(s.id, datesBySeries);

    // Exemptions, each with its signed form.
    const exemptions: {
      vaccine: string | null;
      type: ColumnOf<'immunization_exemptions', 'exemption_type'>;
      note: string;
      end: string | null;
    }[] = [];
    if (plan === 'EXEMPT_NONMEDICAL') {
      exemptions.push({
        vaccine: null,
        type: chance(f, 0.45) ? 'RELIGIOUS' : 'PHILOSOPHICAL',
        note: 'Parent statement of objection for reasons of conscience, including religious convictions (ORC 3313.671(B)(4)).',
        end: null,
      });
    } else if (plan === 'EXEMPT_MEDICAL') {
      const reason = pick(f, [
        'Immunocompromised: maintenance chemotherapy for acute lymphoblastic leukemia',
        'Solid organ transplant recipient on immunosuppressive therapy',
        'Anaphylaxis to gelatin (vaccine component)',
      ]);
      const end = ctx.years.at(-1)?.end ?? null;
      for (const vaccine of ['MMR', 'VAR'])
        exemptions.push({
          vaccine,
          type: 'MEDICAL',
          note: `Physician-signed medical contraindication: ${reason}. Live vaccines contraindicated; renew each school year.`,
          end,
        });
    } else if (skips.noVar) {
      exemptions.push({
        vaccine: 'VAR',
        type: 'HISTORY_OF_DISEASE',
        note: 'Physician-documented history of varicella (chickenpox) disease.',
        end: null,
      });
    }
    for (const ex of exemptions) {
      const approvalLag = f.number.int({ min: 0, max: 5 });
      const start =
        s.enrollmentDate < (ctx.years[0]?.start ?? s.enrollmentDate)
          ? (ctx.years[0]?.start ?? s.enrollmentDate)
          : s.enrollmentDate;
      const at = new Date(Math.max(s.createdAt.getTime() + 120_000, localTime(start, 10).getTime()));
      const approval = addDays(start, approvalLag);
      const docId = newId(f, at);
      documentRows.push({
        id: docId,
        school_id: s.school.id,
        student_id: s.id,
        title: `${ex.type === 'MEDICAL' ? 'Medical exemption' : ex.type === 'HISTORY_OF_DISEASE' ? 'Varicella disease history' : 'Non-medical exemption'} (${ex.vaccine ?? 'all vaccines'}) - ${s.lastName}, ${s.firstName}`,
        document_type: 'EXEMPTION_FORM',
        mime_type: 'application/pdf',
        file_size_bytes: f.number.int({ min: 60_000, max: 300_000 }),
        storage_path: `documents/${s.school.code}/${s.id}/${docId}.pdf`,
        sha256: fakeSha256(f),
        uploaded_by: nurse,
        ...stamps(at),
      });
      exemptionRows.push({
        id: newId(f, addMinutes(at, 1)),
        student_id: s.id,
        vaccine_type: ex.vaccine,
        exemption_type: ex.type,
        start_date: start,
        end_date: ex.end,
        document_id: docId,
        approved_by: district.healthDirectorId,
        approval_date: approval <= ctx.today ? approval : start,
        notes: ex.note,
        school_id: s.school.id,
        ...stamps(addMinutes(at, 1)),
      });
    }

    // The certificate of immunization of a student who moved into the district.
    if (s.enrollmentDate.slice(5, 7) !== '08' && chance(f, 0.5)) {
      const at = addMinutes(s.createdAt, 45);
      const docId = newId(f, at);
      documentRows.push({
        id: docId,
        school_id: s.school.id,
        student_id: s.id,
        title: `Certificate of Immunization (transfer record) - ${s.lastName}, ${s.firstName}`,
        document_type: 'IMMUNIZATION_RECORD',
        mime_type: pick(f, ['application/pdf', 'image/jpeg']),
        file_size_bytes: f.number.int({ min: 90_000, max: 1_800_000 }),
        storage_path: `documents/${s.school.code}/${s.id}/${docId}.pdf`,
        sha256: fakeSha256(f),
        uploaded_by: nurse,
        ...stamps(at),
      });
    }

    if (s.status === 'ACTIVE' && (plan === 'COMPLIANT' || plan === 'OVERDUE' || plan === 'EXEMPT_MEDICAL')) {
      const missing = missingDoses(s, datesBySeries, catalogs).filter(
        (m) =>
          !(plan === 'EXEMPT_MEDICAL' && (m.vaccine === 'MMR' || m.vaccine === 'VAR')) &&
          !(skips.noVar && m.vaccine === 'VAR'),
      );
      if (missing.length > 0) overdue.push({ student: s, missing });
    }
  }

  await insertMany(ctx.db, 'documents', documentRows, ctx.progress);
  await insertMany(ctx.db, 'vaccinations', rows, ctx.progress);
  await insertMany(ctx.db, 'immunization_exemptions', exemptionRows, ctx.progress);
  await seedReminders(ctx, f, catalogs, students, planOf, overdue, datesByStudent, catchUps);
  return { plans: planOf, overdue, schoolDoses };
}
