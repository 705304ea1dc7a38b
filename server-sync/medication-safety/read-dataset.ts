import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { DATASET_FILES, type MedicationSafetyDataset } from '../../src-shared/medication-safety';

/**
 * Reads a medication-safety dataset folder (reference-data/medication-safety by default): every file parsed with the
 * schemas of src-shared/medication-safety/dataset.ts, then every reference checked (a drug's classes, an
 * interaction's drugs, a rule's classes, a class's parent). Any problem is an error naming the file, the entry (its
 * index and key) and the field; nothing is returned half-read.
 */

/** Where the shipped dataset is: reference-data/medication-safety of the checkout (from the source or the bundle). */
export const SHIPPED_DATASET_DIR = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  // server-sync/medication-safety/read-dataset.ts in the source, dist/white-cross.mjs in the bundle
  const candidates = [join(here, '..', '..'), join(here, '..')].map((root) =>
    join(root, 'reference-data', 'medication-safety'),
  );
  return candidates.find((c) => existsSync(join(c, 'manifest.json'))) ?? candidates[0]!;
})();

type FileName = keyof typeof DATASET_FILES;

export class DatasetError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the medication-safety dataset is not valid:\n${problems.join('\n')}`);
    this.name = 'DatasetError';
  }
}

const label = (entry: unknown): string => {
  const e = (entry ?? {}) as Record<string, unknown>;
  return JSON.stringify(
    e['key'] ?? e['code'] ?? e['drugs'] ?? e['classes'] ?? e['allergyClass'] ?? e['severity'],
  );
};

/** Parses one file's content; a failure names the file, the entry (index and key) and the field. */
export function parseDatasetFile<F extends FileName>(
  file: F,
  raw: unknown,
): z.infer<(typeof DATASET_FILES)[F]> {
  const parsed = DATASET_FILES[file].safeParse(raw);
  if (parsed.success) return parsed.data as z.infer<(typeof DATASET_FILES)[F]>;
  throw new DatasetError(
    parsed.error.issues.map((issue) => {
      const [index, ...field] = issue.path;
      const entry =
        typeof index === 'number' && Array.isArray(raw)
          ? `entry ${index} ${label(raw[index])}`
          : index === undefined
            ? ''
            : String(index);
      return `${file} ${entry} ${field.map(String).join('.')}: ${issue.message}`.replace(/ +/g, ' ');
    }),
  );
}

async function readJson(dir: string, file: FileName): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (e) {
    throw new DatasetError([`${file}: cannot be read in ${dir} (${(e as Error).message})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DatasetError([`${file}: not JSON (${(e as Error).message})`]);
  }
}

/** The cross-references between the files; each problem names the file, the entry and the field. */
export function datasetProblems(ds: MedicationSafetyDataset): string[] {
  const problems: string[] = [];
  const classes = new Set(ds.classes.map((c) => c.code));
  const drugs = new Set(ds.drugs.map((d) => d.key));
  const sources = new Set(ds.manifest.sources.map((s) => s.id));
  const dup = (file: string, values: readonly string[], what: string): void => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) problems.push(`${file} entry ${i} ${JSON.stringify(v)} ${what}: appears twice`);
      seen.add(v);
    });
  };
  dup(
    'classes.json',
    ds.classes.map((c) => c.code),
    'code',
  );
  dup(
    'drugs.json',
    ds.drugs.map((d) => d.key),
    'key',
  );
  dup(
    'drugs.json',
    ds.drugs.flatMap((d) => (d.rxnorm ? [d.rxnorm] : [])),
    'rxnorm',
  );
  ds.classes.forEach((c, i) => {
    if (c.parent !== undefined && !classes.has(c.parent))
      problems.push(`classes.json entry ${i} "${c.code}" parent: no class ${c.parent}`);
    if (!sources.has(c.source.source))
      problems.push(
        `classes.json entry ${i} "${c.code}" source.source: no source ${c.source.source} in manifest.json`,
      );
  });
  ds.drugs.forEach((d, i) => {
    d.classes.forEach((c, j) => {
      if (!classes.has(c)) problems.push(`drugs.json entry ${i} "${d.key}" classes.${j}: no class ${c}`);
    });
    d.sources.forEach((s, j) => {
      if (!sources.has(s.source))
        problems.push(
          `drugs.json entry ${i} "${d.key}" sources.${j}.source: no source ${s.source} in manifest.json`,
        );
    });
  });
  const pairs: string[] = [];
  ds.interactions.forEach((x, i) => {
    x.drugs.forEach((k, j) => {
      if (!drugs.has(k)) problems.push(`interactions.json entry ${i} ${label(x)} drugs.${j}: no drug ${k}`);
    });
    if (x.drugs[0] === x.drugs[1])
      problems.push(`interactions.json entry ${i} ${label(x)} drugs: the same drug twice`);
    pairs.push([...x.drugs].sort().join('+'));
  });
  dup('interactions.json', pairs, 'drugs');
  ds.classRules.forEach((r, i) => {
    r.classes.forEach((c, j) => {
      if (!classes.has(c))
        problems.push(`class-rules.json entry ${i} ${label(r)} classes.${j}: no class ${c}`);
    });
  });
  dup(
    'class-rules.json',
    ds.classRules.map((r) => [...r.classes].sort().join('+')),
    'classes',
  );
  ds.crossReactivity.forEach((r, i) => {
    for (const f of ['allergyClass', 'reactsWith'] as const)
      if (!classes.has(r[f]))
        problems.push(`cross-reactivity.json entry ${i} ${label(r)} ${f}: no class ${r[f]}`);
  });
  dup(
    'cross-reactivity.json',
    ds.crossReactivity.map((r) => `${r.allergyClass}>${r.reactsWith}`),
    'allergyClass',
  );
  dup(
    'severity-levels.json',
    ds.severityLevels.map((s) => s.severity),
    'severity',
  );
  dup(
    'severity-levels.json',
    ds.severityLevels.map((s) => String(s.rank)),
    'rank',
  );
  return problems;
}

/** Reads and checks a dataset folder; throws a DatasetError listing every problem. */
export async function readDataset(dir: string = SHIPPED_DATASET_DIR): Promise<MedicationSafetyDataset> {
  const files = Object.keys(DATASET_FILES) as FileName[];
  const raw = await Promise.all(files.map((f) => readJson(dir, f)));
  const errors: string[] = [];
  const parsed = new Map<FileName, unknown>();
  files.forEach((f, i) => {
    try {
      parsed.set(f, parseDatasetFile(f, raw[i]));
    } catch (e) {
      if (e instanceof DatasetError) errors.push(...e.problems);
      else throw e;
    }
  });
  if (errors.length > 0) throw new DatasetError(errors);
  const get = <F extends FileName>(f: F): z.infer<(typeof DATASET_FILES)[F]> =>
    parsed.get(f) as z.infer<(typeof DATASET_FILES)[F]>;
  const ds: MedicationSafetyDataset = {
    manifest: get('manifest.json'),
    classes: get('classes.json'),
    drugs: get('drugs.json'),
    interactions: get('interactions.json'),
    classRules: get('class-rules.json'),
    crossReactivity: get('cross-reactivity.json'),
    severityLevels: get('severity-levels.json'),
  };
  const problems = datasetProblems(ds);
  if (problems.length > 0) throw new DatasetError(problems);
  return ds;
}
