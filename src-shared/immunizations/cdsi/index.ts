/** CDC's CDSi logic (pure): reference dates, the organized history, conditional skips, the evaluation of a series, series selection, the vaccine group. */
export * from './dates';
export * from './organize';
export * from './skip';
export * from './evaluate';
export * from './select';
export * from './group';
