/** The immunizations seed: school-entry requirements, vaccination histories, exemptions and reminders. */
export { SCHEDULES, type ScheduleDef } from './schedules';
export { seedVaccinationSchedules } from './schedules-seed';
export { seedSupportingData } from './supporting-data';
export type { ImmunizationPlan, ImmunizationResult, MissingDose, SchoolDose } from './types';
export { seedImmunizations } from './vaccinations';
export { seedComplianceDashboard } from './dashboard';
