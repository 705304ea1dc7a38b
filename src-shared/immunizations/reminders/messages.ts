import type { ReminderType } from './types';

/**
 * The words of a reminder, per language: the e-mail (subject, text, HTML), the SMS and the printed letter. English
 * and Spanish; any other preferred language (or none) gets English, and `fallback` says so (the job notes it).
 */

export const REMINDER_LANGUAGES = ['en', 'es'] as const;
export type ReminderLanguage = (typeof REMINDER_LANGUAGES)[number];

const SPANISH = new Set(['es', 'spa', 'spanish', 'español', 'espanol', 'castellano']);
const ENGLISH = new Set(['en', 'eng', 'english', 'inglés', 'ingles']);

/** The language of guardians.preferred_language ('es', 'es-MX', 'Spanish', 'Español'...). */
export function reminderLanguage(preferred: string | null): { lang: ReminderLanguage; fallback: boolean } {
  const p = (preferred ?? '').trim().toLowerCase();
  if (p === '') return { lang: 'en', fallback: false };
  const base = p.split(/[-_]/)[0] ?? p;
  if (SPANISH.has(p) || SPANISH.has(base)) return { lang: 'es', fallback: false };
  if (ENGLISH.has(p) || ENGLISH.has(base)) return { lang: 'en', fallback: false };
  return { lang: 'en', fallback: true };
}

const MONTHS: Record<ReminderLanguage, readonly string[]> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
};

/** A calendar date as the reader writes it: "January 5, 2027", "5 de enero de 2027". */
export function formatDate(date: string, lang: ReminderLanguage): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = MONTHS[lang][m - 1] ?? String(m);
  return lang === 'es' ? `${d} de ${month} de ${y}` : `${month} ${d}, ${y}`;
}

/** One dose in a message. */
export interface DoseLine {
  readonly childName: string;
  readonly vaccine: string;
  readonly doseNumber: number | null;
  readonly dueDate: string;
  readonly type: ReminderType;
  readonly deadline?: string;
}

export interface ReminderMessageInput extends DoseLine {
  readonly guardianName: string;
  readonly schoolName: string;
  readonly schoolPhone: string | null;
  /** the acknowledgment link of this e-mail, when the server has a public address */
  readonly ackUrl?: string;
}

const dose = (l: DoseLine, lang: ReminderLanguage): string =>
  l.doseNumber === null
    ? l.vaccine
    : lang === 'es'
      ? `${l.vaccine} (dosis ${l.doseNumber})`
      : `${l.vaccine} (dose ${l.doseNumber})`;

/** One sentence on one dose, by type. */
export function doseSentence(l: DoseLine, lang: ReminderLanguage): string {
  const due = formatDate(l.dueDate, lang);
  const what = dose(l, lang);
  if (lang === 'es') {
    if (l.type === 'UPCOMING') return `${l.childName} debe recibir la vacuna ${what} a más tardar el ${due}.`;
    if (l.type === 'OVERDUE')
      return `La vacuna ${what} de ${l.childName} venció el ${due} y no está registrada en la escuela.`;
    return `URGENTE: la vacuna ${what} de ${l.childName} venció el ${due}${
      l.deadline ? ` y la fecha límite del estado (${formatDate(l.deadline, lang)}) ya pasó` : ''
    }. Puede afectar la asistencia escolar.`;
  }
  if (l.type === 'UPCOMING') return `${l.childName} is due for ${what} by ${due}.`;
  if (l.type === 'OVERDUE')
    return `${l.childName}'s ${what} was due on ${due} and is not on record at school.`;
  return `URGENT: ${l.childName}'s ${what} was due on ${due}${
    l.deadline ? ` and the state deadline (${formatDate(l.deadline, lang)}) has passed` : ''
  }. School attendance may be affected.`;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The e-mail and the SMS of one reminder to one guardian. */
export function reminderMessage(
  m: ReminderMessageInput,
  lang: ReminderLanguage,
): { subject: string; text: string; html: string; sms: string } {
  const sentence = doseSentence(m, lang);
  const es = lang === 'es';
  const subjectType =
    m.type === 'UPCOMING'
      ? es
        ? 'Recordatorio de vacunación'
        : 'Immunization reminder'
      : m.type === 'OVERDUE'
        ? es
          ? 'Vacuna vencida'
          : 'Immunization overdue'
        : es
          ? 'URGENTE: vacuna vencida'
          : 'URGENT: immunization overdue';
  const subject = `${subjectType}: ${m.childName}, ${dose(m, lang)}`;
  const contact = m.schoolPhone
    ? es
      ? `Si ya recibió la vacuna, envíe el comprobante a la enfermería de ${m.schoolName} (${m.schoolPhone}).`
      : `If the dose was given, please send the record to the nurse at ${m.schoolName} (${m.schoolPhone}).`
    : es
      ? `Si ya recibió la vacuna, envíe el comprobante a la enfermería de ${m.schoolName}.`
      : `If the dose was given, please send the record to the nurse at ${m.schoolName}.`;
  const greeting = es ? `Estimado/a ${m.guardianName}:` : `Dear ${m.guardianName},`;
  const signature = es ? `Enfermería escolar, ${m.schoolName}` : `School nurse, ${m.schoolName}`;
  const ack = m.ackUrl
    ? es
      ? 'Para confirmar que recibió este recordatorio, abra este enlace:'
      : 'To confirm you received this reminder, open this link:'
    : null;
  const text = `${greeting}\n\n${sentence}\n\n${contact}\n\n${ack && m.ackUrl ? `${ack}\n${m.ackUrl}\n\n` : ''}${signature}\n`;
  const html = `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(sentence)}</p><p>${escapeHtml(contact)}</p>${
    ack && m.ackUrl
      ? `<p>${escapeHtml(ack)} <a href="${escapeHtml(m.ackUrl)}">${escapeHtml(m.ackUrl)}</a></p>`
      : ''
  }<p>${escapeHtml(signature)}</p>`;
  const sms = `${m.schoolName}: ${sentence}${es ? ' Preguntas: enfermería escolar.' : ' Questions: school nurse.'}${
    m.schoolPhone ? ` ${m.schoolPhone}` : ''
  }`;
  return { subject, text, html, sms };
}

/** The printed letter of one family: its words, laid out by the report engine (one page). */
export interface LetterContent {
  readonly heading: string;
  readonly greeting: string;
  readonly intro: string;
  readonly lines: readonly string[];
  readonly closing: string;
  readonly signature: string;
}

export function letterContent(
  f: {
    readonly guardianNames: readonly string[];
    readonly schoolName: string;
    readonly schoolPhone: string | null;
  },
  doses: readonly DoseLine[],
  lang: ReminderLanguage,
): LetterContent {
  const es = lang === 'es';
  const names = f.guardianNames.join(es ? ' y ' : ' and ');
  return {
    heading: es ? 'Recordatorio de vacunación' : 'Immunization reminder',
    greeting: es ? `Estimado/a ${names}:` : `Dear ${names},`,
    intro: es
      ? 'Nuestros registros muestran que las siguientes vacunas requieren su atención:'
      : 'Our records show that the following immunizations need your attention:',
    lines: doses.map((d) => doseSentence(d, lang)),
    closing: es
      ? `Si ya recibió alguna de estas vacunas, envíe el comprobante a la enfermería de ${f.schoolName}${f.schoolPhone ? ` (${f.schoolPhone})` : ''}. Gracias.`
      : `If any of these doses was given, please send the record to the nurse at ${f.schoolName}${f.schoolPhone ? ` (${f.schoolPhone})` : ''}. Thank you.`,
    signature: es ? `Enfermería escolar, ${f.schoolName}` : `School nurse, ${f.schoolName}`,
  };
}
