/** The outbreaks seed: detection patterns, symptom tracking, outbreak alerts and their case clusters. */
export { planGiCluster, seedOutbreaks, type GiCluster, type OutbreakRec } from './detection';
export { OUTBREAK_PATTERNS, type OutbreakPatternDef } from './patterns';
export { seedOutbreakPatterns } from './patterns-seed';
