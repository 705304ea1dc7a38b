import { describe, expect, it } from 'vitest';
import { RosterArgs } from '../../../src-shared/ipc/contract';
import { href } from '../../../src-renderer/lib/router';
import { DEFAULT_VIEW, queryOfView, viewFromQuery } from '../../../src-renderer/students/roster-view';

const q = (s: string) => new URLSearchParams(s);

/** The roster's filters, sort and page in the address (#/students?grade=5&allergy=1…). */
describe('the roster view in the address', () => {
  it('reads the filters, the sort and the page', () => {
    expect(
      viewFromQuery(
        q('grade=5&homeroom=Room%2012&allergy=1&condition=0&order=1&overdue=1&sort=grade&dir=desc&page=3'),
      ),
    ).toEqual({
      filters: {
        grade: '5',
        homeroom: 'Room 12',
        hasAllergy: true,
        hasCondition: false,
        hasActiveOrder: true,
        immunizationOverdue: true,
      },
      sort: 'grade',
      direction: 'desc',
      offset: 50,
    });
    expect(viewFromQuery(q(''))).toEqual(DEFAULT_VIEW);
  });

  it('leaves out what does not read, never guessing', () => {
    expect(viewFromQuery(q('grade=13&allergy=yes&sort=age&dir=up&page=-2&homeroom='))).toEqual(DEFAULT_VIEW);
    expect(viewFromQuery(q('page=2.5')).offset).toBe(0);
  });

  it('writes the same view back, defaults left out, and the core accepts it', () => {
    const view = viewFromQuery(q('grade=K&allergy=1&overdue=0&sort=homeroom&page=2'));
    expect(queryOfView(view)).toEqual({
      grade: 'K',
      allergy: '1',
      overdue: '0',
      sort: 'homeroom',
      page: '2',
    });
    expect(href(['students'], queryOfView(DEFAULT_VIEW))).toBe('#/students');
    expect(href(['students'], queryOfView(view))).toBe(
      '#/students?grade=K&allergy=1&overdue=0&sort=homeroom&page=2',
    );
    expect(viewFromQuery(q(href(['students'], queryOfView(view)).split('?')[1]!))).toEqual(view);
    expect(RosterArgs.safeParse({ ...view, limit: 25 }).success).toBe(true);
  });
});
