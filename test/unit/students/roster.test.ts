import { describe, expect, it } from 'vitest';
import type { RosterArgs, RosterRow } from '../../../src-shared/ipc/students-roster';
import { RosterArgs as RosterArgsSchema } from '../../../src-shared/ipc/contract';
import { compareRoster, matchesRoster, rosterCountText, rosterPage } from '../../../src-shared/students';

const row = (
  id: string,
  first: string,
  last: string,
  grade: RosterRow['grade'],
  homeroom?: string,
  over: Partial<RosterRow> = {},
): RosterRow => ({
  id,
  name: `${first} ${last}`,
  firstName: first,
  lastName: last,
  studentNumber: `S${id}`,
  birthDate: '2015-01-01',
  grade,
  homeroom,
  allergies: 0,
  hasDrugAllergy: false,
  conditions: 0,
  activeOrders: 0,
  immunizationOverdue: false,
  ...over,
});

const ROWS: RosterRow[] = [
  row('1', 'Zoë', "O'Brien", '4', 'Room 10', { allergies: 1 }),
  row('2', 'Ana', 'Diaz', '6', 'Room 2', { allergies: 2, hasDrugAllergy: true, activeOrders: 1 }),
  row('3', 'Lily', 'Chen', 'K', undefined, { conditions: 1, immunizationOverdue: true }),
  row('4', 'Émile', 'diaz', 'PK', 'Room 2'),
  row('5', 'Sam', 'Johnson', '12', 'room 10', { activeOrders: 2, conditions: 1 }),
];
const args = (over: Partial<RosterArgs> = {}): RosterArgs => RosterArgsSchema.parse(over);

describe('roster rules', () => {
  it('sorts by last then first name, ignoring case and accents; descending reverses', () => {
    const names = (a: RosterArgs) => rosterPage(ROWS, a).rows.map((r) => r.id);
    expect(names(args())).toEqual(['3', '2', '4', '5', '1']);
    expect(names(args({ direction: 'desc' }))).toEqual(['1', '5', '4', '2', '3']);
  });

  it('sorts grades PK, K, 1..12 (not as text), ties by name', () => {
    expect(rosterPage(ROWS, args({ sort: 'grade' })).rows.map((r) => r.grade)).toEqual([
      'PK',
      'K',
      '4',
      '6',
      '12',
    ]);
    expect(rosterPage(ROWS, args({ sort: 'grade', direction: 'desc' })).rows.map((r) => r.grade)).toEqual([
      '12',
      '6',
      '4',
      'K',
      'PK',
    ]);
  });

  it('sorts homerooms naturally (Room 2 before Room 10), case-insensitively, students without one last', () => {
    // ties (Room 10: Johnson, O'Brien) go by name in either direction
    expect(rosterPage(ROWS, args({ sort: 'homeroom' })).rows.map((r) => r.id)).toEqual([
      '2',
      '4',
      '5',
      '1',
      '3',
    ]);
    expect(rosterPage(ROWS, args({ sort: 'homeroom', direction: 'desc' })).rows.map((r) => r.id)).toEqual([
      '5',
      '1',
      '2',
      '4',
      '3',
    ]);
    expect(compareRoster('homeroom', 'asc')(ROWS[2]!, ROWS[0]!)).toBeGreaterThan(0);
  });

  it('filters by grade, homeroom (case-insensitive), and each flag: true has it, false has none', () => {
    const ids = (filters: RosterArgs['filters']) => rosterPage(ROWS, args({ filters })).rows.map((r) => r.id);
    expect(ids({ grade: '6' })).toEqual(['2']);
    expect(ids({ homeroom: 'ROOM 10' })).toEqual(['5', '1']);
    expect(ids({ hasAllergy: true })).toEqual(['2', '1']);
    expect(ids({ hasAllergy: false })).toEqual(['3', '4', '5']);
    expect(ids({ hasCondition: true })).toEqual(['3', '5']);
    expect(ids({ hasActiveOrder: true })).toEqual(['2', '5']);
    expect(ids({ immunizationOverdue: true })).toEqual(['3']);
    expect(ids({ hasCondition: true, hasActiveOrder: true })).toEqual(['5']);
    expect(ids({ grade: '6', hasCondition: true })).toEqual([]);
    expect(matchesRoster(ROWS[0]!, {})).toBe(true);
  });

  it('pages: total counts the matching students, the school total all; the choices list homerooms and grades', () => {
    const p = rosterPage(ROWS, args({ offset: 2, limit: 2 }));
    expect(p.rows.map((r) => r.id)).toEqual(['4', '5']);
    expect(p).toMatchObject({ total: 5, schoolTotal: 5, offset: 2 });
    expect(p.homerooms).toEqual(['Room 2', 'Room 10']);
    expect(p.grades).toEqual(['PK', 'K', '4', '6', '12']);
    const last = rosterPage(ROWS, args({ offset: 4, limit: 2 }));
    expect(last.rows.map((r) => r.id)).toEqual(['1']);
    expect(rosterPage(ROWS, args({ offset: 10 })).rows).toEqual([]);
    expect(rosterPage(ROWS, args({ filters: { hasAllergy: true } }))).toMatchObject({
      total: 2,
      schoolTotal: 5,
    });
  });

  it('says the count: "25 of 312", then "26–50 of 312"', () => {
    expect(rosterCountText(25, 0, 312)).toBe('25 of 312');
    expect(rosterCountText(25, 25, 312)).toBe('26–50 of 312');
    expect(rosterCountText(0, 0, 0)).toBe('0 of 0');
  });

  it('the arguments are bounded, naming the field', () => {
    const issue = (a: unknown) => {
      const r = RosterArgsSchema.safeParse(a);
      return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issue({ limit: 101 })).toEqual(['limit: at most 100']);
    expect(issue({ limit: 0 })).toEqual(['limit: at least 1']);
    expect(issue({ offset: -1 })).toEqual(['offset: at least 0']);
    expect(issue({ sort: 'age' })?.[0]).toMatch(/^sort: /);
    expect(issue({ filters: { grade: '13' } })?.[0]).toMatch(/^filters\.grade: /);
    expect(issue({ filters: { shoeSize: 3 } })?.[0]).toMatch(/^filters: /);
    expect(issue({})).toBeNull();
  });
});
