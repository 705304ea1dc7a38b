import type { ESLint, Rule } from 'eslint';

/** Types of feature-boundaries.mjs (plain JS, as eslint.config.js loads it), for the tests that import it. */
declare const architecture: ESLint.Plugin & {
  rules: { 'feature-boundaries': Rule.RuleModule; 'electron-import': Rule.RuleModule };
};
export default architecture;
export function roomOf(
  rel: string,
  layers: readonly string[],
): { layer: string; room: string | null; rest: string } | null;
