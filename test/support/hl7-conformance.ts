import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decodeHl7 } from '../../src-shared/registry';

/**
 * CDC IZ Gateway's HL7 v2 messages (../shared/conformance/hl7/*.hl7), for the registry's tests and its loopback
 * registry. Absent on a user's machine: HL7_DIR is then null and the tests that need it skip, saying why.
 */

const root = join(import.meta.dirname, '..', '..');
const NAME = join('shared', 'conformance', 'hl7');

function dir(): string | null {
  const candidates = [join(root, '..', NAME)];
  const dotGit = join(root, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    // <main>/.git/worktrees/<name>
    if (m) candidates.push(join(resolve(root, m[1]!.trim()), '..', '..', '..', '..', NAME));
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export const HL7_DIR = dir();
export const HL7_SKIP_REASON = `${NAME} is absent (../shared is not beside this checkout)`;

/** The file names, sorted. */
export const hl7Files = (): string[] =>
  HL7_DIR
    ? readdirSync(HL7_DIR)
        .filter((f) => f.endsWith('.hl7'))
        .sort()
    : [];

export function readHl7(name: string): string {
  if (!HL7_DIR) throw new Error(`cannot read ${name}: ${HL7_SKIP_REASON}`);
  return decodeHl7(readFileSync(join(HL7_DIR, name)));
}
