/** Medication safety (spec feature 48): the shipped dataset's schemas, the reference the rules read and the check's contract (pure). */
export * from './dataset';
export type * from './reference';
export type * from './check-types';
export * from './ids';
