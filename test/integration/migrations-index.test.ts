import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverMigrations } from '../../migrations/server/index';
import { workstationMigrations } from '../../migrations/workstation/index';

const dir = (side: string) => join(import.meta.dirname, '..', '..', 'migrations', side);
const files = (side: string) =>
  readdirSync(dir(side))
    .filter((f) => /^\d{4}_.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

describe('migration indexes', () => {
  it.each([
    ['server', serverMigrations],
    ['workstation', workstationMigrations],
  ] as const)('%s: lists every migration file, in order, each with up and down', (side, index) => {
    expect(Object.keys(index)).toEqual(files(side));
    for (const [name, m] of Object.entries(index)) {
      expect(typeof m.up, `${side}/${name}.up`).toBe('function');
      expect(typeof m.down, `${side}/${name}.down`).toBe('function');
    }
    const numbers = Object.keys(index).map((n) => Number(n.slice(0, 4)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
