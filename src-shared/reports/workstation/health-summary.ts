import type { Block, ReportDocument } from '../document';
import { clip, clockTime, day, printFields, studentLine, words, type PrintContext } from './common';

/**
 * A student's health summary (everything the clinic knows that matters for care) and the emergency card (the same
 * facts cut to one page: the severe allergies first, the emergency plans, what to give, whom to call).
 */
export const SEVERITY_RANK = { LIFE_THREATENING: 0, SEVERE: 1, MODERATE: 2, MILD: 3 } as const;
export type Severity = keyof typeof SEVERITY_RANK;

export interface SummaryStudent {
  readonly name: string;
  readonly studentNumber: string;
  readonly birthDate: string;
  readonly grade: string;
  readonly sex: string;
  readonly homeroom: string | null;
  readonly primaryLanguage: string | null;
}
export interface SummaryAllergy {
  readonly allergen: string;
  readonly type: string;
  readonly severity: Severity;
  readonly reaction: string | null;
  readonly epinephrine: boolean;
  readonly verified: boolean;
}
export interface SummaryCondition {
  readonly name: string;
  readonly icd10: string | null;
  readonly status: string;
  readonly severity: Severity | null;
  readonly actionPlan: string | null;
  readonly emergencyPlan: string | null;
}
export interface SummaryMedication {
  readonly name: string;
  readonly dose: string;
  readonly route: string;
  /** Local times of day 'HH:MM'. */
  readonly scheduleTimes: readonly string[];
  readonly prn: boolean;
  readonly prnInstructions: string | null;
  readonly prescriber: string | null;
}
export interface SummaryContact {
  readonly name: string;
  readonly relationship: string;
  readonly phonePrimary: string;
  readonly phoneSecondary: string | null;
  readonly primary: boolean;
  readonly emergency: boolean;
  readonly canPickUp: boolean;
  readonly priority: number;
}
export interface HealthSummaryInput {
  readonly print: PrintContext;
  readonly student: SummaryStudent;
  readonly allergies: readonly SummaryAllergy[];
  /** Active and managed conditions (resolved ones are left out by the reader). */
  readonly conditions: readonly SummaryCondition[];
  /** Active orders. */
  readonly medications: readonly SummaryMedication[];
  readonly contacts: readonly SummaryContact[];
}

const bySeverity = <T extends { severity: Severity | null }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => SEVERITY_RANK[a.severity ?? 'MILD'] - SEVERITY_RANK[b.severity ?? 'MILD']);

export const byPriority = (xs: readonly SummaryContact[]): SummaryContact[] =>
  [...xs].sort(
    (a, b) =>
      Number(b.emergency) - Number(a.emergency) ||
      Number(b.primary) - Number(a.primary) ||
      a.priority - b.priority ||
      a.name.localeCompare(b.name),
  );

const phones = (c: SummaryContact) => [c.phonePrimary, c.phoneSecondary].filter((p) => p).join(' / ');
const schedule = (m: SummaryMedication) =>
  m.prn
    ? `As needed${m.prnInstructions ? `: ${m.prnInstructions}` : ''}`
    : m.scheduleTimes.map(clockTime).join(', ') || 'No school times';
const contactRole = (c: SummaryContact) =>
  [c.emergency ? 'Emergency' : null, c.primary ? 'Primary' : null, c.canPickUp ? 'May pick up' : null]
    .filter((x) => x)
    .join(', ');
const allergyCell = (a: SummaryAllergy) => `${a.allergen}${a.epinephrine ? ' (EPINEPHRINE)' : ''}`;

function studentBlock(s: SummaryStudent): Block {
  return {
    kind: 'keyValues',
    rows: [
      { label: 'Student', value: s.name },
      { label: 'Date of birth', value: day(s.birthDate) },
      { label: 'Grade', value: s.grade + (s.homeroom ? ` · Homeroom ${s.homeroom}` : '') },
      { label: 'Student number', value: s.studentNumber },
      ...(s.primaryLanguage ? [{ label: 'Language', value: s.primaryLanguage }] : []),
    ],
  };
}

export function buildHealthSummary(input: HealthSummaryInput): ReportDocument {
  const { student: s } = input;
  const epi = input.allergies.some((a) => a.epinephrine);
  return {
    ...printFields(input.print),
    title: 'Student Health Summary',
    subtitle: studentLine(s),
    orientation: 'PORTRAIT',
    archival: false,
    subject: `Health summary of ${s.name}`,
    keywords: ['health summary', s.studentNumber],
    blocks: [
      studentBlock(s),
      ...(epi
        ? [{ kind: 'paragraph', text: 'EPINEPHRINE may be required: see allergies.', emphasis: 'warning' } as const]
        : []),
      { kind: 'heading', text: 'Allergies', level: 2 },
      {
        kind: 'table',
        columns: [
          { key: 'allergen', title: 'Allergen', width: 2 },
          { key: 'type', title: 'Type', width: 1 },
          { key: 'severity', title: 'Severity', width: 1.2 },
          { key: 'reaction', title: 'Reaction', width: 2.6 },
          { key: 'verified', title: 'Verified', width: 0.8 },
        ],
        rows: bySeverity(input.allergies).map((a) => ({
          allergen: allergyCell(a),
          type: words(a.type),
          severity: words(a.severity),
          reaction: a.reaction ?? '',
          verified: a.verified ? 'Yes' : 'No',
        })),
        emptyText: 'No known allergies.',
      },
      { kind: 'heading', text: 'Health conditions and action plans', level: 2 },
      {
        kind: 'table',
        columns: [
          { key: 'name', title: 'Condition', width: 1.8 },
          { key: 'status', title: 'Status', width: 0.9 },
          { key: 'severity', title: 'Severity', width: 1 },
          { key: 'plan', title: 'Action plan', width: 2.6 },
          { key: 'emergency', title: 'Emergency plan', width: 2.6 },
        ],
        rows: bySeverity(input.conditions).map((c) => ({
          name: c.icd10 ? `${c.name} (${c.icd10})` : c.name,
          status: words(c.status),
          severity: words(c.severity),
          plan: c.actionPlan ?? '',
          emergency: c.emergencyPlan ?? '',
        })),
        emptyText: 'No health conditions on record.',
      },
      { kind: 'heading', text: 'Active medications', level: 2 },
      {
        kind: 'table',
        columns: [
          { key: 'name', title: 'Medication', width: 2.2 },
          { key: 'dose', title: 'Dose', width: 1 },
          { key: 'route', title: 'Route', width: 0.8 },
          { key: 'when', title: 'When', width: 2.2 },
          { key: 'prescriber', title: 'Prescriber', width: 1.4 },
        ],
        rows: input.medications.map((m) => ({
          name: m.name,
          dose: m.dose,
          route: m.route,
          when: schedule(m),
          prescriber: m.prescriber ?? '',
        })),
        emptyText: 'No active medication orders.',
      },
      { kind: 'heading', text: 'Guardians and emergency contacts', level: 2 },
      {
        kind: 'table',
        columns: [
          { key: 'name', title: 'Name', width: 1.8 },
          { key: 'relationship', title: 'Relationship', width: 1.1 },
          { key: 'phones', title: 'Phone', width: 2 },
          { key: 'role', title: 'Contact', width: 1.8 },
        ],
        rows: byPriority(input.contacts).map((c) => ({
          name: c.name,
          relationship: c.relationship,
          phones: phones(c),
          role: contactRole(c),
        })),
        emptyText: 'No guardians or emergency contacts on record.',
      },
    ],
  };
}

/** How much of each list the emergency card prints, so it always fits one page. */
export const CARD_LIMITS = { allergies: 5, conditions: 3, plan: 160, reaction: 60, name: 40, medications: 4, contacts: 3 } as const;

function more(n: number, what: string): Block[] {
  return n > 0
    ? [{ kind: 'paragraph', text: `${n} more ${what}: see the full health summary.`, emphasis: 'muted' }]
    : [];
}

export function buildEmergencyCard(input: HealthSummaryInput): ReportDocument {
  const { student: s } = input;
  const L = CARD_LIMITS;
  const allergies = bySeverity(input.allergies);
  const conditions = bySeverity(input.conditions);
  const contacts = byPriority(input.contacts);
  const epi = allergies.some((a) => a.epinephrine);
  const plan = (c: SummaryCondition) => clip(c.emergencyPlan ?? c.actionPlan ?? '', L.plan);
  return {
    ...printFields(input.print),
    title: 'Emergency Card',
    subtitle: studentLine(s),
    orientation: 'PORTRAIT',
    archival: false,
    subject: `Emergency card of ${s.name}`,
    keywords: ['emergency card', s.studentNumber],
    blocks: [
      {
        kind: 'keyValues',
        rows: [
          { label: 'Student', value: s.name },
          { label: 'Date of birth', value: day(s.birthDate) },
          { label: 'Grade', value: s.grade + (s.homeroom ? ` · Homeroom ${s.homeroom}` : '') },
        ],
      },
      ...(epi
        ? [{ kind: 'paragraph', text: 'EPINEPHRINE may be required: see allergies.', emphasis: 'warning' } as const]
        : []),
      {
        kind: 'table',
        caption: 'Allergies',
        columns: [
          { key: 'allergen', title: 'Allergen', width: 2 },
          { key: 'severity', title: 'Severity', width: 1.2 },
          { key: 'reaction', title: 'Reaction', width: 3 },
        ],
        rows: allergies.slice(0, L.allergies).map((a) => ({
          allergen: clip(allergyCell(a), L.name),
          severity: words(a.severity),
          reaction: clip(a.reaction ?? '', L.reaction),
        })),
        emptyText: 'No known allergies.',
      },
      ...more(allergies.length - L.allergies, 'allergies'),
      {
        kind: 'table',
        caption: 'Conditions and emergency plans',
        columns: [
          { key: 'name', title: 'Condition', width: 1.6 },
          { key: 'plan', title: 'What to do', width: 4.6 },
        ],
        rows: conditions.slice(0, L.conditions).map((c) => ({ name: clip(c.name, L.name), plan: plan(c) })),
        emptyText: 'No health conditions on record.',
      },
      ...more(conditions.length - L.conditions, 'conditions'),
      {
        kind: 'table',
        caption: 'Medications',
        columns: [
          { key: 'name', title: 'Medication', width: 2.4 },
          { key: 'dose', title: 'Dose and route', width: 1.6 },
          { key: 'when', title: 'When', width: 2.2 },
        ],
        rows: input.medications.slice(0, L.medications).map((m) => ({
          name: clip(m.name, L.name),
          dose: clip(`${m.dose} ${m.route}`, L.name),
          when: clip(schedule(m), 60),
        })),
        emptyText: 'No active medication orders.',
      },
      ...more(input.medications.length - L.medications, 'medications'),
      {
        kind: 'table',
        caption: 'Call',
        columns: [
          { key: 'name', title: 'Name', width: 1.8 },
          { key: 'relationship', title: 'Relationship', width: 1.1 },
          { key: 'phones', title: 'Phone', width: 2.2 },
          { key: 'role', title: 'Contact', width: 1.2 },
        ],
        rows: contacts.slice(0, L.contacts).map((c) => ({
          name: clip(c.name, L.name),
          relationship: clip(c.relationship, 20),
          phones: phones(c),
          role: contactRole(c),
        })),
        emptyText: 'No guardians or emergency contacts on record.',
      },
      ...more(contacts.length - L.contacts, 'contacts'),
    ],
  };
}
