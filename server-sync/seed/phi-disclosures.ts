import type { OutbreakRec } from './outbreaks';
import type { ClinicalEvent, VisitRec } from './clinic-visits';
import type { DistrictRec } from './district';
import { nurseOf, type StudentRec } from './students';
import {
  insertMany,
  json,
  sectionFaker,
  addMinutes,
  chance,
  localTime,
  makeNpi,
  newId,
  pick,
  stamps,
  type SeedContext,
  type NewRow,
  type ColumnOf,
} from './helpers';

/**
 * HIPAA accounting of disclosures (45 CFR 164.528): phi_disclosures, phi_disclosure_recipients and
 * the append-only phi_disclosure_audit. Outbreak case reports to the county health department,
 * hand-offs to EMS, visit summaries to physicians, records to a receiving district on transfer, and
 * copies to parents on request.
 */

interface Disclosure {
  readonly student: StudentRec;
  readonly at: Date;
  readonly by: string;
  readonly type: ColumnOf<'phi_disclosures', 'disclosure_type'>;
  readonly purpose: string;
  readonly data: Record<string, unknown>;
  readonly scope: ColumnOf<'phi_disclosures', 'disclosure_scope'>;
  readonly accounting: boolean;
  readonly exemption: string | null;
  readonly recipient: {
    readonly type: ColumnOf<'phi_disclosure_recipients', 'recipient_type'>;
    readonly name: string;
    readonly organization: string | null;
    readonly address: string | null;
    readonly npi: string | null;
    readonly verification: string | null;
    readonly delivery: ColumnOf<'phi_disclosure_recipients', 'delivery_method'>;
    readonly ackAfterMinutes: number | null;
  };
}

export async function seedDisclosures(
  ctx: SeedContext,
  district: DistrictRec,
  students: readonly StudentRec[],
  visits: readonly VisitRec[],
  events: readonly ClinicalEvent[],
  outbreaks: readonly OutbreakRec[],
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'disclosures');
  const list: Disclosure[] = [];
  const asOf = ctx.options.asOf.getTime();
  const healthDept = `${district.county} County Public Health`;
  const healthDeptAddress = `${f.location.streetAddress()}, ${district.town}, OH ${district.postalPrefix}${f.string.numeric({ length: 2, allowLeadingZeros: true })}`;

  // Case reports of reportable outbreaks.
  for (const o of outbreaks) {
    if (!o.reportable || !o.notifiedAt) continue;
    const seen = new Set<string>();
    for (const c of o.cases) {
      const s = c.visit.student;
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      list.push({
        student: s,
        at: addMinutes(o.notifiedAt, seen.size),
        by: o.school.nurseIds[0] ?? district.healthDirectorId,
        type: 'PUBLIC_HEALTH',
        purpose: `Report of a suspected ${o.patternName.toLowerCase()} outbreak at ${o.school.name} to the local health department (OAC 3701-3-02: outbreaks are reportable).`,
        data: {
          categories: ['name', 'date_of_birth', 'grade', 'symptoms', 'onset_date', 'parent_contact'],
          source_records: { symptom_tracking_id: c.id, outbreak_alert_id: o.id },
        },
        scope: 'MINIMUM_NECESSARY',
        accounting: true,
        exemption: null,
        recipient: {
          type: 'GOVERNMENT_AGENCY',
          name: 'Communicable Disease Epidemiology',
          organization: healthDept,
          address: healthDeptAddress,
          npi: null,
          verification: 'Known public health authority; called back on the published number',
          delivery: 'SECURE_PORTAL',
          ackAfterMinutes: f.number.int({ min: 30, max: 600 }),
        },
      });
    }
  }

  // Hand-offs to EMS in emergencies.
  const emsNpi = makeNpi(f, 'organization');
  for (const e of events) {
    if (e.kind !== 'EMERGENCY' || e.data.ems_called !== true) continue;
    list.push({
      student: e.student,
      at: addMinutes(e.at, 12),
      by: e.nurseId,
      type: 'EMERGENCY',
      purpose:
        'Verbal and written hand-off to responding paramedics (allergies, medications given, action plan).',
      data: {
        categories: [
          'name',
          'date_of_birth',
          'allergies',
          'health_conditions',
          'medications_given',
          'vital_signs',
        ],
        source_records: { clinic_visit_id: e.visitId },
      },
      scope: 'PARTIAL',
      accounting: false,
      exemption: 'Disclosure for treatment (45 CFR 164.528(a)(1)(i)).',
      recipient: {
        type: 'HEALTHCARE_PROVIDER',
        name: 'Paramedic crew, Medic 2',
        organization: `${district.town} Fire Department EMS`,
        address: null,
        npi: emsNpi,
        verification: 'Uniformed responders on scene',
        delivery: 'IN_PERSON',
        ackAfterMinutes: null,
      },
    });
  }

  // Visit summaries to the student's physician (strep follow-ups, seizures) with parent authorization.
  const followUps = visits.filter((v) => v.reason === 'SEIZURE' || v.symptom?.icd10 === 'J02.0');
  for (const v of followUps) {
    if (!chance(f, 0.5)) continue;
    const at = addMinutes(v.arrival, f.number.int({ min: 90, max: 300 }));
    if (at.getTime() > asOf) continue;
    list.push({
      student: v.student,
      at,
      by: v.nurseId,
      type: 'TREATMENT',
      purpose:
        v.reason === 'SEIZURE'
          ? 'Seizure event summary to the treating neurologist, at the parent\u2019s request.'
          : 'Clinic visit summary to the primary care provider for strep follow-up.',
      data: {
        categories: ['clinic_visit_summary', 'vital_signs', 'medications_given'],
        source_records: { clinic_visit_id: v.id },
      },
      scope: 'MINIMUM_NECESSARY',
      accounting: false,
      exemption: 'Disclosure for treatment (45 CFR 164.528(a)(1)(i)).',
      recipient: {
        type: 'HEALTHCARE_PROVIDER',
        name: `${f.person.firstName()} ${f.person.lastName()}, ${pick(f, ['MD', 'DO'])}`,
        organization: `${pick(f, [district.town, district.county])} ${v.reason === 'SEIZURE' ? 'Pediatric Neurology' : 'Pediatrics'}`,
        address: `${f.location.streetAddress()}, ${district.town}, OH`,
        npi: makeNpi(f, 'individual'),
        verification: 'Fax number confirmed against the provider directory',
        delivery: 'SECURE_FAX',
        ackAfterMinutes: f.number.int({ min: 20, max: 240 }),
      },
    });
  }

  // Records sent to the receiving district on transfer.
  for (const s of students) {
    if (s.status !== 'TRANSFERRED' || !s.withdrawalDate) continue;
    const at = localTime(s.withdrawalDate, 13, f.number.int({ min: 0, max: 59 }));
    if (at.getTime() > asOf) continue;
    list.push({
      student: s,
      at,
      by: nurseOf(s),
      type: 'OTHER',
      purpose:
        'Cumulative health and immunization record sent to the receiving school district on transfer (FERPA 34 CFR 99.31(a)(2)).',
      data: {
        categories: [
          'immunization_record',
          'health_conditions',
          'allergies',
          'medication_orders',
          'screenings',
        ],
      },
      scope: 'FULL_RECORD',
      accounting: true,
      exemption: null,
      recipient: {
        type: 'SCHOOL_OFFICIAL',
        name: 'School Nurse',
        organization: `${f.location.city()} ${pick(f, ['City', 'Local', 'Exempted Village'])} Schools`,
        address: `${f.location.streetAddress()}, ${f.location.city()}, OH`,
        npi: null,
        verification: 'Records request on district letterhead',
        delivery: 'SECURE_EMAIL',
        ackAfterMinutes: f.number.int({ min: 60, max: 2880 }),
      },
    });
  }

  // Copies to parents on request (about 1% of students a year; at least one).
  const active = students.filter((s) => s.status === 'ACTIVE' && s.guardians.length > 0);
  const requests = active.filter(() => chance(f, 0.01 * ctx.years.length));
  if (requests.length === 0 && active.length > 0) requests.push(pick(f, active));
  for (const s of requests) {
    const g = s.guardians[0];
    if (!g) continue;
    const days = ctx.years.flatMap((y) => y.days).filter((d) => d >= s.enrollmentDate);
    const day = days.length > 0 ? pick(f, days) : ctx.today;
    const at = localTime(day, 14, f.number.int({ min: 0, max: 59 }));
    if (at.getTime() > asOf || at.getTime() < s.createdAt.getTime()) continue;
    const what = pick(f, [
      'immunization record',
      'clinic visit log for this school year',
      'medication administration record',
    ]);
    list.push({
      student: s,
      at,
      by: nurseOf(s),
      type: 'PATIENT_REQUEST',
      purpose: `Copy of the ${what} requested by the parent/guardian.`,
      data: { categories: [what.replace(/ /g, '_')] },
      scope: 'PARTIAL',
      accounting: false,
      exemption: 'Disclosure to the individual or personal representative (45 CFR 164.528(a)(1)(ii)).',
      recipient: {
        type: 'PARENT_GUARDIAN',
        name: `${g.firstName} ${g.lastName}`,
        organization: null,
        address: null,
        npi: null,
        verification: 'Photo ID checked at the front office',
        delivery: pick(f, ['IN_PERSON', 'SECURE_EMAIL']),
        ackAfterMinutes: 0,
      },
    });
  }

  list.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.student.id < b.student.id ? -1 : 1));
  const rows: NewRow<'phi_disclosures'>[] = [];
  const recipientRows: NewRow<'phi_disclosure_recipients'>[] = [];
  const auditRows: NewRow<'phi_disclosure_audit'>[] = [];
  for (const d of list) {
    const id = newId(f, d.at);
    const ackAt = d.recipient.ackAfterMinutes !== null ? addMinutes(d.at, d.recipient.ackAfterMinutes) : null;
    const acked = ackAt !== null && ackAt.getTime() <= asOf;
    rows.push({
      id,
      student_id: d.student.id,
      disclosed_by: d.by,
      disclosure_date: d.at,
      disclosure_type: d.type,
      purpose: d.purpose,
      data_disclosed: json(d.data),
      disclosure_scope: d.scope,
      accounting_required: d.accounting,
      exemption_reason: d.exemption,
      accounting_suspended_until: null,
      school_id: d.student.school.id,
      ...stamps(d.at),
    });
    const rid = newId(f, d.at);
    recipientRows.push({
      id: rid,
      disclosure_id: id,
      recipient_type: d.recipient.type,
      recipient_name: d.recipient.name,
      recipient_organization: d.recipient.organization,
      recipient_address: d.recipient.address,
      npi_number: d.recipient.npi,
      identity_verified: d.recipient.verification !== null,
      verification_method: d.recipient.verification,
      acknowledgment_received: acked,
      acknowledged_at: acked ? ackAt : null,
      delivery_method: d.recipient.delivery,
      school_id: d.student.school.id,
      ...stamps(d.at, acked && ackAt ? ackAt : d.at),
    });
    auditRows.push({
      id: newId(f, d.at),
      disclosure_id: id,
      action: 'CREATED',
      performed_by: d.by,
      performed_at: d.at,
      action_details: json({
        recipient_id: rid,
        recipient_type: d.recipient.type,
        delivery_method: d.recipient.delivery,
        accounting_required: d.accounting,
      }),
      changes: json({ after: { disclosure_type: d.type, disclosure_scope: d.scope, purpose: d.purpose } }),
      school_id: d.student.school.id,
    });
    if (acked && ackAt) {
      auditRows.push({
        id: newId(f, ackAt),
        disclosure_id: id,
        action: 'ACKNOWLEDGMENT_RECORDED',
        performed_by: d.by,
        performed_at: ackAt,
        action_details: json({ recipient_id: rid }),
        changes: json({
          before: { acknowledgment_received: false },
          after: { acknowledgment_received: true, acknowledged_at: ackAt.toISOString() },
        }),
        school_id: d.student.school.id,
      });
    }
  }
  await insertMany(ctx.db, 'phi_disclosures', rows, ctx.progress);
  await insertMany(ctx.db, 'phi_disclosure_recipients', recipientRows, ctx.progress);
  await insertMany(ctx.db, 'phi_disclosure_audit', auditRows, ctx.progress);
}
