import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEMO_DISTRICT_DIR, LAUNCHER_STATE_FILE, WORKSTATION_DIR } from '../../src-shared/demo/data-dir';

/**
 * `<data dir>/launcher.json`: what `npm start` set up on the first run, so later runs start the same things.
 * Absent: this is the first run. The demo nurse's password is kept here (the file is readable by its owner
 * only) because `npm start` prints it at every start: it opens nothing but the local demo district.
 */

export const STATE_FILE = LAUNCHER_STATE_FILE;
/** Subdirectories of the data dir. */
export const DISTRICT_DIR = DEMO_DISTRICT_DIR;
export { WORKSTATION_DIR };

export const LauncherState = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  /** browser mode: the port the app listened on last time, tried first so an open tab keeps working */
  workstationPort: z.number().int().min(1).max(65_535).optional(),
  district: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('demo'),
      /** the demo district server listens on 127.0.0.1:port (the workstation is enrolled to that URL) */
      port: z.number().int().min(1).max(65_535),
      students: z.number().int().min(1),
      nurseEmail: z.string().min(1),
      nursePassword: z.string().min(12),
      /** the school the workstation serves (known once it is enrolled) */
      schoolName: z.string().optional(),
    }),
    z.object({
      kind: z.literal('external'),
      /** the district server the nurse enrolls to (prefilled in the enrollment screen) */
      url: z.url({ protocol: /^https?$/ }),
    }),
  ]),
});
export type LauncherState = z.infer<typeof LauncherState>;

export function readState(dataDir: string): LauncherState | null {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = LauncherState.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(
      `${file} is damaged (${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}): fix it, or move the data directory away to start over`,
    );
  }
  return r.data;
}

export function writeState(dataDir: string, state: LauncherState): void {
  const file = join(dataDir, STATE_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(LauncherState.parse(state), null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** A password a person can read and type: `demo-XXXX-XXXX-XXXX` (31 letters and digits, about 59 random bits). */
export function demoPassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)] ?? 'A');
  return `demo-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}
