import type { LiveVirusConflict, SeriesDose } from '../supporting-data/model';

/**
 * What depends only on CDC's supporting data, computed once per release and kept as long as the data is (WeakMaps
 * keyed by the data's own frozen objects): the engine asks these for every dose of every series of every patient.
 * Each index keeps the data's order, so the engine's results do not change.
 */

const byCurrent = new WeakMap<
  readonly LiveVirusConflict[],
  ReadonlyMap<string, readonly LiveVirusConflict[]>
>();

/** The live virus conflicts whose current vaccine is each CVX code, in the data's order. */
export function conflictsByCurrentCvx(
  conflicts: readonly LiveVirusConflict[],
): ReadonlyMap<string, readonly LiveVirusConflict[]> {
  let index = byCurrent.get(conflicts);
  if (index === undefined) {
    const m = new Map<string, LiveVirusConflict[]>();
    for (const c of conflicts) {
      const list = m.get(c.current.cvx);
      if (list === undefined) m.set(c.current.cvx, [c]);
      else list.push(c);
    }
    index = m;
    byCurrent.set(conflicts, index);
  }
  return index;
}

const byTarget = new WeakMap<
  SeriesDose,
  { readonly conflicts: readonly LiveVirusConflict[]; readonly relevant: readonly LiveVirusConflict[] }
>();

/** The conflicts whose current vaccine is one of the target dose's preferable or allowable vaccines, in the data's order. */
export function conflictsOfTarget(
  target: SeriesDose,
  conflicts: readonly LiveVirusConflict[],
): readonly LiveVirusConflict[] {
  const cached = byTarget.get(target);
  if (cached !== undefined && cached.conflicts === conflicts) return cached.relevant;
  const cvxs = new Set([
    ...target.preferableVaccines.map((v) => v.cvx),
    ...target.allowableVaccines.map((v) => v.cvx),
  ]);
  const relevant = conflicts.filter((c) => cvxs.has(c.current.cvx));
  byTarget.set(target, { conflicts, relevant });
  return relevant;
}
