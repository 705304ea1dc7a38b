import { z } from 'zod';

/**
 * The HTTP contract of the SIS connection settings (server-sync/sis/sources/routes.ts, issue 13): per district, where
 * the roster comes from (a CSV upload in the console, a watched folder on the server, SFTP, OneRoster 1.2 REST), when
 * it syncs (a cron in the district's time zone), the conflict strategy, the deletion threshold and the mapping set;
 * "test connection"; "sync now". DISTRICT_ADMIN only. Credentials are write-only: a view says whether they are set,
 * never what they are.
 */

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);

/** Loopback http is allowed (a test service, a local proxy); anything else must be https. */
const serviceUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((u) => {
    const url = new URL(u);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must be an https:// URL (http:// only on loopback)');

export const SOURCE_KINDS = ['CSV_UPLOAD', 'WATCHED_FOLDER', 'SFTP', 'ONEROSTER_REST'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const csvUploadSource = z.strictObject({ kind: z.literal('CSV_UPLOAD') });
export const watchedFolderSource = z.strictObject({
  kind: z.literal('WATCHED_FOLDER'),
  /** An absolute directory on the district server. */
  path: text(500).refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path'),
  settleSeconds: z.number().int().min(1).max(3600).default(10),
});
export const sftpSource = z.strictObject({
  kind: z.literal('SFTP'),
  host: text(255).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or address'),
  port: z.number().int().min(1).max(65535).default(22),
  username: text(100),
  /** A zip, a directory holding manifest.csv, or a drop directory of zips (the newest is taken). */
  remotePath: text(500),
  /** As `ssh-keygen -l -f key.pub` prints it: SHA256: and 43 base64 characters. */
  hostKeyFingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'SHA256: followed by 43 base64 characters'),
});
export const restSource = z.strictObject({
  kind: z.literal('ONEROSTER_REST'),
  /** The rostering service's base, ending in /ims/oneroster/rostering/v1p2 */
  baseUrl: serviceUrl,
  tokenUrl: serviceUrl,
  scope: z.string().trim().max(500).optional(),
  pageSize: z.number().int().min(1).max(10_000).default(500),
});
export const sourceSettings = z.discriminatedUnion('kind', [
  csvUploadSource,
  watchedFolderSource,
  sftpSource,
  restSource,
]);
export type SourceSettings = z.infer<typeof sourceSettings>;

export const sftpCredentials = z
  .strictObject({
    privateKey: z.string().min(1).max(20_000).optional(),
    passphrase: z.string().min(1).max(500).optional(),
    password: z.string().min(1).max(500).optional(),
  })
  .refine((c) => c.privateKey !== undefined || c.password !== undefined, {
    message: 'give privateKey (an OpenSSH or PEM private key) or password',
    path: ['privateKey'],
  });
export const restCredentials = z.strictObject({
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(2000),
});
/** What a source's credentials hold, by kind (checked on write and on read). */
export const credentialsFor = { SFTP: sftpCredentials, ONEROSTER_REST: restCredentials } as const;
export type SftpCredentialsInput = z.infer<typeof sftpCredentials>;
export type RestCredentialsInput = z.infer<typeof restCredentials>;

export const SIS_VENDORS = [
  'POWERSCHOOL',
  'INFINITE_CAMPUS',
  'SKYWARD',
  'ASPEN',
  'SYNERGY',
  'ESCHOOL',
  'OTHER',
] as const;
export const CONFLICT_STRATEGIES = ['SIS_WINS', 'WHITECROSS_WINS', 'MANUAL_REVIEW'] as const;

/** A cron of 5 fields (minute hour day month weekday), checked again by the server's cron parser. */
const cron = z
  .string()
  .trim()
  .max(100)
  .regex(/^\S+(\s+\S+){4}$/, 'a cron of 5 fields, e.g. "0 2 * * *" (02:00 every day, the district\'s time)');

const configFields = {
  /** The school the configuration is filed under (the spec keys configurations by school); default: the district's first. */
  schoolId: id.optional(),
  vendor: z.enum(SIS_VENDORS).default('OTHER'),
  vendorVersion: z.string().trim().max(20).optional(),
  source: sourceSettings,
  /** Write-only; SFTP or ONEROSTER_REST only. */
  credentials: z.union([sftpCredentials, restCredentials]).optional(),
  /** null: manual syncs only. */
  scheduleCron: cron.nullable().default(null),
  conflictStrategy: z.enum(CONFLICT_STRATEGIES).default('SIS_WINS'),
  deletionThresholdPercent: z.number().gt(0).max(100).default(10),
  /** The configuration whose field mappings apply; null: this one's own (or the OneRoster defaults). */
  mappingConfigId: id.nullable().default(null),
  enabled: z.boolean().default(true),
  /** Test mode: syncs run as dry runs (nothing written) until it is turned off. */
  testMode: z.boolean().default(true),
};

export const sourceConfigCreate = z.strictObject(configFields);
export type SourceConfigCreate = z.input<typeof sourceConfigCreate>;

export const sourceConfigUpdate = z
  .strictObject({
    vendor: z.enum(SIS_VENDORS),
    vendorVersion: z.string().trim().max(20).nullable(),
    source: sourceSettings,
    /** null removes them. */
    credentials: z.union([sftpCredentials, restCredentials]).nullable(),
    scheduleCron: cron.nullable(),
    conflictStrategy: z.enum(CONFLICT_STRATEGIES),
    deletionThresholdPercent: z.number().gt(0).max(100),
    mappingConfigId: id.nullable(),
    enabled: z.boolean(),
    testMode: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'name at least one field to change' });
export type SourceConfigUpdate = z.input<typeof sourceConfigUpdate>;

export const sourceConfigView = z.object({
  id: z.string(),
  districtId: z.string(),
  schoolId: z.string(),
  vendor: z.enum(SIS_VENDORS),
  vendorVersion: z.string().nullable(),
  source: sourceSettings,
  hasCredentials: z.boolean(),
  scheduleCron: z.string().nullable(),
  frequency: z.enum(['REALTIME', 'HOURLY', 'DAILY', 'WEEKLY', 'MANUAL']),
  /** The district's time zone, in which the cron runs and the local times below are given. */
  timeZone: z.string(),
  nextRunAt: z.iso.datetime().nullable(),
  /** nextRunAt in the district's time zone, as people read it (e.g. "12/09/2026, 2:00 AM EST"). */
  nextRunLocal: z.string().nullable(),
  lastSyncAt: z.iso.datetime().nullable(),
  conflictStrategy: z.enum(CONFLICT_STRATEGIES),
  deletionThresholdPercent: z.number(),
  mappingConfigId: z.string().nullable(),
  enabled: z.boolean(),
  testMode: z.boolean(),
  /** REST: the newest dateLastModified read so far (the next sync asks for what changed after it). */
  deltaSince: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type SourceConfigView = z.infer<typeof sourceConfigView>;

export const configIdParams = z.strictObject({ id });

export const connectionTestResult = z.object({
  ok: z.boolean(),
  /** What worked or the first thing that failed, for the administrator. */
  message: z.string(),
  /** REST: records on the first page of /orgs and the service's total; SFTP and folder: the entries seen. */
  records: z.number().int().nullable(),
  total: z.number().int().nullable(),
  entries: z.array(z.object({ name: z.string(), type: z.string(), size: z.number() })).nullable(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResult>;

export const syncNowBody = z.strictObject({ dryRun: z.boolean().optional(), full: z.boolean().optional() });
export const syncNowResult = z.object({ jobId: z.string().nullable() });
