import type Database from 'better-sqlite3-multiple-ciphers';
import type { Compilable } from 'kysely';
import type { UserRole } from '../../src-shared/enums';
import { IpcError } from '../../src-shared/ipc/errors';
import type { LocalStore } from '../store/open';
import { all, first, mapAll, query } from '../store/read';
import { appendLocalAudit, type LocalAuditAction } from './local-db';
import { isTimeZone } from '../../src-shared/time';

/** The typed query builder: build a read with it, run it with ctx.all / ctx.first. */
export { query };

/** Who is acting: the signed-in nurse, or an emergency (break-the-glass) reader. */
export interface Actor {
  readonly userId: string | null;
  readonly name: string;
  readonly role: UserRole | null;
  readonly breakGlass: boolean;
}

/** What every feature module gets: the open store, the clock, the school, and the audit trail. */
export interface WorkstationContext {
  readonly store: LocalStore;
  readonly sqlite: Database.Database;
  readonly schoolId: string;
  now(): number;
  nowIso(): string;
  /** The school's IANA time zone (schools.timezone, else the computer's). */
  timeZone(): string;
  /** The school's own zone, or undefined before its row is pulled (what the UI is told: never the stand-in). */
  schoolTimeZone(): string | undefined;
  /** A cached prepared statement (writes; reads are typed: ctx.all / ctx.first). */
  stmt(sql: string): Database.Statement;
  /** Every row of a typed read built with `query` (synchronous, inside the caller's transaction). */
  all<R>(q: Compilable<R>): R[];
  /** Every row of a typed read, each turned into what the caller returns by `build` (no row object: store/read mapAll). */
  map<R, T>(q: Compilable<R>, build: (row: Readonly<R>) => T): T[];
  /** The first row of a typed read built with `query`, or undefined. */
  first<R>(q: Compilable<R>): R | undefined;
  /** Appends a local audit row (inside the caller's transaction when there is one). */
  audit(
    actor: Actor,
    action: LocalAuditAction,
    table: string | null,
    recordId: string | null,
    details?: Record<string, unknown>,
  ): void;
  /** A line for the core's log (what the nurse need not see: a trigger that found no alert definition...). */
  log(line: string): void;
  /** Called after data changed underneath (a pull applied rows): caches drop. */
  invalidate(): void;
  onInvalidate(fn: () => void): void;
}

export function createWorkstationContext(options: {
  store: LocalStore;
  schoolId: string;
  now: () => number;
  log?: (line: string) => void;
}): WorkstationContext {
  const { store, schoolId, now } = options;
  const log = options.log ?? (() => undefined);
  const sqlite = store.sqlite;
  const cache = new Map<string, Database.Statement>();
  const stmt = (text: string): Database.Statement => {
    let s = cache.get(text);
    if (!s) {
      s = sqlite.prepare(text);
      cache.set(text, s);
    }
    return s;
  };
  let tz: string | null = null;
  const listeners: (() => void)[] = [];
  const ctx: WorkstationContext = {
    store,
    sqlite,
    schoolId,
    now,
    nowIso: () => new Date(now()).toISOString(),
    schoolTimeZone: () => {
      if (tz === null) {
        const row = first(sqlite, query.selectFrom('schools').select('timezone').where('id', '=', schoolId));
        const t = row?.timezone;
        // only the school's own zone is kept: before its row is pulled there is none, asked again next time
        if (!t || !isTimeZone(t)) return undefined;
        tz = t;
      }
      return tz;
    },
    // before the school's row is pulled, the computer's zone stands in (never cached, never sent to the UI)
    timeZone: () => ctx.schoolTimeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    stmt,
    all: (q) => all(sqlite, q),
    map: (q, build) => mapAll(sqlite, q, build),
    first: (q) => first(sqlite, q),
    audit: (actor, action, table, recordId, details) => {
      appendLocalAudit(sqlite, {
        at: new Date(now()).toISOString(),
        userId: actor.userId,
        action,
        table,
        recordId,
        breakGlass: actor.breakGlass,
        ...(details ? { details } : {}),
      });
    },
    log,
    invalidate: () => {
      tz = null;
      for (const fn of listeners) fn();
    },
    onInvalidate: (fn) => {
      listeners.push(fn);
    },
  };
  return ctx;
}

/** Refuses a write made under emergency (read-only) access. */
export function requireWriter(actor: Actor): asserts actor is Actor & { userId: string } {
  if (actor.breakGlass || actor.userId === null)
    throw new IpcError(
      'FORBIDDEN',
      'emergency access is read-only: sign in with your own account to record care',
    );
}

/** A student of this school (not deleted), or NOT_FOUND naming the field. */
export function requireStudent(
  ctx: WorkstationContext,
  studentId: string,
  field = 'studentId',
): {
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  grade_level: string;
  date_of_birth: string;
} {
  const s = ctx.first(
    query
      .selectFrom('students')
      .select(['id', 'first_name', 'last_name', 'preferred_name', 'grade_level', 'date_of_birth'])
      .where('id', '=', studentId)
      .where('school_id', '=', ctx.schoolId)
      .where('deleted_at', 'is', null),
  );
  if (!s) throw new IpcError('NOT_FOUND', `no student ${studentId} at this school`, field);
  return s;
}

export const fullName = (s: {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
}): string => `${s.preferred_name || s.first_name} ${s.last_name}`;

/** null/'' → undefined (results never carry null). */
export const opt = <T>(v: T | null | undefined): T | undefined =>
  v === null || v === '' ? undefined : (v ?? undefined);
