import { addDays, isoDate, localTime, schoolYears, type SchoolYear } from './calendar';
import type { SeedDb } from './db';
import type { SeedOptions, SeedProgress } from './options';

/** What every section gets: the transaction, the options, the calendar and the district's clock anchors. */
export interface SeedContext {
  readonly db: SeedDb;
  readonly options: SeedOptions;
  readonly progress: SeedProgress | undefined;
  readonly years: readonly SchoolYear[];
  /** asOf as 'YYYY-MM-DD'. */
  readonly today: string;
  /** When the district went live on White Cross: two weeks before the first seeded school year. */
  readonly setupAt: Date;
}

export function makeContext(
  db: SeedDb,
  options: SeedOptions,
  progress: SeedProgress | undefined,
): SeedContext {
  const years = schoolYears(options.asOf, options.years);
  const first = years[0];
  if (!first) throw new Error('no school year to seed');
  return Object.freeze({
    db,
    options,
    progress,
    years,
    today: isoDate(options.asOf),
    setupAt: localTime(addDays(first.start, -14), 9),
  });
}

/** Every instruction day of the seeded years up to asOf, ascending. */
export const allDays = (ctx: SeedContext): string[] => ctx.years.flatMap((y) => [...y.days]);

/** Clamp an instant to asOf (nothing the seed writes happens after "today"). */
export const notAfter = (ctx: SeedContext, t: Date): Date =>
  t.getTime() > ctx.options.asOf.getTime() ? ctx.options.asOf : t;

/** Shared audit columns: a row created at `at` and last touched at `updated` (default: same). */
export const stamps = (at: Date, updated?: Date): { created_at: Date; updated_at: Date } => ({
  created_at: at,
  updated_at: updated ?? at,
});
