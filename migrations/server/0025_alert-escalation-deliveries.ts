import { sql, type Kysely } from 'kysely';

/**
 * Feature 26, repeated escalation (server-sync/alerts/escalate.ts): each escalation level is its own message
 * ("ESCALATED (level n): still not acknowledged"), so a recipient reached at level 1 is reached again at level 2 if
 * the alert is still not acknowledged, and never twice with the same message on one channel.
 * - alert_delivery_log.escalation_level: 0 for the alert's first delivery, n for level n's escalation notice;
 * - UNIQUE (alert_instance_id, recipient_user_id, delivery_channel) of 0023_alerts becomes
 *   UNIQUE (alert_instance_id, recipient_user_id, delivery_channel, escalation_level).
 * Down keeps each recipient's and channel's first delivery (level 0 before escalations; oldest first) and restores
 * the constraint of 0023.
 */
const UP: readonly string[] = [
  `ALTER TABLE alert_delivery_log ADD COLUMN escalation_level integer NOT NULL DEFAULT 0`,
  `ALTER TABLE alert_delivery_log DROP CONSTRAINT alert_delivery_log_instance_recipient_channel_key`,
  `ALTER TABLE alert_delivery_log ADD CONSTRAINT alert_delivery_log_instance_recipient_channel_level_key
    UNIQUE (alert_instance_id, recipient_user_id, delivery_channel, escalation_level)`,
];

const DOWN: readonly string[] = [
  `DELETE FROM alert_delivery_log d USING alert_delivery_log e
    WHERE d.alert_instance_id = e.alert_instance_id AND d.recipient_user_id = e.recipient_user_id
      AND d.delivery_channel = e.delivery_channel
      AND (e.escalation_level, e.created_at, e.id) < (d.escalation_level, d.created_at, d.id)`,
  `ALTER TABLE alert_delivery_log DROP CONSTRAINT alert_delivery_log_instance_recipient_channel_level_key`,
  `ALTER TABLE alert_delivery_log ADD CONSTRAINT alert_delivery_log_instance_recipient_channel_key
    UNIQUE (alert_instance_id, recipient_user_id, delivery_channel)`,
  `ALTER TABLE alert_delivery_log DROP COLUMN escalation_level`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
