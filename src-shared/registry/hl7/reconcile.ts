import type { RegistryDose } from './rsp';

/**
 * Reconciling the doses a registry returned with a student's record: a registry dose matches a recorded one
 * given on the same date with the same CVX code (never added twice); unmatched registry doses are new (added
 * with source REGISTRY once the nurse agrees); a match whose lot or manufacturer differs is listed for the nurse.
 */

export interface RecordedDose {
  readonly id: string;
  readonly cvx_code: string;
  readonly administration_date: string;
  readonly lot_number: string | null;
  readonly mvx_code: string | null;
}

export interface DoseDifference {
  readonly doseId: string;
  readonly field: 'lot_number' | 'mvx_code';
  readonly recorded: string | null;
  readonly registry: string | null;
}

export interface Reconciliation {
  readonly matched: readonly { readonly doseId: string; readonly registry: RegistryDose }[];
  readonly added: readonly RegistryDose[];
  readonly differences: readonly DoseDifference[];
  /** Registry doses not to add: refused, not administered or deleted (RXA-20 other than CP/PA, RXA-21 D). */
  readonly skipped: readonly RegistryDose[];
}

const norm = (v: string | null): string | null => (v ? v.trim().toUpperCase() : null);
const cvxKey = (cvx: string): string => String(Number(cvx.trim()));

export function reconcile(
  recorded: readonly RecordedDose[],
  fromRegistry: readonly RegistryDose[],
): Reconciliation {
  const byKey = new Map<string, RecordedDose[]>();
  for (const d of recorded) {
    const k = `${d.administration_date}|${cvxKey(d.cvx_code)}`;
    byKey.set(k, [...(byKey.get(k) ?? []), d]);
  }
  const matched: { doseId: string; registry: RegistryDose }[] = [];
  const added: RegistryDose[] = [];
  const differences: DoseDifference[] = [];
  const skipped: RegistryDose[] = [];
  const seen = new Set<string>();
  for (const r of fromRegistry) {
    if ((r.completion !== 'CP' && r.completion !== 'PA') || r.action === 'D') {
      skipped.push(r);
      continue;
    }
    const k = `${r.date}|${cvxKey(r.cvx)}`;
    const mine = (byKey.get(k) ?? []).find((d) => !seen.has(d.id));
    if (!mine) {
      // The registry listing the same dose twice is still one dose.
      if (added.some((a) => a.date === r.date && cvxKey(a.cvx) === cvxKey(r.cvx))) continue;
      if (matched.some((m) => m.registry.date === r.date && cvxKey(m.registry.cvx) === cvxKey(r.cvx)))
        continue;
      added.push(r);
      continue;
    }
    seen.add(mine.id);
    matched.push({ doseId: mine.id, registry: r });
    if (r.lot && norm(r.lot) !== norm(mine.lot_number))
      differences.push({ doseId: mine.id, field: 'lot_number', recorded: mine.lot_number, registry: r.lot });
    if (r.mvx && norm(r.mvx) !== norm(mine.mvx_code))
      differences.push({ doseId: mine.id, field: 'mvx_code', recorded: mine.mvx_code, registry: r.mvx });
  }
  return { matched, added, differences, skipped };
}
