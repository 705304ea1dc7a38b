import { resolve } from 'node:path';
import { z } from 'zod';

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
});

export interface ServerConfig {
  readonly databaseUrl: string | undefined;
  /** Where embedded PGlite keeps the district database when no DATABASE_URL is given. */
  readonly pgliteDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
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
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    pgliteDir: resolve(e.WHITE_CROSS_DATA_DIR, 'server'),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
  });
}
