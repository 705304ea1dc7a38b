/** The demo district's medication-safety data: the shipped reference, and students whose medications warn. */
export { seedMedicationSafety } from './load';
export { seedSafetyScenarios, SAFETY_SCENARIOS } from './scenarios';
