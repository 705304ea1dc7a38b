import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  issueLines,
  SchoolEntryManifest,
  StateRequirements,
} from '../../src-shared/immunizations/compliance';

/**
 * Reads the state school-entry requirements dataset (reference-data/school-entry by default): manifest.json and one
 * <STATE>.json per state it lists, each parsed with the schemas of src-shared/immunizations/compliance (every fact
 * citing a source of its file, grade bands of a vaccine not overlapping). Any problem is an error naming the file and
 * the field; nothing is returned half-read.
 */

/** Where the shipped dataset is: reference-data/school-entry of the checkout (from the source or the bundle). */
export const SHIPPED_SCHOOL_ENTRY_DIR = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  // server-sync/immunizations/school-entry.ts in the source, dist/white-cross.mjs in the bundle
  const candidates = [join(here, '..', '..'), join(here, '..')].map((root) =>
    join(root, 'reference-data', 'school-entry'),
  );
  return candidates.find((c) => existsSync(join(c, 'manifest.json'))) ?? candidates[0]!;
})();

export class SchoolEntryDatasetError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the school-entry requirements dataset is not valid:\n${problems.join('\n')}`);
    this.name = 'SchoolEntryDatasetError';
  }
}

export interface SchoolEntryDataset {
  readonly manifest: SchoolEntryManifest;
  readonly states: readonly StateRequirements[];
}

async function readJson(dir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch (e) {
    throw new SchoolEntryDatasetError([`${file}: cannot be read in ${dir} (${(e as Error).message})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SchoolEntryDatasetError([`${file}: not JSON (${(e as Error).message})`]);
  }
}

/** Checks a dataset given as values (files read, or built in code): every problem, by file and field. */
export function parseSchoolEntryDataset(
  manifestRaw: unknown,
  stateRaw: ReadonlyMap<string, unknown>,
): SchoolEntryDataset {
  const problems: string[] = [];
  const manifest = SchoolEntryManifest.safeParse(manifestRaw);
  if (!manifest.success) throw new SchoolEntryDatasetError(issueLines('manifest.json', manifest.error));
  const states: StateRequirements[] = [];
  for (const code of manifest.data.states) {
    const file = `${code}.json`;
    const parsed = StateRequirements.safeParse(stateRaw.get(code));
    if (!parsed.success) problems.push(...issueLines(file, parsed.error));
    else if (parsed.data.state !== code) problems.push(`${file} state: ${parsed.data.state}, not ${code}`);
    else states.push(parsed.data);
  }
  if (new Set(manifest.data.states).size !== manifest.data.states.length)
    problems.push('manifest.json states: a state appears twice');
  if (problems.length > 0) throw new SchoolEntryDatasetError(problems);
  return { manifest: manifest.data, states };
}

/** Reads and checks a dataset folder; throws a SchoolEntryDatasetError listing every problem. */
export async function readSchoolEntryDataset(
  dir: string = SHIPPED_SCHOOL_ENTRY_DIR,
): Promise<SchoolEntryDataset> {
  const manifestRaw = await readJson(dir, 'manifest.json');
  const codes = SchoolEntryManifest.safeParse(manifestRaw);
  if (!codes.success) throw new SchoolEntryDatasetError(issueLines('manifest.json', codes.error));
  const raw = new Map<string, unknown>();
  const problems: string[] = [];
  for (const code of codes.data.states) {
    try {
      raw.set(code, await readJson(dir, `${code}.json`));
    } catch (e) {
      if (e instanceof SchoolEntryDatasetError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new SchoolEntryDatasetError(problems);
  return parseSchoolEntryDataset(manifestRaw, raw);
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** sha256 of the dataset's canonical JSON. */
export const schoolEntryChecksum = (ds: SchoolEntryDataset): string =>
  createHash('sha256').update(canonicalJson(ds)).digest('hex');
