/** District reports (pure): their definitions, parameters and layouts (data -> ReportDocument). */
export * from './definitions';
export * from './parameters';
export * from './layouts/common';
export * from './layouts/visit-analytics';
export * from './layouts/medication-summary';
export * from './layouts/outbreak-line-list';
export * from './layouts/audit';
export * from './layouts/immunization-compliance';
