import { z } from 'zod';
import {
  buildSafetyIndex,
  CROSS_REACTIVITY_EVIDENCE,
  EVIDENCE_LEVELS,
  INTERACTION_SEVERITIES,
  type SafetyIndex,
  type SafetyReference,
} from '../../../src-shared/medication-safety';
import type { WorkstationContext } from '../context';

/**
 * The medication-safety reference on the workstation: read from the reference tables the district's pull filled
 * (drug_catalog with the district's LOCAL entries, drug_classes, drug_interactions, drug_class_interactions,
 * drug_class_cross_reactivity, interaction_severity_levels, the newest reference_data_versions) into the
 * SafetyReference the rules read, and indexed once. The index is kept per open database and rebuilt only when the
 * reference changed: a pull that applied rows drops it (ctx.invalidate), and a stamp of the tables (row count and
 * newest updated_at of each) is compared before every check. Every row is parsed at this boundary; a row that
 * does not fit is left out and named in the core's log (table and id), never guessed.
 */

export interface LoadedReference {
  readonly reference: SafetyReference;
  readonly index: SafetyIndex;
  /** the reference_data_versions stamp the index was built from */
  readonly stamp: string;
}

/**
 * The reference on a workstation changes only when a pull applies the district's rows (a dataset load, a local
 * formulary entry): the context's invalidate drops the cache then. The stamp, checked before each use, is the small
 * reference_data_versions table's row count and newest change (a few microseconds, where counting every reference
 * table cost most of a check), so a dataset version put in place another way (a restore) is still seen.
 */
const STAMP_SQL = `SELECT count(*) || ':' || ifnull(max(updated_at), '') AS stamp FROM reference_data_versions`;

const jsonList = z
  .string()
  .nullable()
  .transform((s, ctx) => {
    if (s === null || s === '') return [] as string[];
    try {
      const v: unknown = JSON.parse(s);
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'not a JSON list of strings' });
    return z.NEVER;
  });
const severity = z.enum(INTERACTION_SEVERITIES);
const textOr = (fallback: string) =>
  z
    .string()
    .nullable()
    .transform((s) => s ?? fallback);
const flag = z.union([z.number(), z.boolean()]).transform((v) => v === true || v === 1);
const interactionType = z
  .enum(['PHARMACOKINETIC', 'PHARMACODYNAMIC', 'ADDITIVE_TOXICITY'])
  .nullable()
  .transform((v) => v ?? 'PHARMACODYNAMIC');
const evidence = z
  .enum(EVIDENCE_LEVELS)
  .nullable()
  .transform((v) => v ?? 'THEORETICAL');

const drugRow = z.object({
  id: z.string(),
  drug_name: z.string(),
  generic_name: z.string().nullable(),
  brand_names: jsonList,
  rxnorm_code: z.string().nullable(),
  class_codes: jsonList,
  controlled_substance_schedule: z.enum(['II', 'III', 'IV', 'V']).nullable(),
  origin: z.string().nullable(),
});
const classRow = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['PHARMACOLOGIC', 'THERAPEUTIC', 'EFFECT']),
  parent_code: z.string().nullable(),
  aliases: jsonList,
});
const facts = {
  id: z.string(),
  interaction_severity: severity,
  interaction_type: interactionType,
  description: textOr(''),
  clinical_effects: textOr(''),
  management_recommendations: textOr(''),
  evidence_level: evidence,
  source: textOr(''),
  source_date: textOr(''),
};
const interactionRow = z.object({
  ...facts,
  drug_a_id: z.string(),
  drug_b_id: z.string(),
  onc_high_priority: flag,
});
const classRuleRow = z.object({ ...facts, class_a_code: z.string(), class_b_code: z.string() });
const crossRow = z.object({
  id: z.string(),
  allergy_class_code: z.string(),
  reacts_with_class_code: z.string(),
  evidence: z.enum(CROSS_REACTIVITY_EVIDENCE),
  note: textOr(''),
  interaction_severity: severity,
  source: textOr(''),
  source_date: textOr(''),
});
const levelRow = z.object({
  severity_code: severity,
  severity_rank: z.number(),
  display_name: z.string().nullable(),
  color_code: z.string().nullable(),
  clinical_guidance: z.string().nullable(),
  alert_threshold: flag,
  require_physician_approval: flag,
  prevent_prescribing: flag,
});

/** Rows of one table that fit the schema; each that does not is named in the log. */
function rows<S extends z.ZodType>(
  ctx: WorkstationContext,
  table: string,
  sql: string,
  schema: S,
): z.output<S>[] {
  const out: z.output<S>[] = [];
  for (const raw of ctx.stmt(sql).all() as Record<string, unknown>[]) {
    const r = schema.safeParse(raw);
    if (r.success) out.push(r.data);
    else {
      const i = r.error.issues[0];
      const name = [raw.id, raw.code, raw.severity_code].find((x) => typeof x === 'string') ?? '?';
      ctx.log(
        `medication safety: ${table} row ${name} left out of the check: ${i ? `${i.path.join('.')}: ${i.message}` : 'does not fit'}`,
      );
    }
  }
  return out;
}

const live = `deleted_at IS NULL`;

/** Reads the reference from the local tables (no cache). */
export function readSafetyReference(ctx: WorkstationContext): SafetyReference {
  const drugs = rows(
    ctx,
    'drug_catalog',
    `SELECT id, drug_name, generic_name, brand_names, rxnorm_code, class_codes, controlled_substance_schedule, origin
       FROM drug_catalog WHERE ${live} AND is_active = 1`,
    drugRow,
  ).map((d) => ({
    id: d.id,
    name: d.drug_name,
    genericName: d.generic_name ?? d.drug_name,
    brandNames: d.brand_names,
    rxnorm: d.rxnorm_code,
    classes: d.class_codes,
    schedule: d.controlled_substance_schedule,
    local: d.origin === 'LOCAL',
  }));
  const classes = rows(
    ctx,
    'drug_classes',
    `SELECT code, name, kind, parent_code, aliases FROM drug_classes WHERE ${live}`,
    classRow,
  ).map((c) => ({ code: c.code, name: c.name, kind: c.kind, parent: c.parent_code, aliases: c.aliases }));
  const factsOf = (r: z.output<typeof interactionRow> | z.output<typeof classRuleRow>) => ({
    id: r.id,
    severity: r.interaction_severity,
    type: r.interaction_type,
    mechanism: r.description,
    clinicalEffect: r.clinical_effects,
    management: r.management_recommendations,
    evidence: r.evidence_level,
    source: r.source,
    sourceDate: r.source_date,
  });
  const factCols = `id, interaction_severity, interaction_type, description, clinical_effects,
    management_recommendations, evidence_level, source, source_date`;
  const interactions = rows(
    ctx,
    'drug_interactions',
    `SELECT ${factCols}, drug_a_id, drug_b_id, onc_high_priority FROM drug_interactions WHERE ${live}`,
    interactionRow,
  ).map((r) => ({
    ...factsOf(r),
    drugA: r.drug_a_id,
    drugB: r.drug_b_id,
    oncHighPriority: r.onc_high_priority,
  }));
  const classRules = rows(
    ctx,
    'drug_class_interactions',
    `SELECT ${factCols}, class_a_code, class_b_code FROM drug_class_interactions WHERE ${live}`,
    classRuleRow,
  ).map((r) => ({ ...factsOf(r), classA: r.class_a_code, classB: r.class_b_code }));
  const crossReactivity = rows(
    ctx,
    'drug_class_cross_reactivity',
    `SELECT id, allergy_class_code, reacts_with_class_code, evidence, note, interaction_severity, source, source_date
       FROM drug_class_cross_reactivity WHERE ${live}`,
    crossRow,
  ).map((r) => ({
    id: r.id,
    allergyClass: r.allergy_class_code,
    reactsWith: r.reacts_with_class_code,
    evidence: r.evidence,
    note: r.note,
    severity: r.interaction_severity,
    source: r.source,
    sourceDate: r.source_date,
  }));
  const severityLevels = rows(
    ctx,
    'interaction_severity_levels',
    `SELECT severity_code, severity_rank, display_name, color_code, clinical_guidance, alert_threshold,
            require_physician_approval, prevent_prescribing
       FROM interaction_severity_levels WHERE ${live} ORDER BY severity_rank`,
    levelRow,
  ).map((l) => ({
    severity: l.severity_code,
    rank: l.severity_rank,
    displayName: l.display_name ?? l.severity_code,
    color: l.color_code ?? '#000000',
    guidance: l.clinical_guidance ?? '',
    alertThreshold: l.alert_threshold,
    requirePhysicianApproval: l.require_physician_approval,
    preventPrescribing: l.prevent_prescribing,
  }));
  const version = ctx
    .stmt(`SELECT version FROM reference_data_versions WHERE ${live} ORDER BY loaded_at DESC LIMIT 1`)
    .get() as { version: string } | undefined;
  return {
    version: version?.version ?? '',
    drugs,
    classes,
    interactions,
    classRules,
    crossReactivity,
    severityLevels,
  };
}

const cache = new WeakMap<WorkstationContext, LoadedReference | null>();

/** The reference and its index for this open database: built once, rebuilt only when the reference changed. */
export function loadSafetyReference(ctx: WorkstationContext): LoadedReference {
  if (!cache.has(ctx)) ctx.onInvalidate(() => cache.set(ctx, null));
  const stamp = (ctx.stmt(STAMP_SQL).get() as { stamp: string }).stamp;
  const held = cache.get(ctx);
  if (held && held.stamp === stamp) return held;
  const reference = readSafetyReference(ctx);
  const loaded: LoadedReference = Object.freeze({
    reference,
    index: buildSafetyIndex(reference),
    stamp,
  });
  cache.set(ctx, loaded);
  return loaded;
}
