import { resolve } from 'node:path';
import { z } from 'zod';

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A duration as seconds: `900`, `900s`, `15m`, `12h`, `30d`. */
function duration(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const m = /^(\d+)([smhd]?)$/.exec(v.trim());
      const seconds = m ? Number(m[1]) * (DURATION_UNITS[m[2] || 's'] ?? 1) : NaN;
      if (!Number.isSafeInteger(seconds) || seconds < 1) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 900, 900s, 15m, 12h or 30d' });
        return z.NEVER;
      }
      return seconds;
    });
}

/** The server's environment, validated once at start-up; a bad value stops the process with the variable's name. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  WHITE_CROSS_DATA_DIR: z.string().min(1).default('data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL: duration('15m'),
  REFRESH_TOKEN_TTL: duration('30d'),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(10),
  AUDIT_CHECKPOINT_INTERVAL: duration('5m'),
  AUDIT_CHECKPOINT_KEY_FILE: z.string().min(1).optional(),
  WHITE_CROSS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, 'must be an smtp:// or smtps:// URL, e.g. smtp://mail.example.org:587')
    .optional(),
  WHITE_CROSS_SMTP_FROM: z.string().min(3).optional(),
  WHITE_CROSS_SMS_PROVIDER: z.enum(['twilio']).optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number, e.g. +15005550006')
    .optional(),
  TWILIO_API_BASE: z.string().url().default('https://api.twilio.com'),
  WHITE_CROSS_KEK: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+=*$/.test(v), {
      message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)',
    })
    .optional(),
});

/** Where alert e-mails and text messages go out (server-sync/alerts/adapters); unset: that channel is not offered. */
export interface AlertDeliveryConfig {
  readonly smtp: { readonly url: string; readonly from: string } | null;
  readonly sms: {
    readonly provider: 'twilio';
    readonly accountSid: string;
    readonly authToken: string;
    readonly from: string;
    readonly apiBase: string;
  } | null;
}

export interface ServerConfig {
  readonly databaseUrl: string | undefined;
  /** Where embedded PGlite keeps the district database when no DATABASE_URL is given. */
  readonly pgliteDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** WHITE_CROSS_DATA_DIR, resolved. */
  readonly dataDir: string;
  /** NODE_ENV=production: JWT_SECRET is then required. */
  readonly production: boolean;
  /** HS256 key of access tokens; when unset outside production, server-sync/auth/secret.ts generates one. */
  readonly jwtSecret: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Failed logins in a row that lock an account, and for how long. */
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
  /** Requests per minute per client address, for every route and for /auth/login (and enrollment). */
  readonly rateLimitMax: number;
  readonly loginRateLimitMax: number;
  /** How often the running server writes a signed checkpoint of the audit chain's head (server-sync/audit/checkpointer.ts). */
  readonly auditCheckpointIntervalSeconds: number;
  /** The Ed25519 private key (PEM) that signs audit checkpoints; unset: `<data dir>/audit-checkpoint-key.pem`, made on first use. */
  readonly auditCheckpointKeyFile: string | undefined;
  /** SMTP and the SMS provider of alert deliveries. */
  readonly alertDelivery: AlertDeliveryConfig;
  /**
   * The key-encryption key (32 bytes, WHITE_CROSS_KEK in base64) that wraps server secrets such as the district's
   * report signing key; unset outside production: `<data dir>/kek`, made on first use (server-sync/reports/signing.ts).
   */
  readonly keyEncryptionKey: Buffer | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET) {
    throw new ConfigError(
      'invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 characters)',
    );
  }
  if (e.REFRESH_TOKEN_TTL <= e.ACCESS_TOKEN_TTL) {
    throw new ConfigError(
      'invalid configuration:\n  REFRESH_TOKEN_TTL: must be longer than ACCESS_TOKEN_TTL',
    );
  }
  const missing = (name: string, why: string) => new ConfigError(`invalid configuration:\n  ${name}: ${why}`);
  if (e.WHITE_CROSS_SMTP_URL && !e.WHITE_CROSS_SMTP_FROM) {
    throw missing(
      'WHITE_CROSS_SMTP_FROM',
      'required with WHITE_CROSS_SMTP_URL (the sender, e.g. "White Cross <alerts@district.org>")',
    );
  }
  if (e.WHITE_CROSS_SMS_PROVIDER === 'twilio') {
    for (const k of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const) {
      if (!e[k]) throw missing(k, 'required with WHITE_CROSS_SMS_PROVIDER=twilio');
    }
  }
  const alertDelivery: AlertDeliveryConfig = {
    smtp:
      e.WHITE_CROSS_SMTP_URL && e.WHITE_CROSS_SMTP_FROM
        ? { url: e.WHITE_CROSS_SMTP_URL, from: e.WHITE_CROSS_SMTP_FROM }
        : null,
    sms:
      e.WHITE_CROSS_SMS_PROVIDER === 'twilio' && e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? {
            provider: 'twilio',
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            apiBase: e.TWILIO_API_BASE,
          }
        : null,
  };
  return Object.freeze({
    alertDelivery,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: resolve(e.WHITE_CROSS_DATA_DIR, 'server'),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.WHITE_CROSS_DATA_DIR),
    production,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    rateLimitMax: e.RATE_LIMIT_MAX,
    loginRateLimitMax: e.LOGIN_RATE_LIMIT_MAX,
    auditCheckpointIntervalSeconds: e.AUDIT_CHECKPOINT_INTERVAL,
    auditCheckpointKeyFile: e.AUDIT_CHECKPOINT_KEY_FILE ? resolve(e.AUDIT_CHECKPOINT_KEY_FILE) : undefined,
    keyEncryptionKey: e.WHITE_CROSS_KEK ? Buffer.from(e.WHITE_CROSS_KEK, 'base64') : undefined,
  });
}
