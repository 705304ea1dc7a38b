import type { SafetyOverride } from '../../../src-shared/ipc/contract';
import { IpcError } from '../../../src-shared/ipc/errors';
import { raiseContraindicatedOverride } from '../alerts';
import type { Actor, WorkstationContext } from '../context';
import { newId } from '../write-support';
import { findingLine, type Finding, type SafetyDecision } from './check';

/**
 * Enforcement before every administration (mar.record GIVEN, a medication given in a clinic visit): refuse what
 * the check's policy does not allow (an IpcError naming the field to fill), and, inside the administration's
 * transaction, record the override (medication_safety_overrides, audited, with its alert) and the check itself
 * in the administration's audit row.
 */

const refuse = (message: string, field: string): IpcError =>
  new IpcError('SAFETY_OVERRIDE_REQUIRED', message, field);

/** Throws unless the override carries what the decision requires. `prefix`: 'medications.0.' in a visit. */
export function enforceSafety(d: SafetyDecision, override: SafetyOverride | undefined, prefix = ''): void {
  const name = d.medication.name;
  const field = (f: keyof SafetyOverride) => `${prefix}safetyOverride.${f}`;
  if (d.unknownDrug && !override?.acknowledgeUnknown)
    throw refuse(
      `${name} is not in the drug catalog and cannot be checked for interactions or allergies: acknowledge that it was not checked to give it`,
      field('acknowledgeUnknown'),
    );
  if (d.blocking.length === 0) return;
  const found = d.blocking.map(findingLine).join('; ');
  if (d.needsPhysician && !override?.physicianName)
    throw refuse(
      `${name}: ${found}. It is not given without a physician's approval: record the approving physician and your reason`,
      field('physicianName'),
    );
  if (!override?.reason)
    throw refuse(`${name}: ${found}. Give your reason for giving it anyway`, field('reason'));
}

/** What the administration's audit row says about the check (every GIVEN dose). */
export function safetyAudit(d: SafetyDecision): Record<string, unknown> {
  return {
    reference_version: d.result.version,
    highest: d.result.highest,
    findings: [
      ...d.result.allergyConflicts.map((f) => ({
        kind: `ALLERGY_${f.kind}`,
        severity: f.severity,
        rule_id: f.ruleId,
      })),
      ...d.result.interactions.map((f) => ({
        kind: f.kind,
        severity: f.severity,
        rule_id: f.ruleId,
        other: f.other.sourceId ?? null,
      })),
    ],
    unknown: d.result.unknown,
    ...(d.unknownDrug ? { unknown_acknowledged: true } : {}),
  };
}

function findingJson(x: Finding): Record<string, unknown> {
  if (x.kind === 'ALLERGY')
    return {
      kind: 'ALLERGY',
      match: x.f.kind,
      severity: x.f.severity,
      allergy_id: x.f.allergy.id ?? null,
      allergen: x.f.allergy.allergen,
      allergy_class: x.f.allergyClass ?? null,
      drug_class: x.f.drugClass ?? null,
      description: x.f.description,
      rule_id: x.f.ruleId,
    };
  return {
    kind: 'INTERACTION',
    match: x.f.kind,
    severity: x.f.severity,
    drugs: x.f.drugs,
    with: x.f.other.label,
    with_kind: x.f.other.kind,
    with_id: x.f.other.sourceId ?? null,
    description: x.f.description,
    rule_id: x.f.ruleId,
  };
}

export interface AdministrationRef {
  readonly administrationId: string;
  readonly studentId: string;
  readonly studentName: string;
  readonly clinicVisitId?: string | null;
}

const overridden = (
  d: SafetyDecision,
  o: SafetyOverride | undefined,
): o is SafetyOverride & { reason: string } =>
  d.blocking.length > 0 && d.blockingHighest !== null && !!o?.reason;

/** The line for the administration's notes when the dose overrides the check, else null. */
export function overrideNote(d: SafetyDecision, o: SafetyOverride | undefined): string | null {
  if (!overridden(d, o) || d.blockingHighest === null) return null;
  const physician = d.needsPhysician ? (o.physicianName ?? null) : null;
  const warning = d.blocking.map(findingLine).join('; ');
  return `Safety override (${d.blockingHighest.toLowerCase()}: ${warning})${physician ? `, approved by ${physician}` : ''}: ${o.reason}`;
}

/**
 * Records an override (call inside the administration's transaction, after the administration's row): the
 * medication_safety_overrides row, its audit row and the CONTRAINDICATED_OVERRIDE alert. Nothing when nothing was
 * overridden. Returns the override's id.
 */
export function recordSafetyOverride(
  ctx: WorkstationContext,
  actor: Actor & { userId: string },
  d: SafetyDecision,
  override: SafetyOverride | undefined,
  a: AdministrationRef,
): string | null {
  if (!overridden(d, override) || d.blockingHighest === null) return null;
  const id = newId();
  const at = ctx.nowIso();
  const physician = d.needsPhysician ? (override.physicianName ?? null) : null;
  ctx.store.insert('medication_safety_overrides', {
    id,
    student_id: a.studentId,
    school_id: ctx.schoolId,
    medication_id: d.medication.id,
    drug_catalog_id: d.result.drug?.id ?? null,
    medication_administration_id: a.administrationId,
    clinic_visit_id: a.clinicVisitId ?? null,
    highest_severity: d.blockingHighest,
    findings: JSON.stringify(d.blocking.map(findingJson)),
    reason: override.reason,
    physician_name: physician,
    physician_approved_at: physician ? at : null,
    overridden_by: actor.userId,
    overridden_at: at,
    reference_version: d.result.version,
  });
  ctx.audit(actor, 'CREATE', 'medication_safety_overrides', id, {
    student_id: a.studentId,
    medication_administration_id: a.administrationId,
    medication: d.medication.name,
    highest_severity: d.blockingHighest,
    findings: d.blocking.map(findingLine),
    reason: override.reason,
    physician_name: physician,
  });
  const warning = d.blocking.map(findingLine).join('; ');
  raiseContraindicatedOverride(ctx, actor, {
    administrationId: a.administrationId,
    overrideId: id,
    studentId: a.studentId,
    studentName: a.studentName,
    medication: d.medication.name,
    severity: d.blockingHighest,
    warning,
    allergens: d.blocking.flatMap((x) => (x.kind === 'ALLERGY' ? [x.f.allergy.allergen] : [])),
    reason: override.reason,
    physicianName: physician,
  });
  return id;
}
