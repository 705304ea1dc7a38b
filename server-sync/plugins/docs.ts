import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';

const DOCS_PREFIX = '/docs';

/** OpenAPI 3 generated from the routes' zod schemas, served at /docs (UI) and /docs/json. Registered on the root, before the routes. */
export function installDocs(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'White Cross district server',
        description:
          'Authentication, device enrollment, administration, student health records and workstation sync. Every route but /auth/login, /auth/refresh, /devices/enroll and /health takes a bearer access token.',
        version: '1',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: createJsonSchemaTransform({
      skipList: [
        DOCS_PREFIX,
        `${DOCS_PREFIX}/`,
        `${DOCS_PREFIX}/json`,
        `${DOCS_PREFIX}/yaml`,
        `${DOCS_PREFIX}/uiConfig`,
        `${DOCS_PREFIX}/initOAuth`,
        `${DOCS_PREFIX}/static/*`,
        `${DOCS_PREFIX}/*`,
      ],
    }),
  });
  void app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });
}
