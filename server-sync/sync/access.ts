import type { UserRole } from '../../src-shared/enums';
import { SYNCED_TABLE_FACTS, writersOf } from '../../src-shared/sync/tables';
import { HttpError } from '../plugins/errors';

/**
 * Who may use the sync routes (docs/sync.md, "Who may sync"). The roles that write each synced table are declared
 * with the table (src-shared/sync/tables.ts `writers`); this module turns them into the routes' answers. Pure.
 */

const roleList = (roles: readonly string[]): string =>
  roles.length <= 1 ? (roles[0] ?? '') : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;

/** Every role that writes some synced table: the roles a push may come from. */
export const PUSH_ROLES: readonly UserRole[] = Object.freeze([
  ...new Set(SYNCED_TABLE_FACTS.flatMap((f): readonly UserRole[] => f.writers)),
]);

const forbidden = (message: string, requiredRoles: readonly UserRole[]): HttpError =>
  new HttpError(403, 'FORBIDDEN', message, { requiredRoles: [...requiredRoles] });

/**
 * 403 unless the caller's role writes every table the batch names. A change of a table no role writes (district
 * data, an unknown table) is left to the per-change checks, which reject it with its reason. Nothing is saved.
 */
export function checkPushRole(role: UserRole, tables: Iterable<string>): void {
  if (!PUSH_ROLES.includes(role)) {
    throw forbidden(
      `a ${role} account cannot push changes: writing clinical records requires the role ${roleList(PUSH_ROLES)}; nothing was saved`,
      PUSH_ROLES,
    );
  }
  for (const table of tables) {
    const writers = writersOf(table);
    if (writers.length > 0 && !writers.includes(role)) {
      throw forbidden(
        `a ${role} account cannot write ${table}: it requires the role ${roleList(writers)}; nothing was saved`,
        writers,
      );
    }
  }
}

/**
 * The roles whose workstations pull the synced tables: those that write them. A pull carries every clinical row of
 * a school, nurse notes included (minimum necessary: a billing clerk or an auditor gets what their work needs
 * through their own routes, never the whole record set).
 */
export const PULL_ROLES: readonly UserRole[] = PUSH_ROLES;

/**
 * The roles that may pull without a workstation (a token not bound to an enrolled device): the district's
 * administrator only. A nurse's or a school administrator's work on the records happens on their school's enrolled
 * workstation, whose database is encrypted and which the district can revoke; a pull elsewhere would copy the
 * school's records where neither holds, and the server's own routes (GET /students...) serve her online reads.
 */
export const DEVICELESS_PULL_ROLES: readonly UserRole[] = Object.freeze(['DISTRICT_ADMIN']);

/** 403 unless the caller may pull: a workstation of a clinical role, or the district's administrator. */
export function checkPullRole(role: UserRole, deviceId: string | null): void {
  if (!PULL_ROLES.includes(role)) {
    throw forbidden(
      `a ${role} account cannot pull the schools' clinical records: sync is for the clinic workstations of ${roleList(PULL_ROLES)}`,
      PULL_ROLES,
    );
  }
  if (deviceId === null && !DEVICELESS_PULL_ROLES.includes(role)) {
    throw new HttpError(
      403,
      'DEVICE_REQUIRED',
      `a pull without a workstation is for ${roleList(DEVICELESS_PULL_ROLES)} only: sign in on your school's enrolled workstation to sync`,
      { requiredRoles: [...DEVICELESS_PULL_ROLES] },
    );
  }
}

/** 403 unless the caller may review sync conflicts (their losing and winning values are clinical values). */
export function checkConflictReader(role: UserRole): void {
  if (!PULL_ROLES.includes(role)) {
    throw forbidden(
      `a ${role} account cannot read sync conflicts (they hold clinical values): it requires the role ${roleList(PULL_ROLES)}`,
      PULL_ROLES,
    );
  }
}
