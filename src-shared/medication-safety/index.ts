/** Medication safety (spec feature 48): the shipped dataset's schemas and the reference the rules read (pure). */
export * from './dataset';
export type * from './reference';
