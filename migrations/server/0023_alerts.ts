import { sql, type Kysely } from 'kysely';

/**
 * Feature 26, alert delivery (server-sync/alerts):
 * - alert_delivery_log gets UNIQUE (alert_instance_id, recipient_user_id, delivery_channel): a recipient never
 *   gets the same alert twice on one channel; planning deliveries is an INSERT ... ON CONFLICT DO NOTHING, so two
 *   servers (or a raise and the sweep) planning the same alert at once make one row. Rows the demo seed or an
 *   earlier version may have written twice are reduced to the first (oldest created_at, then id) before the
 *   constraint is added.
 * users.phone (0001_core) is where SMS and voice deliveries go; it stays free text (E.164 is checked when sending,
 *   and a number that is not one fails that delivery with the reason).
 */
const UP: readonly string[] = [
  `DELETE FROM alert_delivery_log d USING alert_delivery_log e
    WHERE d.alert_instance_id = e.alert_instance_id AND d.recipient_user_id = e.recipient_user_id
      AND d.delivery_channel = e.delivery_channel AND (e.created_at, e.id) < (d.created_at, d.id)`,
  `ALTER TABLE alert_delivery_log ADD CONSTRAINT alert_delivery_log_instance_recipient_channel_key
    UNIQUE (alert_instance_id, recipient_user_id, delivery_channel)`,
];

const DOWN: readonly string[] = [
  `ALTER TABLE alert_delivery_log DROP CONSTRAINT alert_delivery_log_instance_recipient_channel_key`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
