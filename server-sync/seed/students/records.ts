import type { Faker } from '@faker-js/faker';
import type { CatalogIds } from '../helpers';
import { fictionalPhone, type DistrictRec, type SchoolRec } from '../district';
import type { AllergyPick, ConditionRec } from './health';
import {
  json,
  addDays,
  addMinutes,
  chance,
  fakeSha256,
  newId,
  pick,
  stamps,
  weighted,
  type SeedContext,
  type NewRow,
} from '../helpers';

/**
 * The records around each student: guardians (1 to 3 contacts), allergies with their drug
 * cross-references, health conditions (including the food or insect allergy with anaphylaxis risk)
 * and the care-plan documents of students with diabetes, seizures or anaphylaxis risk.
 */

export interface GuardianRec {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly relationship: string;
  readonly phone: string;
  readonly email: string | null;
}

export interface AllergyRec extends AllergyPick {
  readonly id: string;
}

export interface RecordSink {
  readonly guardians: NewRow<'guardians'>[];
  readonly allergies: NewRow<'allergies'>[];
  readonly xref: NewRow<'student_drug_allergies_xref'>[];
  readonly conditions: NewRow<'health_conditions'>[];
  readonly documents: NewRow<'documents'>[];
}

export interface Who {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly createdAt: Date;
  readonly enrollmentDate: string;
  readonly language: string;
  readonly dob: string;
  readonly school: SchoolRec;
  readonly allergyPicks: readonly AllergyPick[];
  readonly conditionDrafts: readonly ConditionRec[];
}

export function guardiansFor(f: Faker, district: DistrictRec, who: Who, sink: RecordSink): GuardianRec[] {
  const { id, lastName, createdAt, language } = who;
  const d = { school: who.school };
  // Guardians: 1 to 3 contacts, in calling order.
  const guardians: GuardianRec[] = [];
  const nGuardians = weighted(f, [
    [1, 22],
    [2, 55],
    [3, 23],
  ]);
  const first = weighted<[string, 'female' | 'male']>(f, [
    [['Mother', 'female'], 62],
    [['Father', 'male'], 28],
    [['Grandmother', 'female'], 5],
    [['Legal Guardian', 'female'], 3],
    [['Foster Parent', 'female'], 2],
  ]);
  const rels: [string, 'female' | 'male'][] = [first];
  if (nGuardians >= 2)
    rels.push(
      first[0] === 'Mother'
        ? ['Father', 'male']
        : first[0] === 'Father'
          ? ['Mother', 'female']
          : ['Grandfather', 'male'],
    );
  if (nGuardians >= 3)
    rels.push(
      weighted<[string, 'female' | 'male']>(f, [
        [['Grandmother', 'female'], 45],
        [['Aunt', 'female'], 25],
        [['Uncle', 'male'], 15],
        [['Family Friend', 'female'], 15],
      ]),
    );
  rels.forEach(([relationship, gsex], k) => {
    const gFirst = f.person.firstName(gsex);
    const gLast = k < 2 && chance(f, 0.8) ? lastName : f.person.lastName();
    const phone = fictionalPhone(district.areaCode, f.number.int({ min: 0, max: 9999 }));
    const email =
      k < 2
        ? `${gFirst}.${gLast}${f.number.int({ min: 1, max: 99 })}@${pick(f, ['example.com', 'example.net', 'example.org'])}`
            .toLowerCase()
            .replace(/[^a-z0-9.@]/g, '')
        : null;
    const gid = newId(f, addMinutes(createdAt, 1 + k));
    guardians.push({ id: gid, firstName: gFirst, lastName: gLast, relationship, phone, email });
    sink.guardians.push({
      id: gid,
      student_id: id,
      first_name: gFirst,
      last_name: gLast,
      relationship,
      phone_primary: phone,
      phone_secondary: chance(f, 0.4)
        ? fictionalPhone(district.areaCode, f.number.int({ min: 0, max: 9999 }))
        : null,
      email,
      is_primary_contact: k === 0,
      is_emergency_contact: true,
      can_pick_up: k < 2 || chance(f, 0.7),
      contact_priority: k + 1,
      preferred_language: language,
      receives_notifications: k < 2,
      notes:
        relationship === 'Legal Guardian' || relationship === 'Foster Parent'
          ? 'Custody documentation on file in the main office.'
          : null,
      school_id: d.school.id,
      ...stamps(addMinutes(createdAt, 1 + k)),
    });
  });

  return guardians;
}

export function healthRecordsFor(
  f: Faker,
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  who: Who,
  sink: RecordSink,
): { allergies: AllergyRec[]; conditions: ConditionRec[] } {
  const { id, firstName, lastName, createdAt, enrollmentDate } = who;
  const d = {
    school: who.school,
    dob: who.dob,
    allergies: who.allergyPicks,
    conditions: who.conditionDrafts,
  };
  // Allergies, their drug cross-references and the food/insect allergy conditions.
  const nurse = d.school.nurseIds[0] ?? district.healthDirectorId;
  const allergies: AllergyRec[] = [];
  for (const a of d.allergies) {
    const at = addMinutes(createdAt, 5 + allergies.length);
    const aid = newId(f, at);
    allergies.push({ ...a, id: aid });
    const verified = chance(f, 0.75);
    const verifiedAt = verified ? addMinutes(at, 60 * 24 * f.number.int({ min: 1, max: 20 })) : null;
    const onset = addDays(
      d.dob,
      f.number.int({
        min: 300,
        max: Math.max(301, Math.round((Date.parse(enrollmentDate) - Date.parse(d.dob)) / 86_400_000)),
      }),
    );
    sink.allergies.push({
      id: aid,
      student_id: id,
      allergen: a.def.allergen,
      allergen_type: a.def.type,
      severity: a.severity,
      reaction: a.reaction,
      onset_date: onset <= ctx.today ? onset : null,
      epinephrine_required: a.epinephrine,
      verified,
      verified_by: verified ? nurse : null,
      verified_at: verifiedAt && verifiedAt < ctx.options.asOf ? verifiedAt : null,
      notes: a.epinephrine
        ? 'Emergency care plan and epinephrine auto-injectors on file; second injector in the classroom go-bag.'
        : null,
      school_id: d.school.id,
      ...stamps(at),
    });
    if (a.def.type === 'DRUG' && a.def.drug) {
      sink.xref.push({
        id: newId(f, addMinutes(at, 1)),
        student_id: id,
        allergy_id: aid,
        drug_id: catalogs.drugs.get(a.def.drug) ?? null,
        drug_class: a.def.drugClass ?? null,
        cross_reactive_drugs: json(a.def.crossReactive ?? []),
        verified_by: verified ? nurse : null,
        verification_date: verified && verifiedAt && verifiedAt < ctx.options.asOf ? verifiedAt : null,
        school_id: d.school.id,
        ...stamps(addMinutes(at, 1)),
      });
    }
  }
  const conditions: ConditionRec[] = [...d.conditions];
  const epi = d.allergies.find((a) => a.epinephrine && (a.def.type === 'FOOD' || a.def.type === 'INSECT'));
  if (epi) {
    const insect = epi.def.type === 'INSECT';
    conditions.push({
      key: insect ? 'INSECT_ALLERGY' : 'FOOD_ALLERGY',
      name: insect
        ? 'Bee allergy status (risk of anaphylaxis)'
        : `Food allergy with risk of anaphylaxis: ${epi.def.allergen.toLowerCase()}`,
      icd10: epi.def.statusCode ?? 'Z91.018',
      severity: 'LIFE_THREATENING',
      actionPlan: insect
        ? 'Anaphylaxis Emergency Care Plan: avoid areas with bees and wasps, shoes outdoors, no open drinks outside at recess. Local swelling only: ice, antihistamine, watch closely.'
        : `Food Allergy & Anaphylaxis Emergency Care Plan: strict avoidance of ${epi.def.allergen.toLowerCase()}; allergy-aware table at lunch. Mild symptoms (itchy mouth, a few hives): antihistamine, stay with the student, watch closely.`,
      emergencyPlan:
        'Any severe symptom (trouble breathing, throat tightness, repeated vomiting, widespread hives, fainting) or more than one mild symptom: inject epinephrine immediately (thigh), call 911, then call the parent. A second dose may be given after 5 minutes.',
    });
  }
  conditions.forEach((c, k) => {
    const at = addMinutes(createdAt, 10 + k);
    const diagnosed = addDays(
      d.dob,
      f.number.int({
        min: 365,
        max: Math.max(366, Math.round((Date.parse(ctx.today) - Date.parse(d.dob)) / 86_400_000) - 30),
      }),
    );
    sink.conditions.push({
      id: newId(f, at),
      student_id: id,
      condition_name: c.name,
      icd10_code: c.icd10,
      status: c.key === 'ECZEMA' || c.key === 'ANXIETY' ? pick(f, ['ACTIVE', 'MANAGED'] as const) : 'ACTIVE',
      severity: c.severity,
      diagnosed_date: diagnosed <= ctx.today ? diagnosed : null,
      action_plan: c.actionPlan,
      emergency_plan: c.emergencyPlan,
      notes: null,
      school_id: d.school.id,
      ...stamps(at),
    });
    if (c.key === 'T1D' || c.key === 'SEIZURE' || c.key === 'FOOD_ALLERGY' || c.key === 'INSECT_ALLERGY') {
      const title =
        c.key === 'T1D'
          ? 'Diabetes Medical Management Plan'
          : c.key === 'SEIZURE'
            ? 'Seizure Action Plan'
            : c.key === 'INSECT_ALLERGY'
              ? 'Anaphylaxis Emergency Care Plan (insect sting)'
              : 'Food Allergy & Anaphylaxis Emergency Care Plan';
      const docAt = addMinutes(at, 30);
      const docId = newId(f, docAt);
      sink.documents.push({
        id: docId,
        school_id: d.school.id,
        student_id: id,
        title: `${title} - ${lastName}, ${firstName}`,
        document_type: 'ACTION_PLAN',
        mime_type: 'application/pdf',
        file_size_bytes: f.number.int({ min: 80_000, max: 420_000 }),
        storage_path: `documents/${d.school.code}/${id}/${docId}.pdf`,
        sha256: fakeSha256(f),
        uploaded_by: nurse,
        ...stamps(docAt),
      });
    }
  });

  return { allergies, conditions };
}
