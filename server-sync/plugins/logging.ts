import type { FastifyServerOptions } from 'fastify';

/** A pino destination (tests pass one to read what the server logs). */
export interface LogStream {
  write(line: string): void;
}

/** Paths pino replaces with "[redacted]" wherever a log object carries them. */
export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.deviceSecret',
  '*.secret',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'deviceSecret',
];

/**
 * The server's pino options: secrets redacted, and requests logged by method, route path and status
 * only. Bodies are never logged, and neither are query strings (a search for a student's name is PHI).
 */
export function loggerOptions(
  level: string,
  stream?: LogStream,
): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: (req.url ?? '').split('?')[0],
        remoteAddress: req.ip,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
