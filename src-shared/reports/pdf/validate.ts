import { z } from 'zod';
import type { ReportDocument } from '../document';
import { findUnstorableText } from '../../text/storable';

/**
 * The engine's boundary check of a ReportDocument (builders are our code, but a bad document must fail with the
 * field named, not draw garbage): shapes, finite chart numbers, valid dates, and no NUL or broken text anywhere.
 */
const text = z.string();
const cell = z.union([z.string(), z.number().finite(), z.null()]);
const block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heading'), text, level: z.union([z.literal(1), z.literal(2)]).optional() }),
  z.object({
    kind: z.literal('paragraph'),
    text,
    emphasis: z.enum(['strong', 'muted', 'warning']).optional(),
  }),
  z.object({ kind: z.literal('keyValues'), rows: z.array(z.object({ label: text, value: text })) }),
  z.object({
    kind: z.literal('table'),
    columns: z
      .array(
        z.object({
          key: text,
          title: text,
          width: z.number().positive().finite().optional(),
          align: z.enum(['left', 'right', 'center']).optional(),
        }),
      )
      .min(1),
    rows: z.array(z.record(z.string(), cell)),
    emptyText: text.min(1),
    caption: text.optional(),
  }),
  z.object({
    kind: z.literal('chart'),
    chart: z.enum(['bar', 'line', 'epicurve']),
    title: text,
    categories: z.array(text),
    series: z.array(z.object({ name: text, values: z.array(z.number().finite()) })),
    yLabel: text.optional(),
  }),
  z.object({ kind: z.literal('signatureLine'), label: text }),
  z.object({ kind: z.literal('spacer'), points: z.number().nonnegative().max(2000).optional() }),
  z.object({ kind: z.literal('pageBreak') }),
]);
export const reportDocumentSchema = z.object({
  title: text.min(1),
  subtitle: text.optional(),
  organization: text,
  printedAt: text,
  printedBy: text,
  pageSize: z.enum(['LETTER', 'A4']),
  orientation: z.enum(['PORTRAIT', 'LANDSCAPE']),
  archival: z.boolean(),
  blocks: z.array(block),
  subject: text.optional(),
  keywords: z.array(text).optional(),
  createdAt: z.date().refine((d) => !Number.isNaN(d.getTime()), 'an invalid date'),
});

export function checkReportDocument(doc: ReportDocument): void {
  const parsed = reportDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`report document: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const bad = findUnstorableText({ ...doc, createdAt: null });
  if (bad) throw new Error(`report document: ${bad.path.join('.')}: ${bad.reason}`);
}
