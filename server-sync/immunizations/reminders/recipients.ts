import { reminderLanguage, type ReminderLanguage } from '../../../src-shared/immunizations/reminders';
import { e164 } from '../../alerts';

/** A guardian row as delivery needs it. */
export interface GuardianRow {
  readonly id: string;
  readonly student_id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string | null;
  readonly phone_primary: string;
  readonly is_primary_contact: boolean;
  readonly contact_priority: number;
  readonly preferred_language: string | null;
  readonly receives_notifications: boolean;
}

/** Who a student's reminder goes to, by which means, in which language. */
export interface Recipient {
  readonly guardian: GuardianRow;
  readonly name: string;
  readonly email: string | null;
  /** E.164, or null when the number cannot take an SMS */
  readonly sms: string | null;
  readonly lang: ReminderLanguage;
  /** the preferred language has no template: English is used */
  readonly languageFallback: boolean;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * The guardians a reminder goes to: those who receive notifications, and among them the primary contacts (or, when
 * none is marked primary, those of the best contact_priority, 1 first). Each gets e-mail when it has an address,
 * SMS when its primary phone is a mobile-capable E.164 number, a letter when neither.
 */
export function recipientsOf(guardians: readonly GuardianRow[]): Recipient[] {
  const willing = guardians.filter((g) => g.receives_notifications);
  const primary = willing.filter((g) => g.is_primary_contact);
  const best = Math.min(...willing.map((g) => g.contact_priority));
  const chosen = primary.length > 0 ? primary : willing.filter((g) => g.contact_priority === best);
  return [...chosen]
    .sort((a, b) => a.contact_priority - b.contact_priority || a.id.localeCompare(b.id))
    .map((g) => {
      const { lang, fallback } = reminderLanguage(g.preferred_language);
      const email = g.email?.trim() ?? '';
      return {
        guardian: g,
        name: `${g.first_name.trim()} ${g.last_name.trim()}`,
        email: EMAIL.test(email) ? email : null,
        sms: e164(g.phone_primary),
        lang,
        languageFallback: fallback,
      };
    });
}

/** Who is one family's: the same person listed as guardian of several students (name and phone digits). */
export const guardianIdentity = (g: GuardianRow): string =>
  `${g.last_name.trim().toLowerCase()}|${g.first_name.trim().toLowerCase()}|${g.phone_primary.replace(/\D/g, '')}`;
