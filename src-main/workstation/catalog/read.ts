import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { opt, type WorkstationContext } from '../context';
import { normalizeTokens, tokenSimilarity } from '../students/search-index';

/** catalog.visitReasons and catalog.medications (the school formulary; `otcOnly`: the stock a nurse may give). */

export function visitReasons(ctx: WorkstationContext): IpcResult<'catalog.visitReasons'> {
  return (
    ctx
      .stmt(
        `SELECT id, reason_code, reason_name, reason_category, requires_vital_signs, requires_parent_notification
         FROM visit_reasons WHERE is_active = 1 AND deleted_at IS NULL ORDER BY coalesce(display_order, 1e9), reason_name`,
      )
      .all() as {
      id: string;
      reason_code: string;
      reason_name: string;
      reason_category: string | null;
      requires_vital_signs: number;
      requires_parent_notification: number;
    }[]
  ).map((r) => ({
    id: r.id,
    code: r.reason_code,
    label: r.reason_name,
    category: opt(r.reason_category),
    requiresVitals: r.requires_vital_signs === 1,
    requiresParentNotification: r.requires_parent_notification === 1,
  }));
}

export function medications(
  ctx: WorkstationContext,
  args: IpcParsedArgs<'catalog.medications'>,
): IpcResult<'catalog.medications'> {
  const rows = ctx
    .stmt(
      `SELECT id, name, generic_name, strength, route, drug_class, is_otc FROM medications
       WHERE is_active = 1 AND deleted_at IS NULL AND (? = 0 OR is_otc = 1) ORDER BY name`,
    )
    .all(args.otcOnly ? 1 : 0) as {
    id: string;
    name: string;
    generic_name: string | null;
    strength: string | null;
    route: string | null;
    drug_class: string | null;
    is_otc: number;
  }[];
  const q = normalizeTokens(args.query);
  const scored = rows
    .map((r) => {
      if (q.length === 0) return { r, score: 1 };
      const tokens = normalizeTokens(`${r.name} ${r.generic_name ?? ''}`);
      let total = 0;
      for (const t of q) {
        const best = Math.max(0, ...tokens.map((x) => tokenSimilarity(t, x)));
        if (best < 0.5) return { r, score: 0 };
        total += best;
      }
      return { r, score: total / q.length };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.r.name.localeCompare(b.r.name))
    .slice(0, args.limit ?? 30);
  return scored.map(({ r }) => ({
    id: r.id,
    name: r.name,
    genericName: opt(r.generic_name),
    strength: opt(r.strength),
    route: opt(r.route),
    drugClass: opt(r.drug_class),
    otc: r.is_otc === 1,
  }));
}
