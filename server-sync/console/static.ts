import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { APP_SECURITY_HEADERS } from '../../src-shared/csp';
import { HttpError } from '../plugins/errors';

/**
 * The district console's pages: the Vite build of src-renderer/console (`npm run build:console`, into
 * dist-console/), served at /console with the same strict CSP and security headers as the workstation's pages.
 * Every /console/<path> that is not a built file is the single-page app's index.html (its router reads the rest).
 */

/** Where the built console is: WHITE_CROSS_CONSOLE_DIR, else dist-console/ of the checkout (source or bundle). */
export function defaultConsoleDir(): string {
  if (process.env.WHITE_CROSS_CONSOLE_DIR) return resolve(process.env.WHITE_CROSS_CONSOLE_DIR);
  const here = dirname(fileURLToPath(import.meta.url));
  // server-sync/console/static.ts in the source, dist/white-cross.mjs in the bundle
  const candidates = [join(here, '..', '..', 'dist-console'), join(here, '..', 'dist-console')];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0]!;
}

/** A built file's relative path: plain names only (no `..`, no hidden files). */
const SAFE_PATH = /^(?:[\w-][\w.-]*\/)*[\w-][\w.-]*$/;
/** Vite's content-hashed assets may be kept by the browser; everything else is no-store (the global hook). */
const HASHED_ASSET = /^assets\/[\w.-]+-[\w-]{8,}\.(?:js|css|svg|woff2?)$/;

export const consoleStatic: FastifyPluginAsync<{ readonly root: string }> = async (app, { root }) => {
  await app.register(fastifyStatic, { root, serve: false });
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [k, v] of Object.entries(APP_SECURITY_HEADERS)) void reply.header(k, v);
    const rel = request.url.replace(/^\/console\/?/, '').split('?')[0] ?? '';
    if (HASHED_ASSET.test(rel) && reply.statusCode === 200)
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
    return payload;
  });

  const index = (reply: FastifyReply) => {
    if (!existsSync(join(root, 'index.html')))
      throw new HttpError(
        503,
        'CONSOLE_NOT_BUILT',
        `the district console is not built: run \`npm run build:console\` (looked in ${root})`,
      );
    void reply.type('text/html; charset=utf-8');
    return reply.sendFile('index.html', root);
  };

  const hide = { hide: true } as const;
  app.get('/console', { schema: hide }, (_request, reply) => index(reply));
  app.get<{ Params: { '*': string } }>('/console/*', { schema: hide }, (request, reply) => {
    const rel = request.params['*'];
    if (rel && SAFE_PATH.test(rel)) {
      const file = join(root, rel);
      if (file.startsWith(root) && existsSync(file) && statSync(file).isFile())
        return reply.sendFile(rel, root);
      if (rel.startsWith('assets/')) throw new HttpError(404, 'NOT_FOUND', `no console file ${rel}`);
    }
    return index(reply);
  });
};
