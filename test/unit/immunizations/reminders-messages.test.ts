import { describe, expect, it } from 'vitest';
import {
  formatDate,
  letterContent,
  reminderLanguage,
  reminderMessage,
} from '../../../src-shared/immunizations/reminders';

describe('reminder language', () => {
  it('reads the preferred language; anything without a template is English, flagged', () => {
    expect(reminderLanguage('es')).toEqual({ lang: 'es', fallback: false });
    expect(reminderLanguage('es-MX')).toEqual({ lang: 'es', fallback: false });
    expect(reminderLanguage(' Spanish ')).toEqual({ lang: 'es', fallback: false });
    expect(reminderLanguage('Español')).toEqual({ lang: 'es', fallback: false });
    expect(reminderLanguage('English')).toEqual({ lang: 'en', fallback: false });
    expect(reminderLanguage(null)).toEqual({ lang: 'en', fallback: false });
    expect(reminderLanguage('Vietnamese')).toEqual({ lang: 'en', fallback: true });
  });
  it('writes dates the reader’s way', () => {
    expect(formatDate('2027-01-05', 'en')).toBe('January 5, 2027');
    expect(formatDate('2027-01-05', 'es')).toBe('5 de enero de 2027');
  });
});

describe('reminder messages', () => {
  const m = {
    childName: 'Sam',
    vaccine: 'MMR',
    doseNumber: 2,
    dueDate: '2027-01-20',
    type: 'URGENT' as const,
    deadline: '2027-02-19',
    guardianName: 'Ana <Alvarez>',
    schoolName: 'Alpha Elementary',
    schoolPhone: '555-0100',
  };
  it('says the type, the dose, the dates and the school, in English and Spanish', () => {
    const en = reminderMessage(m, 'en');
    expect(en.subject).toBe('URGENT: immunization overdue: Sam, MMR (dose 2)');
    expect(en.text).toContain(
      "Sam's MMR (dose 2) was due on January 20, 2027 and the state deadline (February 19, 2027) has passed",
    );
    expect(en.html).toContain('Ana &lt;Alvarez&gt;');
    expect(en.sms).toMatch(/^Alpha Elementary: URGENT: .* 555-0100$/);
    const es = reminderMessage({ ...m, type: 'UPCOMING' }, 'es');
    expect(es.subject).toBe('Recordatorio de vacunación: Sam, MMR (dosis 2)');
    expect(es.text).toContain(
      'Sam debe recibir la vacuna MMR (dosis 2) a más tardar el 20 de enero de 2027.',
    );
    expect(es.text).toContain('Estimado/a Ana <Alvarez>:');
  });
  it('a letter lists every dose of the family', () => {
    const c = letterContent(
      { guardianNames: ['Rosa Diaz', 'Luis Diaz'], schoolName: 'Alpha Elementary', schoolPhone: null },
      [
        { childName: 'Ana', vaccine: 'MMR', doseNumber: 2, dueDate: '2027-01-20', type: 'OVERDUE' },
        { childName: 'Leo', vaccine: 'Tdap', doseNumber: 1, dueDate: '2027-02-01', type: 'UPCOMING' },
      ],
      'es',
    );
    expect(c.greeting).toBe('Estimado/a Rosa Diaz y Luis Diaz:');
    expect(c.lines).toEqual([
      'La vacuna MMR (dosis 2) de Ana venció el 20 de enero de 2027 y no está registrada en la escuela.',
      'Leo debe recibir la vacuna Tdap (dosis 1) a más tardar el 1 de febrero de 2027.',
    ]);
  });
});
