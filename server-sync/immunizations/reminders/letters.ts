import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { letterContent, type ReminderLanguage } from '../../../src-shared/immunizations/reminders';
import { appendAudit } from '../../audit';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';
import type { ReportRenderer } from '../../../src-shared/reports';
import type { LetterItem } from './deliver';
import { guardianIdentity, type Recipient } from './recipients';

/**
 * The day's letters of one school: one PDF (the report engine), one page per family, in the family's language.
 * A family is the students linked by a guardian who has neither e-mail nor SMS (the same person listed for several
 * children: same name and phone); its page names those guardians, lists every child's doses and carries the
 * students' home address. The file is written, then its reminders record LETTER:<type> in channels_sent (and become
 * SENT), with a PRINT audit entry, in one transaction: a crash before that writes the same file again (same bytes,
 * same name) on the next run.
 */

type ReportDocument = Parameters<ReportRenderer>[0];

export interface LetterFamily {
  readonly recipients: readonly Recipient[];
  readonly address: readonly string[];
  readonly items: readonly LetterItem[];
  readonly lang: ReminderLanguage;
}

/** Groups letter items into families (union of students sharing a letter guardian), in a stable order. */
export function letterFamilies(items: readonly LetterItem[]): LetterFamily[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const it of items) {
    const s = `s:${it.studentId}`;
    if (!parent.has(s)) parent.set(s, s);
    for (const rc of it.recipients) {
      const g = `g:${guardianIdentity(rc.guardian)}`;
      if (!parent.has(g)) parent.set(g, g);
      union(s, g);
    }
  }
  const groups = new Map<string, LetterItem[]>();
  for (const it of items) {
    const root = find(`s:${it.studentId}`);
    groups.set(root, [...(groups.get(root) ?? []), it]);
  }
  const families: LetterFamily[] = [];
  for (const list of groups.values()) {
    const byIdentity = new Map<string, Recipient>();
    for (const it of list)
      for (const rc of it.recipients)
        if (!byIdentity.has(guardianIdentity(rc.guardian))) byIdentity.set(guardianIdentity(rc.guardian), rc);
    const recipients = [...byIdentity.values()].sort(
      (a, b) => a.guardian.contact_priority - b.guardian.contact_priority || a.name.localeCompare(b.name),
    );
    const items = [...list].sort(
      (a, b) =>
        a.childName.localeCompare(b.childName) ||
        a.vaccine.localeCompare(b.vaccine) ||
        (a.doseNumber ?? 0) - (b.doseNumber ?? 0),
    );
    families.push({
      recipients,
      address: items.find((i) => i.address.length > 0)?.address ?? [],
      items,
      lang: recipients[0]?.lang ?? 'en',
    });
  }
  return families.sort((a, b) => (a.recipients[0]?.name ?? '').localeCompare(b.recipients[0]?.name ?? ''));
}

/** The letters as a report document: one page per family. */
export function lettersDocument(
  families: readonly LetterFamily[],
  school: { readonly name: string; readonly phone: string | null },
  printed: { readonly at: Date; readonly atText: string },
): ReportDocument {
  const blocks: ReportDocument['blocks'][number][] = [];
  families.forEach((f, i) => {
    const c = letterContent(
      { guardianNames: f.recipients.map((r) => r.name), schoolName: school.name, schoolPhone: school.phone },
      f.items,
      f.lang,
    );
    if (i > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push({ kind: 'heading', text: c.heading });
    blocks.push({
      kind: 'paragraph',
      text: [f.recipients.map((r) => r.name).join(', '), ...f.address].join('\n'),
    });
    blocks.push({ kind: 'spacer', points: 12 });
    blocks.push({ kind: 'paragraph', text: c.greeting });
    blocks.push({ kind: 'paragraph', text: c.intro });
    for (const l of c.lines) blocks.push({ kind: 'paragraph', text: `• ${l}` });
    blocks.push({ kind: 'paragraph', text: c.closing });
    blocks.push({ kind: 'paragraph', text: c.signature, emphasis: 'strong' });
  });
  return {
    title: 'Immunization reminders / Recordatorios de vacunación',
    organization: school.name,
    printedAt: printed.atText,
    printedBy: 'White Cross (daily reminders)',
    pageSize: 'LETTER',
    orientation: 'PORTRAIT',
    archival: false,
    blocks,
    subject: `${families.length} letters`,
    createdAt: printed.at,
  };
}

export interface LetterBatch {
  readonly file: string;
  readonly pages: number;
  readonly families: number;
  readonly sha256: string;
}

/** Renders, writes and records one school's letters; null when there are none. */
export async function printLetters(
  db: ServerDb,
  clock: Clock,
  render: ReportRenderer,
  dir: string,
  school: { readonly id: string; readonly name: string; readonly phone: string | null },
  today: string,
  items: readonly LetterItem[],
): Promise<LetterBatch | null> {
  if (items.length === 0) return null;
  const families = letterFamilies(items);
  const now = clock.now();
  const doc = lettersDocument(families, school, { at: now, atText: today });
  const pdf = await render(doc, null);
  const folder = join(dir, 'immunization-reminders', school.id);
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${today}-letters-${pdf.sha256.slice(0, 12)}.pdf`);
  await writeFile(file, pdf.bytes);
  await db.transaction().execute(async (trx) => {
    for (const it of items) {
      const row = await trx
        .selectFrom('immunization_reminders')
        .select(['channels_sent', 'reminder_status'])
        .where('id', '=', it.reminderId)
        .executeTakeFirstOrThrow();
      const had = Array.isArray(row.channels_sent)
        ? row.channels_sent.filter((x): x is string => typeof x === 'string')
        : [];
      await trx
        .updateTable('immunization_reminders')
        .set({
          channels_sent: JSON.stringify([...new Set([...had, `LETTER:${it.type}`])].sort()),
          ...(row.reminder_status === 'PENDING' ? { reminder_status: 'SENT' as const, sent_date: now } : {}),
          updated_at: now,
        })
        .where('id', '=', it.reminderId)
        .execute();
    }
    await appendAudit(trx, {
      action: 'PRINT',
      userId: null,
      deviceId: null,
      schoolId: school.id,
      tableName: 'immunization_reminders',
      recordId: null,
      ip: null,
      userAgent: null,
      details: {
        event: 'immunization_reminders.letters',
        file,
        sha256: pdf.sha256,
        pages: pdf.pageCount,
        families: families.length,
      },
      at: now,
    });
  });
  return { file, pages: pdf.pageCount, families: families.length, sha256: pdf.sha256 };
}
