import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { apiErrorBody, type ApiErrorBody } from '../../src-shared/api/errors';

/**
 * Errors as every route answers them: `{error: CODE, message, ...}`. A handler throws HttpError for an
 * expected refusal; request validation failures become 400 BAD_REQUEST with the path of every bad
 * field; anything unexpected becomes 500 INTERNAL with the request id only (the log has the rest,
 * without PHI: see safeErrorForLog).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The error answer of every route (the shared contract, src-shared/api/errors.ts). */
export const errorBody = apiErrorBody;
export type ErrorBody = ApiErrorBody;

/** Error responses for a route's schema: `{ ...errorResponses(400, 401) }`. */
export function errorResponses(...codes: number[]): Record<number, typeof errorBody> {
  return Object.fromEntries(codes.map((c) => [c, errorBody]));
}

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
  429: 'RATE_LIMITED',
};

/** What may be logged of an unexpected error: never a driver's DETAIL (it quotes row values) or parameters. */
export function safeErrorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: unknown; constraint?: unknown; table?: unknown };
  return {
    type: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    stack: e.stack?.split('\n').slice(1).join('\n'),
  };
}

function validationBody(err: FastifyError & { validationContext?: string }): ErrorBody {
  const where = err.validationContext ?? 'body';
  const issues = (err.validation ?? []).map((v) => {
    const sub = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
    return { path: sub ? `${where}.${sub}` : where, message: v.message ?? 'invalid' };
  });
  const first = issues[0];
  return {
    error: 'BAD_REQUEST',
    message: first ? `invalid ${where}: ${first.path}: ${first.message}` : `invalid ${where}`,
    issues,
  };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.code(400).send(validationBody(err));
    }
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({ ...err.extra, error: err.code, message: err.message });
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (!isResponseSerializationError(err) && status >= 400 && status < 500) {
      return reply
        .code(status)
        .send({ error: STATUS_CODES[status] ?? 'BAD_REQUEST', message: err.message || 'bad request' });
    }
    request.log.error({ err: safeErrorForLog(err) }, 'request failed');
    return reply.code(500).send({ error: 'INTERNAL', message: 'internal error', requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'NOT_FOUND',
      message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    }),
  );
}
