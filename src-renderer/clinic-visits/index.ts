/** Clinic visits (renderer): the new-visit form, the saved visit and its printable excuse note. */
export { ExcuseNote } from './ExcuseNote';
export { NewVisit } from './NewVisit';
export { VisitSaved } from './VisitSaved';
