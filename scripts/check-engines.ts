/**
 * `npm run check:engines [-- --root DIR]`: every package in package-lock.json supports the Node that package.json
 * declares (`engines.node`), so `npm install` / `npm ci` print no EBADENGINE warning on it.
 *
 * It checks each locked package's `engines.node` the way npm does (semver, prereleases included) against the
 * lowest Node the declared range admits (e.g. 20.19.0 for ">=20.19"), and against the Node running the check
 * when the declared range admits it. Exits 1 naming every package that excludes one of them, with its path in
 * node_modules (which dependency brought it in) and its range. Optional packages for other platforms count too:
 * they warn on the machines they install on.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { z } from 'zod';

const Engines = z.object({ node: z.string().optional() }).loose();
const PackageJson = z.object({ engines: z.object({ node: z.string() }).loose() });
const Lock = z.object({
  lockfileVersion: z.number().int().min(2),
  packages: z.record(
    z.string(),
    z
      .object({
        name: z.string().optional(),
        version: z.string().optional(),
        // an old form (an array of strings) exists; npm ignores it, and so does this check
        engines: z.union([Engines, z.array(z.string())]).optional(),
      })
      .loose(),
  ),
});

interface EngineProblem {
  readonly name: string;
  readonly version: string;
  readonly path: string;
  readonly needs: string;
  readonly excludes: string;
}

/** The packages of a lock whose engines.node excludes one of `nodeVersions`. */
function engineProblems(lock: z.infer<typeof Lock>, nodeVersions: readonly string[]): EngineProblem[] {
  const problems: EngineProblem[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue; // the project itself
    const needs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!needs) continue;
    const excluded = nodeVersions.filter((v) => !semver.satisfies(v, needs, { includePrerelease: true }));
    if (excluded.length === 0) continue;
    problems.push({
      name: entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: entry.version ?? '?',
      path,
      needs,
      excludes: excluded.join(', '),
    });
  }
  return problems;
}

function parseJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${file}: ${i ? `${i.path.join('.') || '(top)'}: ${i.message}` : 'invalid'}`);
  }
  return r.data;
}

function main(argv: readonly string[]): number {
  const given = argv[argv.indexOf('--root') + 1];
  const root = resolve(argv.includes('--root') && given ? given : join(import.meta.dirname, '..'));
  const declared = parseJson(join(root, 'package.json'), PackageJson).engines.node;
  const lowest = semver.validRange(declared) ? semver.minVersion(declared) : null;
  if (!lowest) {
    process.stderr.write(`package.json: engines.node "${declared}" is not a valid semver range\n`);
    return 1;
  }
  const versions = [lowest.version];
  const running = process.versions.node;
  if (semver.satisfies(running, declared) && running !== lowest.version) versions.push(running);

  const lock = parseJson(join(root, 'package-lock.json'), Lock);
  const problems = engineProblems(lock, versions);
  const checked = `Node ${versions.join(' and ')} (package.json declares "${declared}")`;
  if (problems.length === 0) {
    process.stdout.write(
      `engines: all ${Object.keys(lock.packages).length - 1} locked packages support ${checked}\n`,
    );
    return 0;
  }
  process.stderr.write(
    `engines: ${problems.length} locked package(s) do not support ${checked}; npm install would warn EBADENGINE:\n`,
  );
  for (const p of problems)
    process.stderr.write(
      `  ${p.name}@${p.version} needs node "${p.needs}" (excludes ${p.excludes}) at ${p.path}\n`,
    );
  process.stderr.write(
    'Choose versions that support the declared Node (npm view <pkg>@<version> engines), or declare and test the Node they need.\n',
  );
  return 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`engines: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
