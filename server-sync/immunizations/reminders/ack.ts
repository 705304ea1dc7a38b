import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../audit';
import type { ServerDb } from '../../db/connect';
import type { Clock } from '../../plugins/clock';

/**
 * The guardian's acknowledgment link in a reminder e-mail: GET /immunizations/reminders/ack?d=<delivery id>&t=<token>,
 * no login. The token is an HMAC of the delivery id under a key derived from the server's JWT secret, so a link
 * names one delivery and cannot be forged or moved to another. Opening it records the click and the read on the
 * delivery row and the acknowledgment on the reminder (parent_acknowledged, acknowledgment_date, status
 * ACKNOWLEDGED when it was PENDING or SENT), audited; opening it again changes nothing.
 */

export const reminderAckKey = (jwtSecret: string): Buffer =>
  createHmac('sha256', jwtSecret).update('white-cross immunization reminder ack v1').digest();

export const reminderAckToken = (key: Buffer, deliveryId: string): string =>
  createHmac('sha256', key).update(deliveryId, 'utf8').digest('base64url').slice(0, 32);

/** The link of one delivery, under the server's public base URL. */
export const reminderAckUrl = (publicUrl: string, key: Buffer, deliveryId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/immunizations/reminders/ack?d=${encodeURIComponent(deliveryId)}&t=${reminderAckToken(key, deliveryId)}`;

export type AckResult = 'ACKNOWLEDGED' | 'ALREADY' | 'INVALID';

export async function acknowledgeReminder(
  db: ServerDb,
  clock: Clock,
  key: Buffer,
  deliveryId: string,
  token: string,
): Promise<AckResult> {
  const expected = Buffer.from(reminderAckToken(key, deliveryId));
  const given = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'INVALID';
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('reminder_delivery_status as d')
      .innerJoin('immunization_reminders as r', 'r.id', 'd.reminder_id')
      .select([
        'd.id',
        'd.clicked_at',
        'd.read_at',
        'r.id as reminder_id',
        'r.school_id',
        'r.reminder_status',
        'r.parent_acknowledged',
      ])
      .where('d.id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'INVALID';
    if (row.clicked_at !== null && row.parent_acknowledged) return 'ALREADY';
    const now = clock.now();
    await trx
      .updateTable('reminder_delivery_status')
      .set({ clicked_at: row.clicked_at ?? now, read_at: row.read_at ?? now, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    if (!row.parent_acknowledged)
      await trx
        .updateTable('immunization_reminders')
        .set({
          parent_acknowledged: true,
          acknowledgment_date: now,
          ...(row.reminder_status === 'PENDING' || row.reminder_status === 'SENT'
            ? { reminder_status: 'ACKNOWLEDGED' as const }
            : {}),
          updated_at: now,
        })
        .where('id', '=', row.reminder_id)
        .execute();
    await appendAudit(trx, {
      action: 'UPDATE',
      userId: null,
      deviceId: null,
      schoolId: row.school_id,
      tableName: 'immunization_reminders',
      recordId: row.reminder_id,
      ip: null,
      userAgent: null,
      details: { event: 'immunization_reminders.acknowledged', deliveryId: row.id },
      at: now,
    });
    return 'ACKNOWLEDGED';
  });
}

const ackQuery = z.object({
  d: z.string().uuid({ message: 'd: a delivery id (UUID)' }),
  t: z.string().regex(/^[A-Za-z0-9_-]{32}$/, 't: the link token (32 characters)'),
});

/** An HTML page (sent as text/html, not JSON). */
const htmlPage = z.string().describe('text/html page');

const page = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;

/** The public route of the link (mounted under /immunizations). */
export const reminderAckRoutes: FastifyPluginAsyncZod<{
  readonly db: ServerDb;
  readonly clock: Clock;
  readonly key: Buffer;
}> = (app, { db, clock, key }) => {
  app.get(
    '/reminders/ack',
    {
      schema: {
        tags: ['immunizations'],
        summary: "A guardian acknowledges an immunization reminder (the e-mail's link; no login)",
        querystring: ackQuery,
        response: { 200: htmlPage, 404: htmlPage },
      },
    },
    async (request, reply) => {
      const r = await acknowledgeReminder(db, clock, key, request.query.d, request.query.t);
      void reply.type('text/html; charset=utf-8');
      if (r === 'INVALID') {
        void reply.code(404);
        return page(
          'Link not valid / Enlace no válido',
          'This link is not valid. / Este enlace no es válido.',
        );
      }
      return page(
        'Thank you / Gracias',
        'Your acknowledgment was recorded. / Su confirmación quedó registrada.',
      );
    },
  );
  return Promise.resolve();
};
