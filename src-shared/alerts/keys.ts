import { v5 as uuidv5 } from 'uuid';

/**
 * Alert instances are deduplicated by a key that names what happened (this dose of this schedule, this visit,
 * this outbreak alert...). The instance id is a name-based UUID (RFC 9562 version 5) of that key, so raising the
 * same alert twice, on the district server or on two workstations of a school, offline or not, makes one row:
 * the second insert finds the id taken (the server) or syncs onto the same row (the workstations).
 */
const ALERT_NAMESPACE = '6f1d3c52-6a0e-4d4b-9a57-3c1f0b8e2a11';

/** The alert instance id of a dedupe key (see alertKey for the keys of the built-in triggers). */
export function alertInstanceId(dedupeKey: string): string {
  if (dedupeKey.trim() === '') throw new Error('an alert dedupe key must not be empty');
  return uuidv5(dedupeKey, ALERT_NAMESPACE);
}

/** The dedupe keys of the built-in triggers: one alert per thing that happened. */
export const alertKey = Object.freeze({
  /** A scheduled dose (medication schedule id, the dose's scheduled instant as UTC ISO) missed past its window. */
  missedDose: (scheduleId: string, scheduledAtIso: string) =>
    `MEDICATION_MISSED:${scheduleId}:${scheduledAtIso}`,
  /** A clinic visit triaged EMERGENCY. */
  emergencyVisit: (visitId: string) => `EMERGENCY_HEALTH:${visitId}`,
  /** A contraindicated medication given despite the warning (the administration's id). */
  contraindicatedOverride: (administrationId: string) => `CONTRAINDICATED_OVERRIDE:${administrationId}`,
  /** An outbreak alert (outbreak_alerts.id) detected by a scan. */
  outbreak: (outbreakAlertId: string) => `OUTBREAK_DETECTED:${outbreakAlertId}`,
  /** A required immunization overdue at a state deadline: student, vaccine group, dose number, deadline date. */
  immunizationOverdue: (studentId: string, vaccine: string, dose: number, deadline: string) =>
    `IMMUNIZATION_OVERDUE:${studentId}:${vaccine}:${dose}:${deadline}`,
  /** A controlled-substance count that does not reconcile (controlled_substance_transactions.id of the COUNT). */
  controlledCountDiscrepancy: (transactionId: string) => `CONTROLLED_COUNT_DISCREPANCY:${transactionId}`,
  /** A sync conflict needing review (sync_conflicts.id). */
  syncConflict: (conflictId: string) => `SYNC_CONFLICT:${conflictId}`,
  /** A workstation silent for N hours: one alert per device and last-seen instant (a new silence after a sync is a new alert). */
  workstationSilent: (deviceId: string, lastSeenIso: string) => `SYNC_FAILURE:${deviceId}:${lastSeenIso}`,
});
