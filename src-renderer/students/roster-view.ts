import { z } from 'zod';
import { GradeLevel } from '../../src-shared/enums';
import { ROSTER_PAGE, ROSTER_SORTS, RosterFilters, type RosterSort } from '../../src-shared/ipc/contract';

/**
 * The roster's filters, sort and page live in the address (`#/students?grade=5&allergy=1&sort=grade&dir=desc`), so
 * Back, Forward and a reload keep them. Pure: the address's query ↔ the view the roster asks the core for. A value
 * that does not read (a grade that does not exist, a flag that is not 0 or 1) is left out, never guessed.
 */

export interface RosterView {
  filters: RosterFilters;
  sort: RosterSort;
  direction: 'asc' | 'desc';
  offset: number;
}

export const DEFAULT_VIEW: RosterView = Object.freeze({
  filters: {},
  sort: 'name',
  direction: 'asc',
  offset: 0,
});

type Flag = 'hasAllergy' | 'hasCondition' | 'hasActiveOrder' | 'immunizationOverdue';
/** The flags' short names in the address. */
export const FLAG_PARAMS: Readonly<Record<Flag, string>> = Object.freeze({
  hasAllergy: 'allergy',
  hasCondition: 'condition',
  hasActiveOrder: 'order',
  immunizationOverdue: 'overdue',
});

const grade = z.enum(GradeLevel);
const homeroom = RosterFilters.shape.homeroom.unwrap();
const sort = z.enum(ROSTER_SORTS);
const page = z.coerce.number().int().min(2).max(4000);

export function viewFromQuery(q: URLSearchParams): RosterView {
  const filters: RosterFilters = {};
  const g = grade.safeParse(q.get('grade'));
  if (g.success) filters.grade = g.data;
  const h = homeroom.safeParse(q.get('homeroom'));
  if (h.success) filters.homeroom = h.data;
  for (const [flag, param] of Object.entries(FLAG_PARAMS) as [Flag, string][]) {
    const v = q.get(param);
    if (v === '1') filters[flag] = true;
    else if (v === '0') filters[flag] = false;
  }
  const s = sort.safeParse(q.get('sort'));
  const p = page.safeParse(q.get('page'));
  return {
    filters,
    sort: s.success ? s.data : 'name',
    direction: q.get('dir') === 'desc' ? 'desc' : 'asc',
    offset: p.success ? (p.data - 1) * ROSTER_PAGE : 0,
  };
}

/** The address's query of a view (defaults left out, so the plain roster is `#/students`). */
export function queryOfView(v: RosterView): Record<string, string | undefined> {
  const q: Record<string, string | undefined> = {};
  if (v.filters.grade) q.grade = v.filters.grade;
  if (v.filters.homeroom) q.homeroom = v.filters.homeroom;
  for (const [flag, param] of Object.entries(FLAG_PARAMS) as [Flag, string][]) {
    const f = v.filters[flag];
    if (f !== undefined) q[param] = f ? '1' : '0';
  }
  if (v.sort !== 'name') q.sort = v.sort;
  if (v.direction === 'desc') q.dir = 'desc';
  const pageNo = Math.floor(v.offset / ROSTER_PAGE) + 1;
  if (pageNo > 1) q.page = String(pageNo);
  return q;
}
