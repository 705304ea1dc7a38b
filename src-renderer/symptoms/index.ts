/** Symptoms (renderer): the visit's symptoms form (outbreak surveillance). */
export { SymptomsForm } from './SymptomsForm';
