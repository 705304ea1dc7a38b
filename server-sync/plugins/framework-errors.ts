import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './errors';

/**
 * What Fastify and Node's HTTP parser answer themselves, in the app's error format (`{ error, message }`) and with
 * `Cache-Control: no-store`, like every other answer: a malformed URL, a path segment too long (frameworkErrors), and
 * what the parser refuses before there is a request at all: headers too large (431), a request that took too long to
 * arrive (408), a malformed request (400) (clientErrorHandler, written to the socket as it is).
 */

/** Fastify's frameworkErrors option: errors of the router, before any route or hook. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, body]: [number, ErrorBody] =
    error.code === 'FST_ERR_BAD_URL'
      ? [400, { error: 'BAD_REQUEST', message: 'the URL is malformed (a %-escape that is not UTF-8)' }]
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [414, { error: 'URI_TOO_LONG', message: 'a segment of the URL path is too long' }]
        : [500, { error: 'INTERNAL', message: 'internal error' }];
  void reply.code(status).header('cache-control', 'no-store').send(body);
}

const CLIENT_ERRORS: Readonly<Record<string, readonly [number, ErrorBody]>> = Object.freeze({
  HPE_HEADER_OVERFLOW: [
    431,
    {
      error: 'HEADERS_TOO_LARGE',
      message: `the request's headers are too large (at most ${Math.floor(maxHeaderSize / 1024)} KiB in all)`,
    },
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [
    408,
    { error: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive' },
  ],
});

/**
 * Fastify's clientErrorHandler option: Node's 'clientError' (the parser refused the bytes). A connection the client
 * reset, or a socket already gone, gets nothing; anything else an answer in the app's format, then the socket closes.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, body] = CLIENT_ERRORS[err.code ?? ''] ?? [
    400,
    { error: 'BAD_REQUEST', message: `malformed HTTP request${err.code ? ` (${err.code})` : ''}` },
  ];
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        json,
    );
  }
  socket.destroy(err);
}
