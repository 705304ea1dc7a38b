/** Clinic visits (feature 17): the pure rules of a visit — vital ranges, outcome, amendments. */
export * from './vitals';
export * from './disposition';
export * from './amendments';
export * from './pain';
