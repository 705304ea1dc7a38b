import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config';

export const JWT_SECRET_FILE = 'jwt-secret';

/**
 * The access-token signing key: JWT_SECRET when set; otherwise (never in production, where the
 * configuration refuses to load without it) a random key generated once and kept in
 * WHITE_CROSS_DATA_DIR/jwt-secret, so tokens survive a restart of a development server. Returns a
 * warning to print in that case.
 */
export function resolveJwtSecret(config: Pick<ServerConfig, 'jwtSecret' | 'dataDir' | 'production'>): {
  secret: string;
  warning: string | null;
} {
  if (config.jwtSecret) return { secret: config.jwtSecret, warning: null };
  if (config.production) throw new Error('JWT_SECRET is required when NODE_ENV=production');
  const file = join(config.dataDir, JWT_SECRET_FILE);
  let secret: string;
  if (existsSync(file)) {
    secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32)
      throw new Error(`${file} holds a key shorter than 32 characters: delete it or set JWT_SECRET`);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  }
  return {
    secret,
    warning: `JWT_SECRET is not set: using a development key kept in ${file}. Set JWT_SECRET (at least 32 characters) in production.`,
  };
}
