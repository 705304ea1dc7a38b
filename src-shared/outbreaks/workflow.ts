/** The outbreak alert workflow: INVESTIGATING -> CONFIRMED -> CONTAINED -> RESOLVED. */
export const OUTBREAK_STATUSES = Object.freeze([
  'INVESTIGATING',
  'CONFIRMED',
  'CONTAINED',
  'RESOLVED',
] as const);
export type OutbreakStatus = (typeof OUTBREAK_STATUSES)[number];

/**
 * The allowed moves: forward one step; an investigation that finds no outbreak is RESOLVED directly; a contained
 * outbreak with new cases is CONFIRMED again. RESOLVED is final (a new episode raises a new alert).
 */
const NEXT: Readonly<Record<OutbreakStatus, readonly OutbreakStatus[]>> = {
  INVESTIGATING: ['CONFIRMED', 'RESOLVED'],
  CONFIRMED: ['CONTAINED'],
  CONTAINED: ['RESOLVED', 'CONFIRMED'],
  RESOLVED: [],
};

export function allowedTransitions(from: OutbreakStatus): readonly OutbreakStatus[] {
  return NEXT[from];
}

/** null when allowed, else why not. */
export function transitionRefusal(from: OutbreakStatus, to: OutbreakStatus): string | null {
  if (NEXT[from].includes(to)) return null;
  const allowed = NEXT[from];
  return `an outbreak ${from} cannot become ${to}${
    allowed.length > 0 ? ` (it can become ${allowed.join(' or ')})` : ' (RESOLVED is final)'
  }`;
}
