import type { LiveVirusConflict, SeriesDose } from '../supporting-data/model';

/**
 * What depends only on CDC's supporting data, computed once per release and kept as long as the data is (WeakMaps
 * keyed by the data's own frozen objects): the engine asks these for every dose of every series of every patient.
 * Each index keeps the data's order, so the engine's results do not change.
 */

/** Conflicts by the CVX code of one of their vaccines, each list in the data's order. */
export type ConflictsByCvx = ReadonlyMap<string, readonly LiveVirusConflict[]>;

function groupBy(
  conflicts: readonly LiveVirusConflict[],
  key: (c: LiveVirusConflict) => string,
): ConflictsByCvx {
  const m = new Map<string, LiveVirusConflict[]>();
  for (const c of conflicts) {
    const k = key(c);
    const list = m.get(k);
    if (list === undefined) m.set(k, [c]);
    else list.push(c);
  }
  return m;
}

const byCurrent = new WeakMap<readonly LiveVirusConflict[], ReadonlyMap<string, ConflictsByCvx>>();

/**
 * The live virus conflicts whose current vaccine is each CVX code, grouped by the CVX code of their previous vaccine
 * (each list in the data's order).
 */
export function conflictsByCurrentCvx(
  conflicts: readonly LiveVirusConflict[],
): ReadonlyMap<string, ConflictsByCvx> {
  let index = byCurrent.get(conflicts);
  if (index === undefined) {
    const m = new Map<string, ConflictsByCvx>();
    for (const [cvx, list] of groupBy(conflicts, (c) => c.current.cvx))
      m.set(
        cvx,
        groupBy(list, (c) => c.previous.cvx),
      );
    index = m;
    byCurrent.set(conflicts, index);
  }
  return index;
}

const byTarget = new WeakMap<
  SeriesDose,
  { readonly conflicts: readonly LiveVirusConflict[]; readonly relevant: ConflictsByCvx }
>();

/**
 * The conflicts whose current vaccine is one of the target dose's preferable or allowable vaccines, by the CVX code
 * of their previous vaccine (each list in the data's order).
 */
export function conflictsOfTarget(
  target: SeriesDose,
  conflicts: readonly LiveVirusConflict[],
): ConflictsByCvx {
  const cached = byTarget.get(target);
  if (cached !== undefined && cached.conflicts === conflicts) return cached.relevant;
  const cvxs = new Set([
    ...target.preferableVaccines.map((v) => v.cvx),
    ...target.allowableVaccines.map((v) => v.cvx),
  ]);
  const relevant = groupBy(
    conflicts.filter((c) => cvxs.has(c.current.cvx)),
    (c) => c.previous.cvx,
  );
  byTarget.set(target, { conflicts, relevant });
  return relevant;
}
