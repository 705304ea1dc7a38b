import { v5 as uuidv5 } from 'uuid';
import {
  reminderKey,
  reminderMessage,
  type ReminderNeed,
  type ReminderType,
} from '../../../src-shared/immunizations/reminders';
import type { DeliveryChannels } from '../../alerts';
import { appendAudit } from '../../audit';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';
import { recipientsOf, type GuardianRow, type Recipient } from './recipients';

/**
 * Sending a school's open reminders (PENDING or SENT) to their guardians. A delivery is one reminder, at its current
 * type, to one guardian on one channel: its reminder_delivery_status id is derived from (reminder, channel, contact,
 * type), so it exists once whatever the number of runs. It is written PENDING before the send and SENT or FAILED
 * after; a run sends only the PENDING and FAILED ones (an escalation is a new type, so new deliveries). The e-mail's
 * Message-ID comes from that id too: a resend after a crash between the send and its record is the same message.
 */

/** The namespace of delivery ids (UUIDv5). */
const DELIVERY_NS = '0c0a6a52-4d7e-4a83-8f43-5d7f4c3f0b12';

export const reminderDeliveryId = (
  reminderId: string,
  channel: 'EMAIL' | 'SMS',
  contact: string,
  type: ReminderType,
): string => uuidv5(`${reminderId}|${channel}|${contact.toLowerCase()}|${type}`, DELIVERY_NS);

/** A guardian without e-mail or SMS: a letter, printed in the day's batch. */
export interface LetterItem {
  readonly reminderId: string;
  readonly type: ReminderType;
  readonly studentId: string;
  readonly childName: string;
  readonly vaccine: string;
  readonly doseNumber: number | null;
  readonly dueDate: string;
  readonly deadline?: string;
  readonly recipients: readonly Recipient[];
  readonly address: readonly string[];
}

export interface SchoolDeliveryResult {
  readonly sent: number;
  readonly failed: number;
  readonly languageFallbacks: number;
  readonly letters: readonly LetterItem[];
}

interface Planned {
  readonly id: string;
  readonly reminderId: string;
  readonly channel: 'EMAIL' | 'SMS';
  readonly contact: string;
  readonly recipient: Recipient;
  readonly message: ReturnType<typeof reminderMessage>;
}

const channelsOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export async function deliverSchool(
  db: ServerDb,
  clock: Clock,
  channels: DeliveryChannels,
  school: { readonly id: string; readonly name: string; readonly phone: string | null },
  needs: ReadonlyMap<string, ReminderNeed>,
  ackUrl: ((deliveryId: string) => string | null) | null = null,
): Promise<SchoolDeliveryResult> {
  const reminders = await db
    .selectFrom('immunization_reminders as r')
    .innerJoin('students as s', 's.id', 'r.student_id')
    .select([
      'r.id',
      'r.student_id',
      'r.vaccine_type',
      'r.dose_number',
      'r.due_date',
      'r.reminder_type',
      'r.reminder_status',
      'r.channels_sent',
      'r.notes',
      's.first_name',
      's.last_name',
      's.address_line1',
      's.address_line2',
      's.city',
      's.state',
      's.postal_code',
    ])
    .where('r.school_id', '=', school.id)
    .where('r.deleted_at', 'is', null)
    .where('r.reminder_status', 'in', ['PENDING', 'SENT'])
    .orderBy('r.id')
    .execute();
  if (reminders.length === 0) return { sent: 0, failed: 0, languageFallbacks: 0, letters: [] };
  const guardians: GuardianRow[] = await db
    .selectFrom('guardians')
    .select([
      'id',
      'student_id',
      'first_name',
      'last_name',
      'email',
      'phone_primary',
      'is_primary_contact',
      'contact_priority',
      'preferred_language',
      'receives_notifications',
    ])
    .where('student_id', 'in', [...new Set(reminders.map((r) => r.student_id))])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();

  const guardiansOf = new Map<string, GuardianRow[]>();
  for (const g of guardians) guardiansOf.set(g.student_id, [...(guardiansOf.get(g.student_id) ?? []), g]);
  const planned: Planned[] = [];
  const letters: LetterItem[] = [];
  const fallbackNotes = new Map<string, string[]>();
  for (const r of reminders) {
    const need = needs.get(reminderKey(r.student_id, r.vaccine_type, r.dose_number));
    const line = {
      childName: r.first_name,
      vaccine: r.vaccine_type,
      doseNumber: r.dose_number,
      dueDate: r.due_date,
      type: r.reminder_type,
      ...(need?.deadline ? { deadline: need.deadline } : {}),
    };
    const recipients = recipientsOf(guardiansOf.get(r.student_id) ?? []);
    const byLetter: Recipient[] = [];
    for (const rc of recipients) {
      if (rc.languageFallback)
        fallbackNotes.set(r.id, [
          ...(fallbackNotes.get(r.id) ?? []),
          `Sent in English to ${rc.name}: no template for the preferred language "${rc.guardian.preferred_language ?? ''}".`,
        ]);
      const message = reminderMessage(
        { ...line, guardianName: rc.name, schoolName: school.name, schoolPhone: school.phone },
        rc.lang,
      );
      if (rc.email) {
        const id = reminderDeliveryId(r.id, 'EMAIL', rc.email, r.reminder_type);
        const link = ackUrl?.(id) ?? null;
        const withLink = link
          ? reminderMessage(
              {
                ...line,
                guardianName: rc.name,
                schoolName: school.name,
                schoolPhone: school.phone,
                ackUrl: link,
              },
              rc.lang,
            )
          : message;
        planned.push({
          id,
          reminderId: r.id,
          channel: 'EMAIL',
          contact: rc.email,
          recipient: rc,
          message: withLink,
        });
      }
      if (rc.sms)
        planned.push({
          id: reminderDeliveryId(r.id, 'SMS', rc.sms, r.reminder_type),
          reminderId: r.id,
          channel: 'SMS',
          contact: rc.sms,
          recipient: rc,
          message,
        });
      if (!rc.email && !rc.sms) byLetter.push(rc);
    }
    if (byLetter.length > 0 && !channelsOf(r.channels_sent).includes(`LETTER:${r.reminder_type}`))
      letters.push({
        ...line,
        reminderId: r.id,
        studentId: r.student_id,
        recipients: byLetter,
        address: [
          r.address_line1,
          r.address_line2,
          [r.city, [r.state, r.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', '),
        ].filter((x): x is string => !!x && x.trim() !== ''),
      });
  }

  const now = clock.now();
  for (let i = 0; i < planned.length; i += 500)
    await db
      .insertInto('reminder_delivery_status')
      .values(
        planned.slice(i, i + 500).map((p) => ({
          id: p.id,
          reminder_id: p.reminderId,
          delivery_channel: p.channel,
          recipient_type: 'GUARDIAN' as const,
          recipient_contact: p.contact,
          sent_at: now,
          delivery_status: 'PENDING' as const,
          school_id: school.id,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  const ids = planned.map((p) => p.id);
  const open = new Set<string>();
  for (let i = 0; i < ids.length; i += 500)
    for (const row of await db
      .selectFrom('reminder_delivery_status')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('delivery_status', 'in', ['PENDING', 'FAILED'])
      .execute())
      open.add(row.id);

  let sent = 0;
  let failed = 0;
  for (const p of planned) {
    if (!open.has(p.id)) continue;
    let failure: string | null = null;
    try {
      if (p.channel === 'EMAIL') {
        if (!channels.email) throw new Error('e-mail (SMTP) is not configured');
        await channels.email.send({
          to: p.contact,
          subject: p.message.subject,
          text: p.message.text,
          html: p.message.html,
          deliveryId: p.id,
        });
      } else {
        if (!channels.sms) throw new Error('SMS is not configured');
        await channels.sms.sendSms(p.contact, p.message.sms);
      }
    } catch (err) {
      failure = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    }
    const at = clock.now();
    await db
      .updateTable('reminder_delivery_status')
      .set(
        failure === null
          ? { delivery_status: 'SENT', sent_at: at, failure_reason: null, updated_at: at }
          : { delivery_status: 'FAILED', failure_reason: failure, updated_at: at },
      )
      .where('id', '=', p.id)
      .execute();
    if (failure === null) sent++;
    else failed++;
  }

  // the reminders: the channels their current type went out on, SENT once one delivery went out
  const sentIds = new Set<string>();
  for (let i = 0; i < ids.length; i += 500)
    for (const row of await db
      .selectFrom('reminder_delivery_status')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('delivery_status', '=', 'SENT')
      .execute())
      sentIds.add(row.id);
  await db.transaction().execute(async (trx) => {
    for (const r of reminders) {
      const mine = planned.filter((p) => p.reminderId === r.id && sentIds.has(p.id));
      const had = channelsOf(r.channels_sent);
      const next = [...new Set([...had, ...mine.map((p) => `${p.channel}:${r.reminder_type}`)])].sort();
      let notes = r.notes;
      for (const n of fallbackNotes.get(r.id) ?? [])
        if (!notes?.includes(n)) notes = notes ? `${notes}\n${n}` : n;
      const becomesSent = r.reminder_status === 'PENDING' && mine.length > 0;
      if (next.length === had.length && notes === r.notes && !becomesSent) continue;
      await trx
        .updateTable('immunization_reminders')
        .set({
          channels_sent: JSON.stringify(next),
          notes,
          ...(becomesSent ? { reminder_status: 'SENT' as const, sent_date: now } : {}),
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
    }
    if (sent + failed > 0)
      await appendAudit(trx, {
        action: 'SHARE',
        userId: null,
        deviceId: null,
        schoolId: school.id,
        tableName: 'reminder_delivery_status',
        recordId: null,
        ip: null,
        userAgent: null,
        details: { event: 'immunization_reminders.delivered', sent, failed },
        at: now,
      });
  });
  return { sent, failed, languageFallbacks: [...fallbackNotes.values()].flat().length, letters };
}
