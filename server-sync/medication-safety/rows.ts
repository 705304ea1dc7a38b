import { createHash } from 'node:crypto';
import {
  catalogName,
  crossReactivityKey,
  pairKey,
  referenceId,
  type FactSource,
  type MedicationSafetyDataset,
} from '../../src-shared/medication-safety';

/**
 * The rows a dataset becomes in the reference tables (docs/medication-safety.md), as plain values: ids from
 * referenceId (so a reload finds the same rows, and the rules read from the files see the same ids; the loader gives a
 * row the id of a stored row it adopts instead: load.ts), JSON columns as
 * JS values (the loader serializes them), a fact's `source` its manifest source's title and `source_date` the date
 * it was read. Pure: the loader compares these with the stored rows and writes only the difference.
 */

export type ReferenceTable =
  | 'drug_classes'
  | 'drug_catalog'
  | 'drug_interactions'
  | 'drug_class_interactions'
  | 'drug_class_cross_reactivity'
  | 'interaction_severity_levels';

/** The tables a load writes, parents first (drug_interactions references drug_catalog). */
export const REFERENCE_TABLES: readonly ReferenceTable[] = [
  'drug_classes',
  'drug_catalog',
  'drug_interactions',
  'drug_class_interactions',
  'drug_class_cross_reactivity',
  'interaction_severity_levels',
];

export type RowValue = string | number | boolean | null | Date | readonly unknown[] | Record<string, unknown>;
export interface DesiredRow {
  readonly id: string;
  readonly [column: string]: RowValue;
}

/** The JSON columns of each table (serialized on write, compared as canonical JSON). */
export const JSON_COLUMNS: Readonly<Record<ReferenceTable, readonly string[]>> = {
  drug_classes: ['aliases'],
  drug_catalog: [
    'brand_names',
    'dosage_forms',
    'strengths',
    'administration_routes',
    'class_codes',
    'fact_sources',
  ],
  drug_interactions: [],
  drug_class_interactions: [],
  drug_class_cross_reactivity: [],
  interaction_severity_levels: [],
};

/** A row's natural key besides its id (a UNIQUE constraint): two rows may not share it. */
export const NATURAL_KEY: Readonly<Record<ReferenceTable, readonly string[]>> = {
  drug_classes: ['code'],
  drug_catalog: ['rxnorm_code'],
  drug_interactions: ['drug_a_id', 'drug_b_id'],
  drug_class_interactions: ['class_a_code', 'class_b_code'],
  drug_class_cross_reactivity: ['allergy_class_code', 'reacts_with_class_code'],
  interaction_severity_levels: ['severity_code'],
};

/**
 * The other UNIQUE columns of a table, besides its natural key (interaction_severity_levels.severity_rank): a row
 * whose natural key no stored row holds adopts the stored row holding its value here, and rows are written in an
 * order where no value is taken before the row holding it has let it go (load-order.ts).
 */
export const OTHER_UNIQUE: Readonly<Partial<Record<ReferenceTable, readonly string[]>>> = {
  interaction_severity_levels: ['severity_rank'],
};

/** JSON with sorted keys: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The dataset's checksum: sha256 (hex) of its canonical JSON, so layout and key order in the files do not count. */
export const datasetChecksum = (ds: MedicationSafetyDataset): string =>
  createHash('sha256').update(canonicalJson(ds), 'utf8').digest('hex');

export const datasetName = (ds: MedicationSafetyDataset): string => ds.manifest.dataset;
export const versionId = (dataset: string, version: string): string =>
  referenceId('version', `${dataset}@${version}`);

/** What reference_data_versions.counts holds: the dataset's entries per file. */
export const datasetCounts = (ds: MedicationSafetyDataset): Record<string, number> => ({
  drugs: ds.drugs.length,
  classes: ds.classes.length,
  interactions: ds.interactions.length,
  classRules: ds.classRules.length,
  crossReactivity: ds.crossReactivity.length,
  severityLevels: ds.severityLevels.length,
});

/** A shipped entry's drug_name is the engine's catalogName (the same name the rules give it from the files). */
export { catalogName };

/**
 * The desired rows of every table. `drugIds` gives each drug key its drug_catalog id (referenceId('drug', key), or
 * the id of an existing row the load adopts: see load.ts).
 */
export function desiredRows(
  ds: MedicationSafetyDataset,
  drugIds: ReadonlyMap<string, string>,
): Record<ReferenceTable, DesiredRow[]> {
  const titles = new Map(ds.manifest.sources.map((s) => [s.id, s.title]));
  const cite = (s: FactSource) => ({ source: titles.get(s.source) ?? s.source, source_date: s.date });
  const drugId = (key: string): string => {
    const id = drugIds.get(key);
    if (!id) throw new Error(`no drug_catalog id for drug ${key}`);
    return id;
  };
  const facts = (x: {
    severity: string;
    type: string;
    mechanism: string;
    clinicalEffect: string;
    management: string;
    evidence: string;
    onset?: string | undefined;
    source: FactSource;
  }) => ({
    interaction_severity: x.severity,
    interaction_type: x.type,
    description: x.mechanism,
    clinical_effects: x.clinicalEffect,
    management_recommendations: x.management,
    evidence_level: x.evidence,
    onset: x.onset ?? null,
    ...cite(x.source),
  });
  return {
    drug_classes: ds.classes.map((c) => ({
      id: referenceId('class', c.code),
      code: c.code,
      name: c.name,
      kind: c.kind,
      parent_code: c.parent ?? null,
      aliases: c.aliases,
      ...cite(c.source),
    })),
    drug_catalog: ds.drugs.map((d) => ({
      id: drugId(d.key),
      drug_name: catalogName(d.genericName),
      generic_name: d.genericName,
      brand_names: d.brandNames,
      rxnorm_code: d.rxnorm,
      drug_class: d.drugClass,
      controlled_substance_schedule: d.schedule ?? null,
      dosage_forms: d.forms,
      strengths: d.strengths,
      administration_routes: d.routes,
      is_active: true,
      last_updated: new Date(
        `${d.sources
          .map((s) => s.date)
          .sort()
          .at(-1)!}T00:00:00.000Z`,
      ),
      class_codes: d.classes,
      fact_sources: d.sources.map((s) => ({ facts: s.facts, source: s.source, date: s.date })),
      is_otc: d.otc,
      dataset_key: d.key,
      origin: 'SHIPPED',
    })),
    drug_interactions: ds.interactions.map((x) => {
      const [a, b] = [drugId(x.drugs[0]), drugId(x.drugs[1])].sort();
      return {
        id: referenceId('interaction', pairKey(x.drugs[0], x.drugs[1])),
        drug_a_id: a!,
        drug_b_id: b!,
        ...facts(x),
        onc_high_priority: x.oncHighPriority,
      };
    }),
    drug_class_interactions: ds.classRules.map((r) => {
      const [a, b] = [...r.classes].sort();
      return {
        id: referenceId('class-rule', pairKey(r.classes[0], r.classes[1])),
        class_a_code: a!,
        class_b_code: b!,
        ...facts(r),
      };
    }),
    drug_class_cross_reactivity: ds.crossReactivity.map((r) => ({
      id: referenceId('cross-reactivity', crossReactivityKey(r.allergyClass, r.reactsWith)),
      allergy_class_code: r.allergyClass,
      reacts_with_class_code: r.reactsWith,
      evidence: r.evidence,
      note: r.note,
      interaction_severity: r.severity,
      ...cite(r.source),
    })),
    interaction_severity_levels: ds.severityLevels.map((l) => ({
      id: referenceId('severity', l.severity),
      severity_code: l.severity,
      severity_rank: l.rank,
      display_name: l.displayName,
      color_code: l.color,
      icon_name: l.icon,
      clinical_guidance: l.guidance,
      alert_threshold: l.alertThreshold,
      require_physician_approval: l.requirePhysicianApproval,
      prevent_prescribing: l.preventPrescribing,
    })),
  };
}
