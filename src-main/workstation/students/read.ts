import type { ChartResult, IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { fullName, opt, type Actor, type WorkstationContext } from '../context';
import { immunizationDoses, immunizationStatus } from '../immunizations/read';
import { StudentSearchIndex, type SearchableStudent } from './search-index';

/** students.search and students.chart (reads; opening a chart is audited). */

export interface StudentsReader {
  search(args: IpcParsedArgs<'students.search'>): IpcResult<'students.search'>;
  chart(args: IpcParsedArgs<'students.chart'>, actor: Actor): ChartResult;
  /** The in-memory search index (built on first use, dropped when a pull changes data). */
  index(): StudentSearchIndex;
}

export function loadSearchableStudents(ctx: WorkstationContext): SearchableStudent[] {
  const rows = ctx
    .stmt(
      `SELECT s.id, s.first_name, s.middle_name, s.last_name, s.preferred_name, s.student_number, s.date_of_birth,
              s.grade_level, s.enrollment_status,
              EXISTS (SELECT 1 FROM allergies a WHERE a.student_id = s.id AND a.allergen_type = 'DRUG' AND a.deleted_at IS NULL) AS drug_allergy
       FROM students s WHERE s.school_id = ? AND s.deleted_at IS NULL`,
    )
    .all(ctx.schoolId) as {
    id: string;
    first_name: string;
    middle_name: string | null;
    last_name: string;
    preferred_name: string | null;
    student_number: string;
    date_of_birth: string;
    grade_level: string;
    enrollment_status: string;
    drug_allergy: number;
  }[];
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
      const s = ctx
        .stmt(
          `SELECT s.*, sc.name AS school_name FROM students s JOIN schools sc ON sc.id = s.school_id
           WHERE s.id = ? AND s.school_id = ? AND s.deleted_at IS NULL`,
        )
        .get(args.studentId, ctx.schoolId) as
        | {
            id: string;
            first_name: string;
            middle_name: string | null;
            last_name: string;
            preferred_name: string | null;
            student_number: string;
            date_of_birth: string;
            grade_level: ChartResult['student']['grade'];
            sex: ChartResult['student']['sex'];
            homeroom: string | null;
            school_id: string;
            school_name: string;
          }
        | undefined;
      if (!s) throw new IpcError('NOT_FOUND', `no student ${args.studentId} at this school`, 'studentId');
      const id = s.id;

      const guardians = (
        ctx
          .stmt(
            `SELECT id, first_name, last_name, relationship, phone_primary, is_primary_contact, is_emergency_contact
             FROM guardians WHERE student_id = ? AND deleted_at IS NULL ORDER BY contact_priority, last_name`,
          )
          .all(id) as {
          id: string;
          first_name: string;
          last_name: string;
          relationship: string;
          phone_primary: string;
          is_primary_contact: number;
          is_emergency_contact: number;
        }[]
      ).map((g) => ({
        id: g.id,
        name: `${g.first_name} ${g.last_name}`,
        relationship: g.relationship,
        phone: g.phone_primary,
        isPrimaryContact: g.is_primary_contact === 1,
        isEmergencyContact: g.is_emergency_contact === 1,
      }));

      const classes = new Map<string, string[]>();
      for (const x of ctx
        .stmt(
          `SELECT allergy_id, drug_class FROM student_drug_allergies_xref
           WHERE student_id = ? AND deleted_at IS NULL AND drug_class IS NOT NULL`,
        )
        .all(id) as { allergy_id: string; drug_class: string }[]) {
        const list = classes.get(x.allergy_id) ?? [];
        if (!list.includes(x.drug_class)) list.push(x.drug_class);
        classes.set(x.allergy_id, list);
      }
      const allergies = (
        ctx
          .stmt(
            `SELECT id, allergen, allergen_type, severity, reaction, epinephrine_required, verified, notes FROM allergies
             WHERE student_id = ? AND deleted_at IS NULL
             ORDER BY allergen_type = 'DRUG' DESC,
               CASE severity WHEN 'LIFE_THREATENING' THEN 0 WHEN 'SEVERE' THEN 1 WHEN 'MODERATE' THEN 2 ELSE 3 END, allergen`,
          )
          .all(id) as {
          id: string;
          allergen: string;
          allergen_type: ChartResult['allergies'][number]['allergenType'];
          severity: ChartResult['allergies'][number]['severity'];
          reaction: string | null;
          epinephrine_required: number;
          verified: number;
          notes: string | null;
        }[]
      ).map((a) => ({
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

      const conditions = (
        ctx
          .stmt(
            `SELECT id, condition_name, icd10_code, status, severity, action_plan, emergency_plan FROM health_conditions
             WHERE student_id = ? AND deleted_at IS NULL ORDER BY status = 'RESOLVED', condition_name`,
          )
          .all(id) as {
          id: string;
          condition_name: string;
          icd10_code: string | null;
          status: ChartResult['conditions'][number]['status'];
          severity: ChartResult['conditions'][number]['severity'] | null;
          action_plan: string | null;
          emergency_plan: string | null;
        }[]
      ).map((c) => ({
        id: c.id,
        name: c.condition_name,
        icd10Code: opt(c.icd10_code),
        status: c.status,
        severity: opt(c.severity),
        actionPlan: opt(c.action_plan),
        emergencyPlan: opt(c.emergency_plan),
      }));

      const medicationOrders = (
        ctx
          .stmt(
            `SELECT sm.id, sm.medication_id, m.name, m.drug_class, sm.dose, sm.route, sm.frequency, sm.schedule_times,
                    sm.is_prn, sm.prn_instructions, sm.start_date, sm.end_date, sm.order_status, sm.prescriber_name
             FROM student_medications sm JOIN medications m ON m.id = sm.medication_id
             WHERE sm.student_id = ? AND sm.deleted_at IS NULL
             ORDER BY sm.order_status <> 'ACTIVE', m.name`,
          )
          .all(id) as {
          id: string;
          medication_id: string;
          name: string;
          drug_class: string | null;
          dose: string;
          route: string;
          frequency: string | null;
          schedule_times: string;
          is_prn: number;
          prn_instructions: string | null;
          start_date: string;
          end_date: string | null;
          order_status: ChartResult['medicationOrders'][number]['status'];
          prescriber_name: string | null;
        }[]
      ).map((o) => ({
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

      const visits = (
        ctx
          .stmt(
            `SELECT v.id, v.arrival_time, v.departure_time, coalesce(r.reason_name, v.visit_reason_custom, '') AS reason,
                    v.severity_triage, v.presenting_complaint, v.treatment_provided, v.sent_home,
                    u.first_name || ' ' || u.last_name AS attended_by
             FROM clinic_visits v
             LEFT JOIN visit_reasons r ON r.id = v.visit_reason_id
             LEFT JOIN users u ON u.id = v.attended_by_user_id
             WHERE v.student_id = ? AND v.deleted_at IS NULL ORDER BY v.arrival_time DESC LIMIT 100`,
          )
          .all(id) as {
          id: string;
          arrival_time: string;
          departure_time: string | null;
          reason: string;
          severity_triage: ChartResult['visits'][number]['triage'] | null;
          presenting_complaint: string;
          treatment_provided: string | null;
          sent_home: number;
          attended_by: string | null;
        }[]
      ).map((v) => ({
        visitId: v.id,
        arrivedAt: v.arrival_time,
        departedAt: opt(v.departure_time),
        reason: v.reason,
        triage: opt(v.severity_triage),
        complaint: v.presenting_complaint,
        treatment: opt(v.treatment_provided),
        sentHome: v.sent_home === 1,
        attendedBy: opt(v.attended_by),
      }));

      const symptoms = (
        ctx
          .stmt(
            `SELECT id, reported_date, symptom_onset_date, symptoms, severity_assessment, diagnosis FROM symptom_tracking
             WHERE student_id = ? AND deleted_at IS NULL ORDER BY reported_date DESC LIMIT 100`,
          )
          .all(id) as {
          id: string;
          reported_date: string;
          symptom_onset_date: string;
          symptoms: string;
          severity_assessment: ChartResult['symptoms'][number]['severity'] | null;
          diagnosis: string | null;
        }[]
      ).map((r) => {
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
        visits,
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
  return (
    ctx
      .stmt(
        `SELECT i.id, d.alert_name, coalesce(i.priority_override, d.priority_level) AS severity, i.alert_status, i.triggered_at
         FROM alert_instances i JOIN alert_definitions d ON d.id = i.alert_definition_id
         WHERE i.target_entity_type = 'STUDENT' AND i.target_entity_id = ? AND i.deleted_at IS NULL
           AND i.alert_status IN ('ACTIVE', 'ACKNOWLEDGED', 'ESCALATED')
         ORDER BY i.triggered_at DESC LIMIT 50`,
      )
      .all(studentId) as {
      id: string;
      alert_name: string;
      severity: ChartResult['alerts'][number]['severity'];
      alert_status: ChartResult['alerts'][number]['status'];
      triggered_at: string;
    }[]
  ).map((a) => ({
    id: a.id,
    title: a.alert_name,
    severity: a.severity,
    status: a.alert_status,
    triggeredAt: a.triggered_at,
    studentId,
    studentName,
  }));
}
