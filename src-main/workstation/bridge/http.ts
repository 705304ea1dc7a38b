import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  BRIDGE_PATH_PREFIX,
  BRIDGE_TOKEN_HEADER,
  type BridgeEnvelope,
} from '../../../src-shared/ipc/contract';
import type { WorkstationCore } from '../core';
import { SECURITY_HEADERS } from '../csp';

/**
 * The loopback bridge of browser mode: the same contract as Electron's IPC, over HTTP on 127.0.0.1 only.
 *
 * - `POST /api/ipc/<method>`, JSON body = the arguments, header `x-white-cross-token: <the bridge token>` (kept in
 *   the data folder across restarts, owner-only: see ./token.ts for why that is safe and how to rotate it);
 *   answers `{ ok: true, result }` (200) or `{ ok: false, error: { code, message, field? } }` (4xx; 500 for a
 *   fault of the core). 401 without the right token (compared in constant time).
 * - Only `Host: 127.0.0.1:<port>` or `localhost:<port>` (a DNS-rebinding page has another Host); an Origin, when
 *   sent, must be the same origin; the body must be application/json (no form posts); no CORS headers at all.
 * - `GET` serves the built UI (dist-renderer/) with the workstation's CSP; the token is never in a page, only in
 *   the URL fragment the CLI prints (a fragment is not sent to any server).
 */

export interface BridgeOptions {
  readonly core: WorkstationCore;
  /** 0: any free port. */
  readonly port: number;
  readonly token: string;
  /** The built UI (index.html...); null or missing: a page saying how to build it. */
  readonly staticDir?: string | null;
  readonly log?: (line: string) => void;
  /** Largest accepted request body (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

export interface Bridge {
  readonly port: number;
  readonly url: string;
  /** The URL to open: the UI with the token in the fragment. */
  readonly launchUrl: string;
  close(): Promise<void>;
}

const STATUS: Readonly<Record<string, number>> = Object.freeze({
  VALIDATION: 400,
  UNKNOWN_METHOD: 404,
  NOT_FOUND: 404,
  NOT_ENROLLED: 403,
  NOT_SIGNED_IN: 403,
  LOCKED: 403,
  FORBIDDEN: 403,
  DUPLICATE: 409,
  ALREADY_ENROLLED: 409,
  INTERNAL: 500,
});

const TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
});

class BridgeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: BridgeEnvelope<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const fail = (res: ServerResponse, e: BridgeHttpError) =>
  sendJson(res, e.status, { ok: false, error: { code: e.code, message: e.message } });

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new BridgeHttpError(413, 'VALIDATION', `the request body is larger than ${max} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const NO_UI_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>White Cross</title></head>
<body><main><h1>White Cross workstation</h1><p>The core is running, but the UI is not built:
run <code>npm run build:renderer</code> and restart <code>npm run workstation</code>.</p></main></body></html>`;

export function startBridge(o: BridgeOptions): Promise<Bridge> {
  const log = o.log ?? (() => undefined);
  const maxBody = o.maxBodyBytes ?? 1024 * 1024;
  const tokenBytes = Buffer.from(o.token, 'utf8');
  const staticRoot = o.staticDir && existsSync(join(o.staticDir, 'index.html')) ? resolve(o.staticDir) : null;
  let port = o.port;

  const tokenOk = (presented: string | string[] | undefined): boolean => {
    if (typeof presented !== 'string') return false;
    const p = Buffer.from(presented, 'utf8');
    return p.length === tokenBytes.length && timingSafeEqual(p, tokenBytes);
  };
  const hostOk = (host: string | undefined): boolean =>
    host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  const originOk = (origin: string | undefined): boolean =>
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;

  async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'POST') throw new BridgeHttpError(405, 'VALIDATION', `use POST for ${path}`);
    if (!originOk(req.headers.origin))
      throw new BridgeHttpError(403, 'FORBIDDEN', 'cross-origin requests are refused');
    if (!tokenOk(req.headers[BRIDGE_TOKEN_HEADER]))
      throw new BridgeHttpError(
        401,
        'UNAUTHORIZED',
        `missing or wrong ${BRIDGE_TOKEN_HEADER} (open the URL printed at launch)`,
      );
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      throw new BridgeHttpError(415, 'VALIDATION', 'the body must be application/json');
    const text = await readBody(req, maxBody);
    let args: unknown = {};
    if (text.trim().length > 0) {
      try {
        args = JSON.parse(text);
      } catch {
        throw new BridgeHttpError(400, 'VALIDATION', 'the body is not valid JSON');
      }
    }
    let method: string;
    try {
      method = decodeURIComponent(path.slice(BRIDGE_PATH_PREFIX.length));
    } catch {
      throw new BridgeHttpError(404, 'UNKNOWN_METHOD', 'no such method');
    }
    const answer = await o.core.invoke(method, args);
    sendJson(res, answer.ok ? 200 : (STATUS[answer.error.code] ?? 400), answer);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' });
      res.end();
      return;
    }
    const html = {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    };
    if (!staticRoot) {
      res.writeHead(path === '/' || path === '/index.html' ? 200 : 404, html);
      res.end(req.method === 'HEAD' ? undefined : NO_UI_PAGE);
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(path);
    } catch {
      res.writeHead(400, html);
      res.end();
      return;
    }
    if (rel.includes('\0')) {
      res.writeHead(400, html);
      res.end();
      return;
    }
    let file = normalize(join(staticRoot, rel === '/' ? 'index.html' : rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      res.writeHead(404, html);
      res.end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      // client-side routes fall back to the app; missing assets are 404
      if (extname(rel) !== '') {
        res.writeHead(404, html);
        res.end();
        return;
      }
      file = join(staticRoot, 'index.html');
    }
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': statSync(file).size,
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (!hostOk(req.headers.host))
          throw new BridgeHttpError(421, 'FORBIDDEN', 'this server answers only to 127.0.0.1 and localhost');
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path.startsWith(BRIDGE_PATH_PREFIX)) await api(req, res, path);
        else if (path.startsWith('/api/'))
          throw new BridgeHttpError(404, 'UNKNOWN_METHOD', 'no such endpoint');
        else serveStatic(req, res, path);
      } catch (e) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (e instanceof BridgeHttpError) fail(res, e);
        else {
          log(`bridge: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          fail(res, new BridgeHttpError(500, 'INTERNAL', 'the workstation bridge failed; see its log'));
        }
      }
    })();
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : o.port;
      const url = `http://127.0.0.1:${port}`;
      resolveStart({
        port,
        url,
        launchUrl: `${url}/#token=${encodeURIComponent(o.token)}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
