import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server-sync/config';

describe('server configuration', () => {
  it('defaults to embedded PGlite under ./data/server on loopback', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.pgliteDir).toMatch(/data[/\\]server$/);
    expect(c.host).toBe('127.0.0.1');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable and says what is wrong', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty' });
    } catch (e) {
      expect((e as Error).message).toMatch(/DATABASE_URL: must be a postgres/);
      expect((e as Error).message).toMatch(/PORT: /);
    }
  });
});
