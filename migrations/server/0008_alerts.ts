import { sql, type Kysely } from 'kysely';

/**
 * Feature 26: real-time alerts.
 * - alert_definitions: district-wide catalog pulled by workstations (created_at/updated_at/deleted_at).
 *   alert_instances: synced; school_id is the school of the target (a STUDENT or SCHOOL target
 *   requires it; a USER target or a system alert may be district-wide, school_id NULL, seen only by
 *   district roles). alert_subscriptions and alert_delivery_log: server-only (created_at/updated_at).
 * - Enumerations from the spec's comments and enum section (AlertPriority, AlertStatus,
 *   AlertDeliveryChannel) are CHECKs; alert_code's comment lists examples of codes, not a closed set.
 * - The spec lists an index on alert_code besides its UNIQUE: kept as listed (a small catalog; the
 *   cost of the redundant index is negligible).
 * - A column the spec gives a default is NOT NULL. FKs without an ON DELETE in the spec are RESTRICT;
 *   created_by and triggered_by_user_id are user references given an FK here. Not partitioned:
 *   see docs/partitioning.md.
 */
const PRIORITIES = `'LOW','MEDIUM','HIGH','CRITICAL','EMERGENCY'`;
const CATEGORIES = `'HEALTH_EMERGENCY','MEDICATION','COMPLIANCE','SYSTEM'`;

const UP: readonly string[] = [
  `CREATE TABLE alert_definitions (
    id text PRIMARY KEY,
    alert_code varchar(50) NOT NULL UNIQUE,
    alert_name varchar(200) NOT NULL,
    alert_category varchar(50)
      CONSTRAINT alert_definitions_alert_category_check CHECK (alert_category IN (${CATEGORIES})),
    priority_level varchar(20) NOT NULL DEFAULT 'MEDIUM'
      CONSTRAINT alert_definitions_priority_level_check CHECK (priority_level IN (${PRIORITIES})),
    alert_conditions jsonb NOT NULL,
    escalation_rules jsonb,
    delivery_channels jsonb NOT NULL DEFAULT '["EMAIL", "SMS"]'::jsonb,
    message_template text,
    is_active boolean NOT NULL DEFAULT true,
    can_user_dismiss boolean NOT NULL DEFAULT true,
    require_acknowledgment boolean NOT NULL DEFAULT false,
    expiration_minutes integer
      CONSTRAINT alert_definitions_expiration_minutes_check CHECK (expiration_minutes > 0),
    created_by text REFERENCES users(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
  )`,
  `CREATE INDEX idx_alert_definitions_alert_code ON alert_definitions (alert_code)`,
  `CREATE INDEX idx_alert_definitions_alert_category_priority_level ON alert_definitions (alert_category, priority_level)`,
  `CREATE INDEX idx_alert_definitions_is_active ON alert_definitions (is_active)`,
  `CREATE INDEX idx_alert_definitions_created_by ON alert_definitions (created_by)`,

  `CREATE TABLE alert_instances (
    id text PRIMARY KEY,
    alert_definition_id text NOT NULL REFERENCES alert_definitions(id) ON DELETE RESTRICT,
    triggered_at timestamptz NOT NULL DEFAULT now(),
    triggered_by_user_id text REFERENCES users(id) ON DELETE RESTRICT,
    triggered_by_event varchar(100),
    target_entity_type varchar(50)
      CONSTRAINT alert_instances_target_entity_type_check CHECK (target_entity_type IN ('STUDENT','USER','SCHOOL')),
    target_entity_id text,
    priority_override varchar(20)
      CONSTRAINT alert_instances_priority_override_check CHECK (priority_override IN (${PRIORITIES})),
    alert_data jsonb,
    alert_status varchar(50) NOT NULL DEFAULT 'ACTIVE'
      CONSTRAINT alert_instances_alert_status_check
      CHECK (alert_status IN ('ACTIVE','ACKNOWLEDGED','ESCALATED','RESOLVED','EXPIRED')),
    acknowledged_at timestamptz,
    acknowledged_by text REFERENCES users(id) ON DELETE RESTRICT,
    resolved_at timestamptz,
    resolved_by text REFERENCES users(id) ON DELETE RESTRICT,
    resolution_notes text,
    escalation_level integer NOT NULL DEFAULT 0
      CONSTRAINT alert_instances_escalation_level_check CHECK (escalation_level >= 0),
    last_escalated_at timestamptz,
    expires_at timestamptz,
    school_id text REFERENCES schools(id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT alert_instances_school_id_check
      CHECK (school_id IS NOT NULL OR target_entity_type IS NULL OR target_entity_type = 'USER'),
    CONSTRAINT alert_instances_target_entity_id_check
      CHECK ((target_entity_type IS NULL) = (target_entity_id IS NULL))
  )`,
  `CREATE INDEX idx_alert_instances_alert_definition_id_triggered_at ON alert_instances (alert_definition_id, triggered_at DESC)`,
  `CREATE INDEX idx_alert_instances_alert_status_priority_override ON alert_instances (alert_status, priority_override)`,
  `CREATE INDEX idx_alert_instances_target_entity_type_target_entity_id ON alert_instances (target_entity_type, target_entity_id)`,
  `CREATE INDEX idx_alert_instances_expires_at ON alert_instances (expires_at) WHERE alert_status = 'ACTIVE'`,
  `CREATE INDEX idx_alert_instances_triggered_by_user_id ON alert_instances (triggered_by_user_id)`,
  `CREATE INDEX idx_alert_instances_acknowledged_by ON alert_instances (acknowledged_by)`,
  `CREATE INDEX idx_alert_instances_resolved_by ON alert_instances (resolved_by)`,
  `CREATE INDEX idx_alert_instances_school_id ON alert_instances (school_id)`,

  `CREATE TABLE alert_subscriptions (
    id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    alert_definition_id text REFERENCES alert_definitions(id) ON DELETE RESTRICT,
    alert_category varchar(50)
      CONSTRAINT alert_subscriptions_alert_category_check CHECK (alert_category IN (${CATEGORIES})),
    priority_threshold varchar(20)
      CONSTRAINT alert_subscriptions_priority_threshold_check CHECK (priority_threshold IN (${PRIORITIES})),
    delivery_channels jsonb NOT NULL DEFAULT '["IN_APP"]'::jsonb,
    is_active boolean NOT NULL DEFAULT true,
    quiet_hours_start time,
    quiet_hours_end time,
    weekend_delivery boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT alert_subscriptions_quiet_hours_check CHECK ((quiet_hours_start IS NULL) = (quiet_hours_end IS NULL))
  )`,
  `CREATE INDEX idx_alert_subscriptions_user_id_is_active ON alert_subscriptions (user_id, is_active)`,
  `CREATE INDEX idx_alert_subscriptions_alert_definition_id ON alert_subscriptions (alert_definition_id)`,
  `CREATE INDEX idx_alert_subscriptions_alert_category ON alert_subscriptions (alert_category)`,

  `CREATE TABLE alert_delivery_log (
    id text PRIMARY KEY,
    alert_instance_id text NOT NULL REFERENCES alert_instances(id) ON DELETE CASCADE,
    recipient_user_id text NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    delivery_channel varchar(50) NOT NULL
      CONSTRAINT alert_delivery_log_delivery_channel_check
      CHECK (delivery_channel IN ('IN_APP','EMAIL','SMS','PUSH','VOICE')),
    sent_at timestamptz NOT NULL DEFAULT now(),
    delivery_status varchar(50)
      CONSTRAINT alert_delivery_log_delivery_status_check
      CHECK (delivery_status IN ('PENDING','SENT','DELIVERED','FAILED','BOUNCED')),
    delivery_confirmation_at timestamptz,
    failure_reason text,
    retry_count integer NOT NULL DEFAULT 0
      CONSTRAINT alert_delivery_log_retry_count_check CHECK (retry_count >= 0),
    next_retry_at timestamptz,
    channel_response jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_alert_delivery_log_alert_instance_id ON alert_delivery_log (alert_instance_id)`,
  `CREATE INDEX idx_alert_delivery_log_recipient_user_id_sent_at ON alert_delivery_log (recipient_user_id, sent_at DESC)`,
  `CREATE INDEX idx_alert_delivery_log_delivery_status_next_retry_at ON alert_delivery_log (delivery_status, next_retry_at)
    WHERE delivery_status = 'PENDING'`,
];

const DOWN: readonly string[] = [
  `DROP TABLE alert_delivery_log`,
  `DROP TABLE alert_subscriptions`,
  `DROP TABLE alert_instances`,
  `DROP TABLE alert_definitions`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
