import { v5 as uuidv5 } from 'uuid';

/**
 * The ids of the shipped reference rows: UUIDv5 of a stable key, so loading the same dataset twice (or on two
 * servers) gives the same ids, a workstation's reference rows keep their ids from one version to the next, and the
 * rules read from the files (the CLI, tests) see the same ids as the rules read from the tables.
 */
const REFERENCE_NAMESPACE = '6f1c3d2e-8a47-5b0e-9c61-3f2a7d4e5b10';

export type ReferenceKind =
  'drug' | 'class' | 'interaction' | 'class-rule' | 'cross-reactivity' | 'severity' | 'version';

export function referenceId(kind: ReferenceKind, key: string): string {
  return uuidv5(`medication-safety:${kind}:${key}`, REFERENCE_NAMESPACE);
}

/** A pair's key whatever the order it is written in: the two keys sorted, joined by "+". */
export const pairKey = (a: string, b: string): string => (a <= b ? `${a}+${b}` : `${b}+${a}`);

/** A cross-reactivity row's key: the allergy's class, then the class it reaches (ordered: A reaches B is not B reaches A). */
export const crossReactivityKey = (allergyClass: string, reactsWith: string): string =>
  `${allergyClass}>${reactsWith}`;
