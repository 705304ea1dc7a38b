import { describe, expect, it } from 'vitest';
import { serverJobCatalog } from '../../../server-sync/jobs-catalog';
import { letterFamilies, lettersDocument } from '../../../server-sync/immunizations/reminders';
import type { LetterItem } from '../../../server-sync/immunizations/reminders/deliver';
import { recipientsOf, type GuardianRow } from '../../../server-sync/immunizations/reminders/recipients';

const g = (id: string, studentId: string, over: Partial<GuardianRow> = {}): GuardianRow => ({
  id,
  student_id: studentId,
  first_name: 'Maria',
  last_name: 'Diaz',
  email: null,
  phone_primary: 'none',
  is_primary_contact: true,
  contact_priority: 1,
  preferred_language: 'es',
  receives_notifications: true,
  ...over,
});

const item = (
  studentId: string,
  childName: string,
  guardians: GuardianRow[],
  address: string[] = [],
): LetterItem => ({
  reminderId: `r-${studentId}`,
  type: 'OVERDUE',
  studentId,
  childName,
  vaccine: 'Tdap',
  doseNumber: 1,
  dueDate: '2027-01-10',
  recipients: recipientsOf(guardians),
  address,
});

describe('recipients of a reminder', () => {
  it('are the primary contacts who receive notifications, else the best contact priority', () => {
    const rows = [
      g('a', 's1', { is_primary_contact: false, contact_priority: 2, email: 'a@example.org' }),
      g('b', 's1', {
        is_primary_contact: false,
        contact_priority: 1,
        email: 'b@example.org',
        phone_primary: '201-555-0101',
      }),
      g('c', 's1', { is_primary_contact: true, receives_notifications: false, email: 'c@example.org' }),
    ];
    const r = recipientsOf(rows);
    expect(r.map((x) => [x.guardian.id, x.email, x.sms, x.lang])).toEqual([
      ['b', 'b@example.org', '+12015550101', 'es'],
    ]);
    expect(
      recipientsOf([...rows, g('d', 's1', { is_primary_contact: true, email: 'not an address' })]).map(
        (x) => [x.guardian.id, x.email],
      ),
    ).toEqual([['d', null]]);
    expect(recipientsOf([g('e', 's1', { receives_notifications: false })])).toEqual([]);
  });
});

describe('letter families', () => {
  it('puts children sharing a guardian (same name and phone) on one page, others apart', () => {
    const families = letterFamilies([
      item('s2', 'Dan', [g('g2', 's2')], ['12 Elm Street']),
      item('s1', 'Cleo', [g('g1', 's1', { first_name: ' maria ' })]),
      item('s3', 'Ivy', [
        g('g3', 's3', { first_name: 'Ines', last_name: 'Baker', preferred_language: null }),
      ]),
      item('s4', 'Max', [g('g4', 's4', { phone_primary: '000' })]), // another Maria Diaz (another phone)
    ]);
    expect(
      families.map((f) => [
        f.recipients.map((r) => r.name),
        f.items.map((i) => i.childName),
        f.lang,
        f.address,
      ]),
    ).toEqual([
      [['Ines Baker'], ['Ivy'], 'en', []],
      [['Maria Diaz'], ['Cleo', 'Dan'], 'es', ['12 Elm Street']],
      [['Maria Diaz'], ['Max'], 'es', []],
    ]);
    const doc = lettersDocument(
      families,
      { name: 'Alpha Elementary', phone: null },
      { at: new Date(0), atText: '2027-01-05' },
    );
    expect(doc.blocks.filter((b) => b.kind === 'pageBreak')).toHaveLength(2);
  });
});

describe('the job', () => {
  it('is in the server catalog, daily at 07:00 in the district time zone', () => {
    const job = serverJobCatalog({ dataDir: '/tmp/none' }).find((j) => j.name === 'immunizations.reminders');
    expect(job?.schedule).toEqual({ cron: '0 7 * * *' });
    expect(job?.data.safeParse({ districtId: 'd-1' }).success).toBe(true);
    expect(job?.data.safeParse({}).success).toBe(false);
  });
});
