import type { IpcParsedArgs, IpcResult } from '../../../src-shared/ipc/contract';
import { sql } from 'kysely';
import { opt, query, type WorkstationContext } from '../context';
import { normalizeTokens, tokenSimilarity } from '../../../src-shared/text/tokens';

/** catalog.visitReasons and catalog.medications (the school formulary; `otcOnly`: the stock a nurse may give). */

export function visitReasons(ctx: WorkstationContext): IpcResult<'catalog.visitReasons'> {
  return ctx
    .all(
      query
        .selectFrom('visit_reasons')
        .select([
          'id',
          'reason_code',
          'reason_name',
          'reason_category',
          'requires_vital_signs',
          'requires_parent_notification',
        ])
        .where('is_active', '=', 1)
        .where('deleted_at', 'is', null)
        .orderBy(sql`coalesce(display_order, 1e9)`)
        .orderBy('reason_name'),
    )
    .map((r) => ({
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
  const rows = ctx.all(
    query
      .selectFrom('medications')
      .select(['id', 'name', 'generic_name', 'strength', 'route', 'drug_class', 'is_otc'])
      .where('is_active', '=', 1)
      .where('deleted_at', 'is', null)
      .$if(args.otcOnly === true, (q) => q.where('is_otc', '=', 1))
      .orderBy('name'),
  );
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
