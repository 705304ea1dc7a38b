import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ServerDbHandle } from './db/connect';

export interface BuildServerOptions {
  readonly db: ServerDbHandle;
  readonly logLevel?: string;
}

/**
 * The district server as a function, so tests use app.inject and real HTTP alike.
 * This foundation serves /health; auth, tenancy and sync routes arrive with the sync issue.
 */
export function buildServer(options: BuildServerOptions): FastifyInstance {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    requestTimeout: 30_000,
    bodyLimit: 1024 * 1024,
  });
  app.get('/health', async () => {
    const r = await sql<{
      name: string;
    }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(options.db.db);
    return { status: 'ok', database: options.db.kind, schemaVersion: r.rows[0]?.name ?? null };
  });
  return app;
}
