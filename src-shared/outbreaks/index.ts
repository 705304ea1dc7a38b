/** Outbreaks: symptoms, pattern expressions, default patterns, the threshold and EARS detectors, case linking (pure). */
export { detectOutbreaks, type DetectedOutbreak, type OutbreakCase, type OutbreakRule } from './detection';
export {
  matchesOutbreakPattern,
  OUTBREAK_PATTERN_KEYS,
  type OutbreakPatternKey,
  type TrackedSymptoms,
} from './patterns';
export * from './symptoms';
export * from './expression';
export * from './defaults';
export * from './ears';
export * from './detect';
export * from './cases';
export * from './records';
export * from './workflow';
