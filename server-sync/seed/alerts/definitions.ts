import { cellList, jsonObjectCell, oneOf, optionalInt, table, yesNo } from '../helpers';

/** The district's alert definitions (alert_definitions), as a reference table. */

export type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | 'EMERGENCY';
export type AlertCategory = 'HEALTH_EMERGENCY' | 'MEDICATION' | 'COMPLIANCE' | 'SYSTEM';

export interface AlertDef {
  readonly code: string;
  readonly name: string;
  readonly category: AlertCategory;
  readonly priority: Priority;
  readonly conditions: Record<string, unknown>;
  readonly escalation: Record<string, unknown> | null;
  readonly channels: readonly string[];
  readonly template: string;
  readonly dismiss: boolean;
  readonly ack: boolean;
  readonly expires: number | null;
}

// code | name | category | priority | conditions (JSON) | escalation rules (JSON) | channels | user can dismiss | acknowledgment required | expires after (minutes) | message template
const ALERT_TABLE = `
MEDICATION_MISSED | Scheduled medication not given | MEDICATION | HIGH | {"trigger": "medication_missed", "time_past_due_minutes": 30} | {"escalate_after_minutes": 30, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; EMAIL | N | Y | 480 | {{student_name}} did not receive {{medication}} scheduled at {{scheduled_time}}.
EMERGENCY_HEALTH | Health emergency at school | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "triage", "severity_triage": "EMERGENCY"} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | EMERGENCY: {{student_name}} ({{school}}) - {{complaint}}. 911 called: {{ems_called}}.
OUTBREAK_DETECTED | Possible outbreak detected | HEALTH_EMERGENCY | CRITICAL | {"trigger": "outbreak_pattern_threshold", "evaluation": "daily"} | {"escalate_after_minutes": 60, "escalate_to": ["DISTRICT_ADMIN"]} | IN_APP; EMAIL; SMS | N | Y |  | {{pattern}}: {{count}} students at {{school}} in {{days}} days ({{percent}}%).
IMMUNIZATION_OVERDUE | Required immunization overdue | COMPLIANCE | MEDIUM | {"trigger": "immunization_overdue", "grace_period_days": 30} |  | IN_APP; EMAIL | Y | N |  | {{student_name}} is overdue for {{vaccine}} dose {{dose}} (due {{due_date}}).
ALLERGY_WARNING | Allergy conflict with a medication | MEDICATION | CRITICAL | {"trigger": "medication_allergy_match", "match": ["drug_id", "drug_class", "cross_reactive_drugs"]} |  | IN_APP | N | Y | 60 | STOP: {{student_name}} is allergic to {{allergen}} ({{reaction}}); {{medication}} is in the same class.
DRUG_INTERACTION | Drug interaction detected | MEDICATION | HIGH | {"trigger": "drug_interaction", "minimum_severity": "MAJOR"} |  | IN_APP | N | Y | 60 | {{drug_a}} + {{drug_b}}: {{severity}} interaction. {{management}}
LOW_BLOOD_GLUCOSE | Low blood glucose | HEALTH_EMERGENCY | CRITICAL | {"trigger": "glucose_reading", "below_mg_dl": 70} | {"escalate_after_minutes": 15, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; SMS | N | Y | 120 | {{student_name}} blood glucose {{value}} mg/dL at {{time}}: treat per DMMP and recheck in 15 minutes.
SEIZURE_RESCUE_GIVEN | Seizure rescue medication given | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "medication_given", "drug_class_any": ["BENZODIAZEPINES"]} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | Seizure rescue medication given to {{student_name}} at {{time}}; EMS {{ems_status}}.
EPINEPHRINE_ADMINISTERED | Epinephrine administered | HEALTH_EMERGENCY | EMERGENCY | {"trigger": "medication_given", "drug": "epinephrine"} | {"escalate_after_minutes": 5, "escalate_to": ["SCHOOL_ADMIN", "DISTRICT_ADMIN"]} | IN_APP; SMS; VOICE | N | Y |  | Epinephrine given to {{student_name}} at {{time}}; 911 called.
CHRONIC_VISITOR | Frequent clinic visits | COMPLIANCE | LOW | {"trigger": "visit_frequency", "visits_in_30_days": 10} |  | IN_APP | Y | N | 10080 | {{student_name}} has visited the clinic {{count}} times in 30 days.
MEDICATION_ORDER_EXPIRING | Medication order expiring | MEDICATION | LOW | {"trigger": "order_end_date", "days_before": 14} |  | IN_APP; EMAIL | Y | N |  | The order for {{medication}} ({{student_name}}) ends on {{end_date}}: request a renewal.
CONTROLLED_COUNT_DISCREPANCY | Controlled substance count discrepancy | MEDICATION | HIGH | {"trigger": "count_mismatch", "schedules": ["II", "III", "IV"]} | {"escalate_after_minutes": 60, "escalate_to": ["DISTRICT_ADMIN"]} | IN_APP; EMAIL | N | Y |  | Count of {{medication}} at {{school}} is {{counted}}, expected {{expected}}.
SYNC_FAILURE | Workstation has not synced | SYSTEM | MEDIUM | {"trigger": "device_last_seen", "hours": 24} |  | IN_APP; EMAIL | Y | N |  | Workstation {{device}} at {{school}} has not synced for {{hours}} hours.
`;

export const ALERT_DEFINITIONS: readonly AlertDef[] = table(ALERT_TABLE, 11).map((c) => ({
  code: c(0),
  name: c(1),
  category: oneOf(c(2), ['HEALTH_EMERGENCY', 'MEDICATION', 'COMPLIANCE', 'SYSTEM'] as const),
  priority: oneOf(c(3), ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'EMERGENCY'] as const),
  conditions: jsonObjectCell(c(4)),
  escalation: c(5) === '' ? null : jsonObjectCell(c(5)),
  channels: cellList(c(6)),
  dismiss: yesNo(c(7)),
  ack: yesNo(c(8)),
  expires: optionalInt(c(9)),
  template: c(10),
}));
