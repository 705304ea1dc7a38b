import {
  CHART_VISITS,
  type ChartResult,
  type IpcParsedArgs,
  type IpcResult,
} from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { sql } from 'kysely';
import { fullName, opt, query, type Actor, type WorkstationContext } from '../context';
import { immunizationDoses, immunizationStatus } from '../immunizations';
import { StudentSearchIndex, type SearchableStudent } from './search-index';
import { visitPage } from './visits';

/** students.search and students.chart (reads; opening a chart is audited). */

export interface StudentsReader {
  search(args: IpcParsedArgs<'students.search'>): IpcResult<'students.search'>;
  chart(args: IpcParsedArgs<'students.chart'>, actor: Actor): ChartResult;
  /** The in-memory search index (built on first use, dropped when a pull changes data). */
  index(): StudentSearchIndex;
}

export function loadSearchableStudents(ctx: WorkstationContext): SearchableStudent[] {
  const rows = ctx.all(
    query
      .selectFrom('students as s')
      .select([
        's.id',
        's.first_name',
        's.middle_name',
        's.last_name',
        's.preferred_name',
        's.student_number',
        's.date_of_birth',
        's.grade_level',
        's.enrollment_status',
      ])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('allergies as a')
              .select(sql.lit(1).as('one'))
              .whereRef('a.student_id', '=', 's.id')
              .where('a.allergen_type', '=', 'DRUG')
              .where('a.deleted_at', 'is', null),
          )
          .$castTo<0 | 1>()
          .as('drug_allergy'),
      )
      .where('s.school_id', '=', ctx.schoolId)
      .where('s.deleted_at', 'is', null),
  );
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    preferredName: r.preferred_name,
    studentNumber: r.student_number,
    birthDate: r.date_of_birth,
    grade: r.grade_level,
    active: r.enrollment_status === 'ACTIVE',
    hasDrugAllergy: r.drug_allergy === 1,
  }));
}

const DEFAULT_LIMIT = 20;

export function studentsReader(ctx: WorkstationContext): StudentsReader {
  let index: StudentSearchIndex | null = null;
  ctx.onInvalidate(() => {
    index = null;
  });
  const getIndex = (): StudentSearchIndex => (index ??= new StudentSearchIndex(loadSearchableStudents(ctx)));

  return {
    index: getIndex,
    search: (args) =>
      getIndex()
        .search(args.query, args.limit ?? DEFAULT_LIMIT)
        .map(({ student: s, score }) => ({
          id: s.id,
          name: `${s.preferredName || s.firstName} ${s.lastName}`,
          preferredName: opt(s.preferredName),
          studentNumber: s.studentNumber,
          birthDate: s.birthDate,
          grade: s.grade as IpcResult<'students.search'>[number]['grade'],
          score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000,
          hasDrugAllergy: s.hasDrugAllergy,
        })),

    chart: (args, actor) => {
      const s = ctx.first(
        query
          .selectFrom('students as s')
          .innerJoin('schools as sc', 'sc.id', 's.school_id')
          .selectAll('s')
          .select('sc.name as school_name')
          .where('s.id', '=', args.studentId)
          .where('s.school_id', '=', ctx.schoolId)
          .where('s.deleted_at', 'is', null),
      );
      if (!s) throw new IpcError('NOT_FOUND', `no student ${args.studentId} at this school`, 'studentId');
      const id = s.id;

      const guardians = ctx
        .all(
          query
            .selectFrom('guardians')
            .select([
              'id',
              'first_name',
              'last_name',
              'relationship',
              'phone_primary',
              'is_primary_contact',
              'is_emergency_contact',
            ])
            .where('student_id', '=', id)
            .where('deleted_at', 'is', null)
            .orderBy('contact_priority')
            .orderBy('last_name'),
        )
        .map((g) => ({
          id: g.id,
          name: `${g.first_name} ${g.last_name}`,
          relationship: g.relationship,
          phone: g.phone_primary,
          isPrimaryContact: g.is_primary_contact === 1,
          isEmergencyContact: g.is_emergency_contact === 1,
        }));

      const classes = new Map<string, string[]>();
      for (const x of ctx.all(
        query
          .selectFrom('student_drug_allergies_xref')
          .select(['allergy_id', 'drug_class'])
          .where('student_id', '=', id)
          .where('deleted_at', 'is', null)
          .where('drug_class', 'is not', null)
          .$narrowType<{ drug_class: string }>(),
      )) {
        const list = classes.get(x.allergy_id) ?? [];
        if (!list.includes(x.drug_class)) list.push(x.drug_class);
        classes.set(x.allergy_id, list);
      }
      const allergies = ctx
        .all(
          query
            .selectFrom('allergies')
            .select([
              'id',
              'allergen',
              'allergen_type',
              'severity',
              'reaction',
              'epinephrine_required',
              'verified',
              'notes',
            ])
            .where('student_id', '=', id)
            .where('deleted_at', 'is', null)
            .orderBy(sql`allergen_type = 'DRUG'`, 'desc')
            .orderBy(
              sql`CASE severity WHEN 'LIFE_THREATENING' THEN 0 WHEN 'SEVERE' THEN 1 WHEN 'MODERATE' THEN 2 ELSE 3 END`,
            )
            .orderBy('allergen'),
        )
        .map((a) => ({
          id: a.id,
          allergen: a.allergen,
          allergenType: a.allergen_type,
          severity: a.severity,
          reaction: opt(a.reaction),
          epinephrineRequired: a.epinephrine_required === 1,
          verified: a.verified === 1,
          notes: opt(a.notes),
          isDrugAllergy: a.allergen_type === 'DRUG',
          drugClasses: classes.get(a.id) ?? [],
        }));

      const conditions = ctx
        .all(
          query
            .selectFrom('health_conditions')
            .select([
              'id',
              'condition_name',
              'icd10_code',
              'status',
              'severity',
              'action_plan',
              'emergency_plan',
            ])
            .where('student_id', '=', id)
            .where('deleted_at', 'is', null)
            .orderBy(sql`status = 'RESOLVED'`)
            .orderBy('condition_name'),
        )
        .map((c) => ({
          id: c.id,
          name: c.condition_name,
          icd10Code: opt(c.icd10_code),
          status: c.status,
          severity: opt(c.severity),
          actionPlan: opt(c.action_plan),
          emergencyPlan: opt(c.emergency_plan),
        }));

      const medicationOrders = ctx
        .all(
          query
            .selectFrom('student_medications as sm')
            .innerJoin('medications as m', 'm.id', 'sm.medication_id')
            .select([
              'sm.id',
              'sm.medication_id',
              'm.name',
              'm.drug_class',
              'sm.dose',
              'sm.route',
              'sm.frequency',
              'sm.schedule_times',
              'sm.is_prn',
              'sm.prn_instructions',
              'sm.start_date',
              'sm.end_date',
              'sm.order_status',
              'sm.prescriber_name',
            ])
            .where('sm.student_id', '=', id)
            .where('sm.deleted_at', 'is', null)
            .orderBy(sql`sm.order_status <> 'ACTIVE'`)
            .orderBy('m.name'),
        )
        .map((o) => ({
          id: o.id,
          medicationId: o.medication_id,
          medication: o.name,
          drugClass: opt(o.drug_class),
          dose: o.dose,
          route: o.route,
          frequency: opt(o.frequency),
          scheduleTimes: parseTimes(o.schedule_times),
          isPrn: o.is_prn === 1,
          prnInstructions: opt(o.prn_instructions),
          startDate: o.start_date,
          endDate: opt(o.end_date),
          status: o.order_status,
          prescriber: opt(o.prescriber_name),
        }));

      const doses = immunizationDoses(ctx, id);
      const status = immunizationStatus(ctx, s, doses);

      const visitsPage = visitPage(ctx, id, 0, CHART_VISITS);

      const symptoms = ctx
        .all(
          query
            .selectFrom('symptom_tracking')
            .select([
              'id',
              'reported_date',
              'symptom_onset_date',
              'symptoms',
              'severity_assessment',
              'diagnosis',
            ])
            .where('student_id', '=', id)
            .where('deleted_at', 'is', null)
            .orderBy('reported_date', 'desc')
            .limit(100),
        )
        .map((r) => {
          const parsed = symptomsOf(r.symptoms);
          return {
            id: r.id,
            visitId: parsed.visitId,
            reportedAt: r.reported_date,
            onsetDate: r.symptom_onset_date.slice(0, 10),
            symptoms: parsed.list,
            severity: opt(r.severity_assessment),
            diagnosis: opt(r.diagnosis),
          };
        });

      const alerts = studentAlerts(ctx, id, fullName(s));

      ctx.audit(actor, 'VIEW', 'students', id, { what: 'chart' });
      return {
        student: {
          id,
          name: fullName(s),
          firstName: s.first_name,
          middleName: opt(s.middle_name),
          lastName: s.last_name,
          preferredName: opt(s.preferred_name),
          studentNumber: s.student_number,
          birthDate: s.date_of_birth,
          grade: s.grade_level,
          sex: s.sex,
          homeroom: opt(s.homeroom),
          schoolId: s.school_id,
          schoolName: s.school_name,
        },
        guardians,
        allergies,
        conditions,
        medicationOrders,
        immunizations: { doses, status },
        visits: visitsPage.visits,
        visitsTotal: visitsPage.total,
        symptoms,
        alerts,
      };
    },
  };
}

export function parseTimes(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

const LABELS: Record<string, string> = {};
/** The symptoms JSON (`{ fever: true, cough: true, temp_f: 101.2, clinic_visit_id: ... }`) as a list. */
export function symptomsOf(json: string): {
  visitId: string | undefined;
  list: { code: string; label: string }[];
} {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return { visitId: undefined, list: [] };
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { visitId: undefined, list: [] };
  const o = v as Record<string, unknown>;
  const labels = (o.labels && typeof o.labels === 'object' ? o.labels : {}) as Record<string, unknown>;
  const list = Object.entries(o)
    .filter(([, val]) => val === true)
    .map(([code]) => ({
      code,
      label:
        typeof labels[code] === 'string'
          ? labels[code]
          : (LABELS[code] ?? code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())),
    }));
  return { visitId: typeof o.clinic_visit_id === 'string' ? o.clinic_visit_id : undefined, list };
}

/** Open alerts targeting a student. */
export function studentAlerts(
  ctx: WorkstationContext,
  studentId: string,
  studentName: string,
): ChartResult['alerts'] {
  return ctx
    .all(
      query
        .selectFrom('alert_instances as i')
        .innerJoin('alert_definitions as d', 'd.id', 'i.alert_definition_id')
        .select([
          'i.id',
          'd.alert_name',
          sql<ChartResult['alerts'][number]['severity']>`coalesce(i.priority_override, d.priority_level)`.as(
            'severity',
          ),
          'i.alert_status',
          'i.triggered_at',
        ])
        .where('i.target_entity_type', '=', 'STUDENT')
        .where('i.target_entity_id', '=', studentId)
        .where('i.deleted_at', 'is', null)
        .where('i.alert_status', 'in', ['ACTIVE', 'ACKNOWLEDGED', 'ESCALATED'])
        .orderBy('i.triggered_at', 'desc')
        .limit(50),
    )
    .map((a) => ({
      id: a.id,
      title: a.alert_name,
      severity: a.severity,
      status: a.alert_status,
      triggeredAt: a.triggered_at,
      studentId,
      studentName,
    }));
}
