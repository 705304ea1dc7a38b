import type { AlertPriority, UserRole } from '../enums';

/**
 * The built-in alert definitions (alert_definitions), as data: the demo seed writes them and the district server
 * reads them (their escalation rules, channels and templates) when it raises an alert whose code has no row yet.
 */

export type AlertCategory = 'HEALTH_EMERGENCY' | 'MEDICATION' | 'COMPLIANCE' | 'SYSTEM';
export const ALERT_CATEGORIES = ['HEALTH_EMERGENCY', 'MEDICATION', 'COMPLIANCE', 'SYSTEM'] as const;

export interface EscalationRules {
  readonly escalate_after_minutes: number;
  readonly escalate_to: readonly UserRole[];
}

export interface AlertDef {
  readonly code: string;
  readonly name: string;
  readonly category: AlertCategory;
  readonly priority: AlertPriority;
  readonly conditions: Readonly<Record<string, unknown>>;
  readonly escalation: EscalationRules | null;
  readonly channels: readonly ('IN_APP' | 'EMAIL' | 'SMS' | 'PUSH' | 'VOICE')[];
  readonly template: string;
  /** can_user_dismiss */
  readonly dismiss: boolean;
  /** require_acknowledgment */
  readonly ack: boolean;
  /** expiration_minutes */
  readonly expires: number | null;
}

const def = (d: AlertDef): AlertDef => Object.freeze(d);
const esc = (minutes: number, ...to: UserRole[]): EscalationRules => ({
  escalate_after_minutes: minutes,
  escalate_to: to,
});

export const ALERT_DEFINITIONS: readonly AlertDef[] = Object.freeze([
  def({
    code: 'MEDICATION_MISSED',
    name: 'Scheduled medication not given',
    category: 'MEDICATION',
    priority: 'HIGH',
    conditions: { trigger: 'medication_missed', time_past_due_minutes: 30 },
    escalation: esc(30, 'SCHOOL_ADMIN'),
    channels: ['IN_APP', 'EMAIL'],
    dismiss: false,
    ack: true,
    expires: 480,
    template: '{{student_name}} did not receive {{medication}} scheduled at {{scheduled_time}}.',
  }),
  def({
    code: 'EMERGENCY_HEALTH',
    name: 'Health emergency at school',
    category: 'HEALTH_EMERGENCY',
    priority: 'EMERGENCY',
    conditions: { trigger: 'triage', severity_triage: 'EMERGENCY' },
    escalation: esc(5, 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'),
    channels: ['IN_APP', 'SMS', 'VOICE'],
    dismiss: false,
    ack: true,
    expires: null,
    template: 'EMERGENCY: {{student_name}} ({{school}}) - {{complaint}}. 911 called: {{ems_called}}.',
  }),
  def({
    code: 'OUTBREAK_DETECTED',
    name: 'Possible outbreak detected',
    category: 'HEALTH_EMERGENCY',
    priority: 'CRITICAL',
    conditions: { trigger: 'outbreak_pattern_threshold', evaluation: 'daily' },
    escalation: esc(60, 'DISTRICT_ADMIN'),
    channels: ['IN_APP', 'EMAIL', 'SMS'],
    dismiss: false,
    ack: true,
    expires: null,
    template: '{{pattern}}: {{count}} students at {{school}} in {{days}} days ({{percent}}%).',
  }),
  def({
    code: 'IMMUNIZATION_OVERDUE',
    name: 'Required immunization overdue',
    category: 'COMPLIANCE',
    priority: 'MEDIUM',
    conditions: { trigger: 'immunization_overdue', grace_period_days: 30 },
    escalation: null,
    channels: ['IN_APP', 'EMAIL'],
    dismiss: true,
    ack: false,
    expires: null,
    template: '{{student_name}} is overdue for {{vaccine}} dose {{dose}} (due {{due_date}}).',
  }),
  def({
    code: 'ALLERGY_WARNING',
    name: 'Allergy conflict with a medication',
    category: 'MEDICATION',
    priority: 'CRITICAL',
    conditions: {
      trigger: 'medication_allergy_match',
      match: ['drug_id', 'drug_class', 'cross_reactive_drugs'],
    },
    escalation: null,
    channels: ['IN_APP'],
    dismiss: false,
    ack: true,
    expires: 60,
    template:
      'STOP: {{student_name}} is allergic to {{allergen}} ({{reaction}}); {{medication}} is in the same class.',
  }),
  def({
    code: 'DRUG_INTERACTION',
    name: 'Drug interaction detected',
    category: 'MEDICATION',
    priority: 'HIGH',
    conditions: { trigger: 'drug_interaction', minimum_severity: 'MAJOR' },
    escalation: null,
    channels: ['IN_APP'],
    dismiss: false,
    ack: true,
    expires: 60,
    template: '{{drug_a}} + {{drug_b}}: {{severity}} interaction. {{management}}',
  }),
  def({
    code: 'LOW_BLOOD_GLUCOSE',
    name: 'Low blood glucose',
    category: 'HEALTH_EMERGENCY',
    priority: 'CRITICAL',
    conditions: { trigger: 'glucose_reading', below_mg_dl: 70 },
    escalation: esc(15, 'SCHOOL_ADMIN'),
    channels: ['IN_APP', 'SMS'],
    dismiss: false,
    ack: true,
    expires: 120,
    template:
      '{{student_name}} blood glucose {{value}} mg/dL at {{time}}: treat per DMMP and recheck in 15 minutes.',
  }),
  def({
    code: 'SEIZURE_RESCUE_GIVEN',
    name: 'Seizure rescue medication given',
    category: 'HEALTH_EMERGENCY',
    priority: 'EMERGENCY',
    conditions: { trigger: 'medication_given', drug_class_any: ['BENZODIAZEPINES'] },
    escalation: esc(5, 'SCHOOL_ADMIN'),
    channels: ['IN_APP', 'SMS', 'VOICE'],
    dismiss: false,
    ack: true,
    expires: null,
    template: 'Seizure rescue medication given to {{student_name}} at {{time}}; EMS {{ems_status}}.',
  }),
  def({
    code: 'EPINEPHRINE_ADMINISTERED',
    name: 'Epinephrine administered',
    category: 'HEALTH_EMERGENCY',
    priority: 'EMERGENCY',
    conditions: { trigger: 'medication_given', drug: 'epinephrine' },
    escalation: esc(5, 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'),
    channels: ['IN_APP', 'SMS', 'VOICE'],
    dismiss: false,
    ack: true,
    expires: null,
    template: 'Epinephrine given to {{student_name}} at {{time}}; 911 called.',
  }),
  def({
    code: 'CHRONIC_VISITOR',
    name: 'Frequent clinic visits',
    category: 'COMPLIANCE',
    priority: 'LOW',
    conditions: { trigger: 'visit_frequency', visits_in_30_days: 10 },
    escalation: null,
    channels: ['IN_APP'],
    dismiss: true,
    ack: false,
    expires: 10080,
    template: '{{student_name}} has visited the clinic {{count}} times in 30 days.',
  }),
  def({
    code: 'MEDICATION_ORDER_EXPIRING',
    name: 'Medication order expiring',
    category: 'MEDICATION',
    priority: 'LOW',
    conditions: { trigger: 'order_end_date', days_before: 14 },
    escalation: null,
    channels: ['IN_APP', 'EMAIL'],
    dismiss: true,
    ack: false,
    expires: null,
    template: 'The order for {{medication}} ({{student_name}}) ends on {{end_date}}: request a renewal.',
  }),
  def({
    code: 'CONTROLLED_COUNT_DISCREPANCY',
    name: 'Controlled substance count discrepancy',
    category: 'MEDICATION',
    priority: 'HIGH',
    conditions: { trigger: 'count_mismatch', schedules: ['II', 'III', 'IV'] },
    escalation: esc(60, 'DISTRICT_ADMIN'),
    channels: ['IN_APP', 'EMAIL'],
    dismiss: false,
    ack: true,
    expires: null,
    template: 'Count of {{medication}} at {{school}} is {{counted}}, expected {{expected}}.',
  }),
  def({
    code: 'SYNC_FAILURE',
    name: 'Workstation has not synced',
    category: 'SYSTEM',
    priority: 'MEDIUM',
    conditions: { trigger: 'device_last_seen', hours: 24 },
    escalation: null,
    channels: ['IN_APP', 'EMAIL'],
    dismiss: true,
    ack: false,
    expires: null,
    template: 'Workstation {{device}} at {{school}} has not synced for {{hours}} hours.',
  }),
  def({
    code: 'CONTRAINDICATED_OVERRIDE',
    name: 'Contraindicated medication given despite the warning',
    category: 'MEDICATION',
    priority: 'HIGH',
    conditions: { trigger: 'contraindication_override' },
    escalation: esc(30, 'SCHOOL_ADMIN'),
    channels: ['IN_APP', 'EMAIL'],
    dismiss: false,
    ack: true,
    expires: null,
    template:
      '{{medication}} was given to {{student_name}} despite a {{warning}} warning. Reason: {{reason}}.',
  }),
  def({
    code: 'SYNC_CONFLICT',
    name: 'Sync conflict needs review',
    category: 'SYSTEM',
    priority: 'MEDIUM',
    conditions: { trigger: 'sync_conflict_open' },
    escalation: null,
    channels: ['IN_APP', 'EMAIL'],
    dismiss: true,
    ack: false,
    expires: null,
    template: 'A sync conflict on {{table}} ({{column}}) at {{school}} needs review.',
  }),
]);

/** The built-in definition of a code, if any. */
export function builtInDefinition(code: string): AlertDef | undefined {
  return ALERT_DEFINITIONS.find((d) => d.code === code);
}
