/**
 * npm run lint:electron [-- <dir>]: Electronegativity (Doyensec's Electron security checks) over src-main (or <dir>),
 * failing on any finding above LOW. Electronegativity itself always exits 0, and skips a file it cannot parse with
 * only a message, so this wrapper decides: exit 1 when a finding above LOW is not on the allow-list below, exit 2
 * when the scan itself cannot be trusted (no input, a file it would not read or cannot parse, no result), 0 otherwise.
 *
 * It uses Electronegativity's programmatic API rather than its CLI: the result carries the parse errors (the CLI's
 * CSV/SARIF report does not), it needs no CSV parsing, and it is validated here like any other input.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** Severities that pass are LOW and below; anything else (MEDIUM, HIGH, or one this script does not know) fails. */
const PASSING_SEVERITIES = new Set(['INFORMATIONAL', 'LOW']);

interface Allowed {
  readonly check: string;
  /** repo-relative file; a global check's finding has no file and is matched on the scanned directory */
  readonly file: string;
  readonly reason: string;
}

/** Findings above LOW that were reviewed and accepted. Keep every entry this narrow: no check is skipped wholesale. */
const ALLOWED: readonly Allowed[] = [
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'src-main/electron/main.ts',
    reason:
      'reported for any preload (manual review). Reviewed: src-main/electron/preload.ts runs sandboxed and ' +
      'context-isolated and exposes only the IPC contract methods (frozen), each an ipcRenderer.invoke on its own ' +
      'channel; no ipcRenderer, channel names or Node APIs reach the page.',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'src-main',
    reason:
      'Electronegativity recognises only a literal CSP string in a webRequest callback. The CSP is sent as a ' +
      'response header on every app:// page from SECURITY_HEADERS (src-main/workstation/csp.ts, serveApp in ' +
      'main.ts) and as the meta tag of src-renderer/index.html; test/unit/workstation/csp.test.ts checks it.',
  },
];

/**
 * The only check turned off: it downloads Electron's release list from GitHub on every run (slow; offline it only
 * prints a warning), and it reports only on an Electron version read from a package.json, of which src-main has
 * none. An outdated Electron is npm's business (`npm outdated`, `npm audit`).
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** Extensions Electronegativity reads, and source extensions it would skip without a word. */
const SCANNED = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
const SKIPPED_SOURCES = new Set(['.mjs', '.cjs', '.mts', '.cts']);

/** The part of Electronegativity's result this script relies on (its README, "Programmatically"). */
const level = z.object({ name: z.string() });
const Result = z.object({
  globalChecks: z.number().int(),
  atomicChecks: z.number().int().positive(),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  issues: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      location: z.object({ line: z.number(), column: z.number() }),
      description: z.string(),
      severity: level,
      confidence: level,
      manualReview: z.boolean().optional(),
      shortenedURL: z.string().optional(),
    }),
  ),
});
type Run = (options: Record<string, unknown>) => Promise<unknown>;

const say = (line: string): void => console.log(`lint:electron: ${line}`);
function fail(line: string): never {
  console.error(`lint:electron: ${line}`);
  console.error('lint:electron: the scan did not run to completion, so nothing was checked.');
  process.exit(2);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

const rel = (path: string): string => relative(ROOT, path).split('\\').join('/') || '.';

const inputArg = process.argv[2] ?? 'src-main';
const input = resolve(process.cwd(), inputArg);
let isDir = false;
try {
  isDir = statSync(input).isDirectory();
} catch {
  /* reported just below */
}
if (!isDir) fail(`${inputArg} is not a directory`);

const files = listFiles(input);
const scanned = files.filter((f) => SCANNED.has(extname(f).toLowerCase()));
const skipped = files.filter((f) => SKIPPED_SOURCES.has(extname(f).toLowerCase()));
if (skipped.length > 0)
  fail(
    `Electronegativity does not read these files, so they would go unchecked: ${skipped.map(rel).join(', ')}`,
  );
if (scanned.length === 0) fail(`no .js, .ts or .html file in ${rel(input)}`);

// Electronegativity honours `eng-disable` comments silently; here the allow-list above is the only way to accept a
// finding, so that every exception is reviewed in one place and printed on every run.
const annotations: string[] = [];
for (const f of scanned)
  readFileSync(f, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/eng-disable/i.test(line)) annotations.push(`${rel(f)}:${i + 1}`);
    });
if (annotations.length > 0)
  fail(
    'eng-disable comments are not accepted (add a reviewed entry to ALLOWED in scripts/lint-electron.ts): ' +
      annotations.join(', '),
  );

let electronVersion: string;
try {
  electronVersion = z.object({ version: z.string() }).parse(require('electron/package.json')).version;
} catch {
  fail('cannot read the installed Electron version (node_modules/electron/package.json); run `npm ci`');
}

let raw: unknown;
try {
  const run = require('@doyensec/electronegativity') as Run;
  raw = await run({
    input,
    isRelative: false,
    electronVersionOverride: electronVersion,
    excludeFromScan: EXCLUDED_CHECKS,
  });
} catch (e) {
  fail(`Electronegativity failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
const parsed = Result.safeParse(raw);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  fail(
    `Electronegativity returned no usable report (${issue?.path.join('.') || 'result'}: ${issue?.message})`,
  );
}
const result = parsed.data;

for (const e of result.errors) {
  const where = rel(resolve(input, e.file));
  if (e.tolerable) say(`warning: ${where}: ${e.message}`);
  else fail(`Electronegativity could not parse ${where}: ${e.message}`);
}

const findings = result.issues
  .map((issue) => {
    const global = issue.file === '' || issue.file === 'N/A';
    const file = global ? rel(input) : rel(resolve(input, issue.file));
    const allowed = ALLOWED.find((a) => a.check === issue.id && a.file === file);
    return {
      ...issue,
      where: global ? `${file} (whole app)` : `${file}:${issue.location.line}:${issue.location.column}`,
      blocking: !PASSING_SEVERITIES.has(issue.severity.name) && !allowed,
      allowed,
    };
  })
  .sort((a, b) => Number(b.blocking) - Number(a.blocking) || a.where.localeCompare(b.where));

for (const f of findings) {
  const tag = f.blocking ? 'FAIL' : f.allowed ? 'allowed' : 'ok';
  console.log(
    `${tag.padEnd(7)} ${f.severity.name} ${f.confidence.name} ${f.id} ${f.where}: ${f.description}` +
      `${f.manualReview ? ' (manual review)' : ''}${f.shortenedURL ? ` ${f.shortenedURL}` : ''}`,
  );
  if (f.allowed) console.log(`        allowed because ${f.allowed.reason}`);
}

const blocking = findings.filter((f) => f.blocking).length;
const allowed = findings.filter((f) => f.allowed).length;
say(
  `${blocking} finding(s) above LOW, ${allowed} allowed, ${findings.length - blocking - allowed} at LOW or below; ` +
    `${scanned.length} file(s) in ${rel(input)}, Electron ${electronVersion}, ` +
    `${result.atomicChecks + result.globalChecks} checks`,
);
process.exit(blocking > 0 ? 1 : 0);
