import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `white-cross medication-safety load [DIR]` and `version`, with the CLI bundle on a PGlite data folder: the shipped
 * dataset loaded with its counts as JSON, a reload that writes nothing, a bad dataset refused with every problem
 * named and nothing written.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'wc-cli-ms-'));
const dataDir = join(tmp, 'data');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, '--data-dir', dataDir, ...args], {
    cwd: tmp,
    env: { ...process.env, DATABASE_URL: undefined, WHITE_CROSS_DATA_DIR: undefined },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Report {
  version: string;
  checksum: string;
  loaded: boolean;
  tables: Record<string, { inserted: number; updated: number; retired: number; unchanged: number }>;
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('white-cross medication-safety', () => {
  const drugs = (
    JSON.parse(readFileSync(join(root, 'reference-data/medication-safety/drugs.json'), 'utf8')) as unknown[]
  ).length;

  it('version before any load: nothing loaded, the shipped version', () => {
    const r = cli(['medication-safety', 'version']);
    expect(r.code, r.err).toBe(0);
    const v = JSON.parse(r.out) as { loaded: unknown; shipped: { version: string }; upToDate: boolean };
    expect(v.loaded).toBeNull();
    expect(v.upToDate).toBe(false);
    expect(v.shipped.version).toMatch(/^\d{4}\.\d+\.\d+$/);
  }, 120_000);

  it('load: the shipped dataset, counts as JSON; a reload writes nothing; version is up to date', () => {
    const first = cli(['medication-safety', 'load']);
    expect(first.code, first.err).toBe(0);
    const r = JSON.parse(first.out) as Report;
    expect(r.loaded).toBe(true);
    expect(r.tables.drug_catalog).toEqual({ inserted: drugs, updated: 0, retired: 0, unchanged: 0 });
    const again = JSON.parse(cli(['medication-safety', 'load']).out) as Report;
    expect(Object.values(again.tables).every((t) => t.inserted + t.updated + t.retired === 0)).toBe(true);
    expect(again.tables['drug_catalog']?.unchanged).toBe(drugs);
    const v = JSON.parse(cli(['medication-safety', 'version']).out) as {
      loaded: { version: string; checksum: string };
      upToDate: boolean;
    };
    expect(v.upToDate).toBe(true);
    expect(v.loaded).toMatchObject({ version: r.version, checksum: r.checksum });
  }, 180_000);

  it('a bad dataset folder: every problem on stderr by file, entry and field, exit 1, nothing written', () => {
    const bad = join(tmp, 'bad');
    cpSync(join(root, 'reference-data/medication-safety'), bad, { recursive: true });
    const list = JSON.parse(readFileSync(join(bad, 'interactions.json'), 'utf8')) as {
      drugs: string[];
      severity: string;
    }[];
    list[0]!.drugs = [list[0]!.drugs[0]!, 'no-such-drug'];
    list[1]!.severity = 'SEVERE';
    writeFileSync(join(bad, 'interactions.json'), JSON.stringify(list));
    const r = cli(['medication-safety', 'load', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not valid; nothing was loaded');
    expect(r.err).toMatch(/interactions\.json entry 1 .* severity: /);
    expect(r.out).toBe('');
    const v = JSON.parse(cli(['medication-safety', 'version']).out) as { upToDate: boolean };
    expect(v.upToDate).toBe(true); // still the shipped load
  }, 120_000);
});
