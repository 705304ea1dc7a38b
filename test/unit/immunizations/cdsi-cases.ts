import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCdsiCases, type CdsiCase } from '../../../src-shared/immunizations/cdsi';

/** CDC's CDSi test cases (CSV) for the conformance tests: where the file is, its rows as cases. */

const root = join(import.meta.dirname, '..', '..', '..');
export const CASES_NAME = join('shared', 'conformance', 'cdsi', 'cdsi-healthy-v4.45-cases.csv');

/** ../shared beside the checkout; in a git worktree (.git is a file naming the main repository), beside the main checkout. */
function casesPath(): string | null {
  const candidates = [join(root, '..', CASES_NAME)];
  const dotGit = join(root, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    // <main>/.git/worktrees/<name>
    if (m) candidates.push(join(resolve(root, m[1]!.trim()), '..', '..', '..', '..', CASES_NAME));
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export const CASES = casesPath();
if (CASES === null)
  console.warn(
    `skipping CDC's CDSi test cases: ${CASES_NAME} is absent (../shared is not beside this checkout)`,
  );

export type Case = CdsiCase;

/** The cases of a file (src-shared/immunizations/cdsi/cases.ts); a row it cannot read fails the test run. */
export function readCases(path: string): Case[] {
  const file = parseCdsiCases(readFileSync(path, 'utf8'));
  if (file.problems.length > 0) throw new Error(`${path}:\n${file.problems.join('\n')}`);
  return [...file.cases];
}
