import type Database from 'better-sqlite3-multiple-ciphers';
import { sql } from 'kysely';
import { first, query } from '../../store/read';
import { makeVerifier, matchesVerifier } from './verifier';

/**
 * A nurse's unlock PIN on this workstation: a shorter secret than the password for the many locks of a clinic
 * day. It unlocks only a session that is already signed in and locked (the database is open); signing in always
 * needs the password. The PIN is kept as an argon2id verifier in the encrypted database. Wrong PINs count toward
 * the session's unlock attempts, and the third wrong PIN in a row removes the PIN: the nurse unlocks with the
 * password and sets a new one.
 */

export const MAX_WRONG_PINS = 3;

export type PinOutcome = 'OK' | 'REMOVED' | 'NONE' | { readonly wrong: true; readonly left: number };

export function hasPin(sqlite: Database.Database, userId: string): boolean {
  return (
    first(sqlite, query.selectFrom('local_pins').select(sql.lit(1).as('x')).where('user_id', '=', userId)) !==
    undefined
  );
}

/** Sets (or replaces) the nurse's PIN. The caller has checked the password. */
export async function setPin(
  sqlite: Database.Database,
  userId: string,
  pin: string,
  nowIso: string,
): Promise<void> {
  const verifier = await makeVerifier(pin);
  sqlite
    .prepare(
      `INSERT INTO local_pins (user_id, verifier, failed_count, set_at) VALUES (?, ?, 0, ?)
       ON CONFLICT (user_id) DO UPDATE SET verifier = excluded.verifier, failed_count = 0, set_at = excluded.set_at`,
    )
    .run(userId, verifier, nowIso);
}

/** Removes the nurse's PIN; true when there was one. */
export function clearPin(sqlite: Database.Database, userId: string): boolean {
  return sqlite.prepare(`DELETE FROM local_pins WHERE user_id = ?`).run(userId).changes > 0;
}

/**
 * Checks a PIN. `NONE`: no PIN is set; `{ wrong, left }`: wrong, `left` more wrong ones remove it; `REMOVED`:
 * wrong for the MAX_WRONG_PINS-th time in a row, the PIN is gone.
 */
export async function verifyPin(sqlite: Database.Database, userId: string, pin: string): Promise<PinOutcome> {
  const row = first(
    sqlite,
    query.selectFrom('local_pins').select(['verifier', 'failed_count']).where('user_id', '=', userId),
  );
  if (!row) return 'NONE';
  if (await matchesVerifier(row.verifier, pin)) {
    sqlite.prepare(`UPDATE local_pins SET failed_count = 0 WHERE user_id = ?`).run(userId);
    return 'OK';
  }
  if (row.failed_count + 1 >= MAX_WRONG_PINS) {
    clearPin(sqlite, userId);
    return 'REMOVED';
  }
  sqlite.prepare(`UPDATE local_pins SET failed_count = failed_count + 1 WHERE user_id = ?`).run(userId);
  return { wrong: true, left: MAX_WRONG_PINS - row.failed_count - 1 };
}
