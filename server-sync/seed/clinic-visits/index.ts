/** The clinic-visits seed: visit reasons, clinic visits, class time missed and the doses given at visits. */
export type { ClinicalEvent, EventKind, ForcedVisit, SymptomInfo, VisitRec } from './model';
export { VISIT_REASONS, type ReasonCategory, type VisitReasonDef } from './reasons';
export { seedVisitReasons } from './reasons-seed';
export { seedVisits, type VisitsResult } from './visits';
export { seedVisitAmendments } from './amendments';
