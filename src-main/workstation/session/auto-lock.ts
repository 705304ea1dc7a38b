import type Database from 'better-sqlite3-multiple-ciphers';
import {
  DEFAULT_AUTO_LOCK_MINUTES,
  MAX_AUTO_LOCK_MINUTES as MAX_MINUTES,
  MIN_AUTO_LOCK_MINUTES as MIN_MINUTES,
} from '../../../src-shared/api/admin';
import { getSetting, setSetting } from '../local-db';

/**
 * The inactivity lock's length, and who chose it:
 *
 * 1. 'workstation': an explicit `autoLockSeconds` / `autoLockMinutes` given at launch (the `--auto-lock-*` flags or
 *    WHITE_CROSS_AUTO_LOCK_* variables): an IT person's override on this machine, and what tests use;
 * 2. 'district': the district's policy, received with the tokens of every online sign-in and token refresh and
 *    stored in local_settings, so an offline sign-in uses it too;
 * 3. 'default': DEFAULT_AUTO_LOCK_MINUTES.
 */

export { DEFAULT_AUTO_LOCK_MINUTES };
const SETTING_KEY = 'district.autoLockMinutes';

export type AutoLockSource = 'district' | 'workstation' | 'default';

export interface AutoLock {
  readonly ms: number;
  readonly source: AutoLockSource;
}

export interface AutoLockOverride {
  readonly autoLockMinutes?: number;
  /** Wins over autoLockMinutes when both are given. */
  readonly autoLockSeconds?: number;
}

const validMinutes = (n: number): boolean => Number.isInteger(n) && n >= MIN_MINUTES && n <= MAX_MINUTES;

export function effectiveAutoLock(override: AutoLockOverride, districtMinutes: number | null): AutoLock {
  if (override.autoLockSeconds !== undefined)
    return { ms: Math.max(1, Math.round(override.autoLockSeconds)) * 1000, source: 'workstation' };
  if (override.autoLockMinutes !== undefined)
    return { ms: Math.max(1, override.autoLockMinutes) * 60_000, source: 'workstation' };
  if (districtMinutes !== null) return { ms: districtMinutes * 60_000, source: 'district' };
  return { ms: DEFAULT_AUTO_LOCK_MINUTES * 60_000, source: 'default' };
}

/** The district's value as stored on this workstation (null: never received, or not understood). */
export function storedDistrictAutoLock(sqlite: Database.Database): number | null {
  const v = getSetting(sqlite, SETTING_KEY);
  if (v === undefined) return null;
  const n = Number(v);
  return validMinutes(n) ? n : null;
}

export function storeDistrictAutoLock(sqlite: Database.Database, minutes: number): void {
  if (!validMinutes(minutes)) throw new Error(`invalid auto-lock minutes from the district: ${minutes}`);
  setSetting(sqlite, SETTING_KEY, String(minutes));
}
