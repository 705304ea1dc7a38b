import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { adminRoutes, adminUserRoutes, enrollRoute } from './admin';
import { alertRoutes } from './alerts';
import { csrfKeyFrom } from './auth/browser-session';
import { installAuth } from './auth/plugin';
import { auditRoutes, installAuditCheckpoints, type AuditCheckpointOptions } from './audit';
import { authRoutes } from './auth/routes';
import { TokenKeys } from './auth/tokens';
import type { ServerConfig } from './config';
import { consoleSessionRoutes, consoleStatic, defaultConsoleDir, districtActivityRoutes } from './console';
import type { ServerDbHandle } from './db/connect';
import { systemClock, type Clock } from './plugins/clock';
import { installDocs } from './plugins/docs';
import { installErrorHandlers } from './plugins/errors';
import { clientErrorHandler, frameworkErrors } from './plugins/framework-errors';
import { loggerOptions, type LogStream } from './plugins/logging';
import { installSecurity } from './plugins/security';
import { installTextCheck } from './plugins/text-check';
import {
  dashboardRefreshAfterPush,
  dashboardRoutes,
  reminderAckKey,
  reminderAckRoutes,
} from './immunizations';
import { jobRoutes } from './jobs';
import { medicationSafetyRoutes } from './medication-safety';
import { raiseOutbreakAlert } from './outbreak-alerts';
import { outbreakRoutes, type ScanOptions } from './outbreaks';
import { registryRoutes } from './registry';
import { reportRoutes, type ReportDeps } from './reports';
import { makeSisSourceJobs, sisRoutes, sisSourceRoutes, type SisSyncData } from './sis';
import type { JobDefinition } from './jobs';
import { studentRoutes } from './students';
import { syncRoutes } from './sync';

/** What buildServer needs of the configuration (server-sync/config.ts), with the JWT secret resolved. */
export type AppConfig = Pick<
  ServerConfig,
  | 'accessTokenTtlSeconds'
  | 'refreshTokenTtlSeconds'
  | 'lockoutThreshold'
  | 'lockoutMinutes'
  | 'rateLimitMax'
  | 'loginRateLimitMax'
  | 'logLevel'
> & { readonly jwtSecret: string };

export interface BuildServerOptions {
  readonly db: ServerDbHandle;
  readonly config: AppConfig;
  /** Defaults to the system clock; tests inject one to expire tokens and locks. */
  readonly clock?: Clock;
  /** Where logs go (default stdout); tests read them. */
  readonly logStream?: LogStream;
  /** Write signed checkpoints of the audit chain's head (the `serve` command does; tests that need it too). */
  readonly auditCheckpoints?: AuditCheckpointOptions;
  /** What a new outbreak found by an on-demand scan does besides its outbreak_alerts row (default: raise OUTBREAK_DETECTED, server-sync/outbreak-alerts.ts). */
  readonly onOutbreakDetected?: ScanOptions['onDetected'];
  /** The built district console served at /console (default: dist-console/, see server-sync/console/static.ts). */
  readonly consoleDir?: string;
  /** District reports (/reports): where files go, the PDF renderer and the signing key; without it, no /reports routes. */
  readonly reports?: Omit<ReportDeps, 'db' | 'clock'>;
  /** The SIS connections (/sis/configs): the key-encryption key that seals their credentials; without it, no such routes. */
  readonly sisSources?: { readonly kek: () => Buffer };
  /** The state registry's routes: the key-encryption key that opens the stored credentials (none: a test says so). */
  readonly registry?: { readonly kek: () => Uint8Array | null; readonly caPem?: string | null };
}

/** Request and response limits. Sync pushes (at most 1000 changes) fit the body limit. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
export const REQUEST_TIMEOUT_MS = 30_000;
const PLUGIN_TIMEOUT_MS = 120_000;

const health: FastifyPluginAsyncZod<{ db: ServerDbHandle }> = (app, { db }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and schema version',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['postgres', 'pglite']),
            schemaVersion: z.string().nullable(),
          }),
        },
      },
    },
    async () => {
      const r = await sql<{
        name: string;
      }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db.db);
      return { status: 'ok' as const, database: db.kind, schemaVersion: r.rows[0]?.name ?? null };
    },
  );
  return Promise.resolve();
};

/**
 * The district server as a function, so tests use app.inject and real HTTP alike. Every route has zod
 * request and response schemas (OpenAPI at /docs), security headers, a rate limit (stricter on login
 * and enrollment), a request timeout and a body limit; logs never carry bodies, query strings or secrets.
 */
export function buildServer(options: BuildServerOptions): FastifyInstance {
  const { db, config } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    genReqId: () => randomUUID(),
    requestTimeout: REQUEST_TIMEOUT_MS,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    // Fastify's default (10 s per plugin) fails a start on a busy machine (the docs UI reads its files while the
    // CPU is taken); a slow start is better than a server that does not start.
    pluginTimeout: PLUGIN_TIMEOUT_MS,
    // the router's and the HTTP parser's own refusals, in the app's error format
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  installSecurity(app, { rateLimitMax: config.rateLimitMax });
  installTextCheck(app);
  installDocs(app);

  // the console's session cookie (parsed for every request; app.authenticate accepts it)
  void app.register(cookie);
  const keys = new TokenKeys(config.jwtSecret, config.accessTokenTtlSeconds);
  const csrfKey = csrfKeyFrom(config.jwtSecret);
  installAuth(app, { db: db.db, keys, clock, csrfKey });
  const authDeps = {
    db: db.db,
    keys,
    clock,
    refreshTtlSeconds: config.refreshTokenTtlSeconds,
    lockoutThreshold: config.lockoutThreshold,
    lockoutMinutes: config.lockoutMinutes,
  };
  void app.register(health, { db });
  void app.register(authRoutes, {
    prefix: '/auth',
    deps: authDeps,
    loginRateLimitMax: config.loginRateLimitMax,
  });
  void app.register(enrollRoute, {
    prefix: '/devices',
    db: db.db,
    clock,
    rateLimitMax: config.loginRateLimitMax,
  });
  void app.register(adminRoutes, { prefix: '/admin', db: db.db, clock });
  void app.register(adminUserRoutes, { prefix: '/admin', db: db.db, clock });
  void app.register(auditRoutes, { prefix: '/audit', db: db.db, clock });
  void app.register(consoleSessionRoutes, {
    prefix: '/console',
    deps: authDeps,
    csrfKey,
    loginRateLimitMax: config.loginRateLimitMax,
  });
  void app.register(districtActivityRoutes, { prefix: '/district', db: db.db, clock });
  void app.register(consoleStatic, { root: options.consoleDir ?? defaultConsoleDir() });
  void app.register(studentRoutes, { prefix: '/students', db: db.db, clock });
  void app.register(syncRoutes, {
    prefix: '/sync',
    db: db.db,
    clock,
    // a push of doses, exemptions or students enqueues the school's compliance dashboard refresh
    onApplied: dashboardRefreshAfterPush(db.db, (msg, err) => app.log.warn({ err }, msg)),
  });
  void app.register(sisRoutes, { prefix: '/sis', db: db.db, clock });
  void app.register(jobRoutes, { prefix: '/jobs', db: db.db, clock });
  void app.register(alertRoutes, { prefix: '/alerts', db: db.db, clock });
  void app.register(medicationSafetyRoutes, { prefix: '/medication-safety', db: db.db, clock });
  void app.register(reminderAckRoutes, {
    prefix: '/immunizations',
    db: db.db,
    clock,
    key: reminderAckKey(config.jwtSecret),
  });
  void app.register(dashboardRoutes, { prefix: '/immunizations', db: db.db, clock });
  void app.register(outbreakRoutes, {
    prefix: '/outbreaks',
    db: db.db,
    clock,
    onDetected: options.onOutbreakDetected ?? raiseOutbreakAlert,
  });
  void app.register(registryRoutes, {
    prefix: '/registry',
    db: db.db,
    clock,
    kek: options.registry?.kek ?? (() => null),
    caPem: options.registry?.caPem ?? null,
  });
  if (options.reports)
    void app.register(reportRoutes, { prefix: '/reports', deps: { ...options.reports, db: db.db, clock } });
  if (options.sisSources) {
    const { kek } = options.sisSources;
    // "sync now" only enqueues: the job's name and data schema are what it needs of the definition
    const syncJob = makeSisSourceJobs({ kek, workDir: () => '' })[0] as JobDefinition<SisSyncData>;
    void app.register(sisSourceRoutes, { prefix: '/sis/configs', db: db.db, clock, kek, syncJob });
  }
  if (options.auditCheckpoints) installAuditCheckpoints(app, db.db, clock, options.auditCheckpoints);
  return app;
}
