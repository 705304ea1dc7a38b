import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveJwtSecret } from '../../../server-sync/auth/secret';
import { ConfigError, loadConfig } from '../../../server-sync/config';

describe('platform configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the auth defaults: 15 min access, 30 day refresh, lockout 5 for 15 min', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      jwtSecret: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 86_400,
      lockoutThreshold: 5,
      lockoutMinutes: 15,
      production: false,
    });
    expect(c.loginRateLimitMax).toBeLessThan(c.rateLimitMax);
  });

  it('reads durations as seconds or with a unit', () => {
    expect(loadConfig({ ACCESS_TOKEN_TTL: '300', REFRESH_TOKEN_TTL: '12h' })).toMatchObject({
      accessTokenTtlSeconds: 300,
      refreshTokenTtlSeconds: 43_200,
    });
    expect(loadConfig({ ACCESS_TOKEN_TTL: '90s', REFRESH_TOKEN_TTL: '7d' })).toMatchObject({
      accessTokenTtlSeconds: 90,
      refreshTokenTtlSeconds: 604_800,
    });
  });

  it('names each bad auth variable', () => {
    const bad = (env: Record<string, string>, re: RegExp) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(re);
    };
    bad({ JWT_SECRET: 'short' }, /JWT_SECRET: must be at least 32 characters/);
    bad({ ACCESS_TOKEN_TTL: 'soon' }, /ACCESS_TOKEN_TTL: must be a duration/);
    bad({ LOCKOUT_THRESHOLD: '0' }, /LOCKOUT_THRESHOLD: /);
    bad({ LOCKOUT_MINUTES: 'x' }, /LOCKOUT_MINUTES: /);
    bad({ NODE_ENV: 'production' }, /JWT_SECRET: required when NODE_ENV=production/);
    bad(
      { ACCESS_TOKEN_TTL: '2h', REFRESH_TOKEN_TTL: '1h' },
      /REFRESH_TOKEN_TTL: must be longer than ACCESS_TOKEN_TTL/,
    );
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).production).toBe(true);
  });

  it('generates a development JWT key once, keeps it private in the data directory, and warns', () => {
    const first = resolveJwtSecret({ jwtSecret: undefined, dataDir: dir, production: false });
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(first.warning).toMatch(/JWT_SECRET is not set/);
    const file = join(dir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(resolveJwtSecret({ jwtSecret: undefined, dataDir: dir, production: false }).secret).toBe(
      first.secret,
    );
    expect(resolveJwtSecret({ jwtSecret: 'y'.repeat(40), dataDir: dir, production: true })).toEqual({
      secret: 'y'.repeat(40),
      warning: null,
    });
    expect(() => resolveJwtSecret({ jwtSecret: undefined, dataDir: dir, production: true })).toThrow(
      /required/,
    );
  });
});
