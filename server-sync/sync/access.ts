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
