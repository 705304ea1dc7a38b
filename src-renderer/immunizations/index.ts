/** Immunizations (renderer): the record-a-vaccination page and the status table the student chart shows. */
export { Immunizations, ImmunizationStatusTable } from './Immunizations';
export { ImmunizationForecastTable } from './Forecast';
export { ComplianceDashboard, StatusBars, StudentsNeedingAction, TrendChart } from './ComplianceDashboard';
export { SchoolCompliance } from './SchoolCompliance';
