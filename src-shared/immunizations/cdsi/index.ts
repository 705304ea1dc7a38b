/** CDC's CDSi logic (pure): reference dates, the organized history, conditional skips, the evaluation of a series, series selection, observations (immunity, contraindications), the vaccine group, the forecast, CDC's test case files. */
export * from './dates';
export * from './organize';
export * from './skip';
export * from './evaluate';
export * from './select';
export * from './observations';
export * from './group';
export * from './forecast';
export * from './group-forecast';
export * from './csv';
export * from './cases';
export * from './conformance';
