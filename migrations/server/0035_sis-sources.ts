import { sql, type Kysely } from 'kysely';

/**
 * Where a district's roster comes from (issue 13, server-sync/sis/sources): sis_sync_sources, one row per
 * sis_sync_configs row, with what the spec's columns do not hold:
 * - source_kind and settings: CSV upload, a watched folder ({path, settleSeconds}), SFTP ({host, port, username,
 *   remotePath, hostKeyFingerprint}) or OneRoster REST ({baseUrl, tokenUrl, scope, pageSize}); the settings are
 *   checked by the zod schema of src-shared/sis/sources.ts on every write and read;
 * - credentials: the secrets (SFTP private key or password, REST client id and secret) encrypted: AES-256-GCM under
 *   a data key wrapped by the server's key-encryption key (server-sync/encryption); never returned by a route;
 * - district_id: the district the configuration is for (the spec keys configurations by a school; a roster covers
 *   the district);
 * - deletion_threshold_percent: the share of a school's students one sync may withdraw before it waits for an
 *   administrator's approval (default 10);
 * - mapping_config_id: the configuration whose sis_field_mappings apply (null: this one's own, else the defaults);
 * - last_scheduled_slot: the last slot of sync_schedule_cron the scheduler enqueued (compare and set, as job_schedules);
 * - delta_since: the newest dateLastModified a REST sync read, the next delta sync's filter.
 * No school_id: row-level security through the parent configuration (as sis_field_mappings).
 */
const T = 'sis_sync_sources';
const ROLE = 'white_cross_app';

const UP: readonly string[] = [
  `CREATE TABLE ${T} (
    config_id text PRIMARY KEY REFERENCES sis_sync_configs(id) ON DELETE CASCADE,
    district_id text NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
    source_kind varchar(30) NOT NULL
      CONSTRAINT ${T}_source_kind_check CHECK (source_kind IN ('CSV_UPLOAD','WATCHED_FOLDER','SFTP','ONEROSTER_REST')),
    settings jsonb NOT NULL CONSTRAINT ${T}_settings_check CHECK (jsonb_typeof(settings) = 'object'),
    credentials jsonb CONSTRAINT ${T}_credentials_check CHECK (credentials IS NULL OR jsonb_typeof(credentials) = 'object'),
    deletion_threshold_percent numeric(5,2) NOT NULL DEFAULT 10
      CONSTRAINT ${T}_deletion_threshold_percent_check CHECK (deletion_threshold_percent > 0 AND deletion_threshold_percent <= 100),
    mapping_config_id text REFERENCES sis_sync_configs(id) ON DELETE SET NULL,
    last_scheduled_slot timestamptz,
    delta_since timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX idx_${T}_district_id ON ${T} (district_id)`,
  `CREATE INDEX idx_${T}_mapping_config_id ON ${T} (mapping_config_id)`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${T} TO ${ROLE}`,
  `ALTER TABLE ${T} ENABLE ROW LEVEL SECURITY`,
  `CREATE POLICY tenant_isolation ON ${T}
    USING (EXISTS (SELECT 1 FROM sis_sync_configs p WHERE p.id = ${T}.config_id))
    WITH CHECK (EXISTS (SELECT 1 FROM sis_sync_configs p WHERE p.id = ${T}.config_id))`,
];

// the table's policy and grants go with it
const DOWN: readonly string[] = [`DROP TABLE ${T}`];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const s of UP) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const s of DOWN) await sql.raw(s).execute(db);
}
