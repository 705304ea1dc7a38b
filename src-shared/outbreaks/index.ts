/** Outbreaks: which cases match a pattern, and the detection scan over them (pure). */
export { detectOutbreaks, type DetectedOutbreak, type OutbreakCase, type OutbreakRule } from './detection';
export {
  matchesOutbreakPattern,
  OUTBREAK_PATTERN_KEYS,
  type OutbreakPatternKey,
  type TrackedSymptoms,
} from './patterns';
