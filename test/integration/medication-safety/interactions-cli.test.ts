import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInteractions } from '../../../server-sync/medication-safety';
import type { DrugListCheck } from '../../../src-shared/medication-safety';

/**
 * `white-cross interactions`, run as the built command (dist/white-cross.mjs): it finds the shipped dataset from
 * the bundle, prints exactly the DrugListCheck JSON, and refuses bad input naming the option and the name.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'wc-interactions-'));

function cli(args: string[], cwd = tmp) {
  // run from another folder: the bundle must find reference-data beside dist/, not in the working directory
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, DATABASE_URL: undefined },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('white-cross interactions', () => {
  it('prints the JSON of the check: interactions, allergy conflicts, unknown names', () => {
    const r = cli([
      'interactions',
      '--drugs',
      'Concerta, phenelzine, 36437, Frobnicol',
      '--allergies',
      'penicillin, peanuts',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.endsWith('\n')).toBe(true);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['unknown', 'interactions', 'allergyConflicts']);
    const check = json as unknown as DrugListCheck;
    expect(check.unknown).toEqual(['Frobnicol', 'allergy: peanuts']);
    expect(check.allergyConflicts).toEqual([]);
    expect(check.interactions.map((f) => [f.drugs, f.severity])).toEqual([
      [['Methylphenidate', 'Phenelzine'], 'CONTRAINDICATED'],
      [['Phenelzine', 'Sertraline'], 'CONTRAINDICATED'],
    ]);
    expect(check.interactions[0]!.description).toMatch(/^Hypertensive crisis/);
    expect(check.interactions[1]!.description).toMatch(/^Serotonin syndrome/);
    for (const f of check.interactions) expect(f.source).toMatch(/^Phansalkar S, et al\./);
    for (const f of json['interactions'] as Record<string, unknown>[])
      expect(Object.keys(f)).toEqual(['drugs', 'severity', 'description', 'source']);
  });

  it('allergy conflicts: kind and severity by drug', () => {
    const r = cli(['interactions', '--drugs', 'amoxicillin,Keflex,Bactrim', '--allergies', 'PCN,sulfa']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      unknown: [],
      interactions: [],
      allergyConflicts: [
        { drug: 'Amoxicillin', allergy: 'PCN', kind: 'CLASS', severity: 'MAJOR' },
        { drug: 'Sulfamethoxazole / trimethoprim', allergy: 'sulfa', kind: 'CLASS', severity: 'MAJOR' },
        { drug: 'Cephalexin', allergy: 'PCN', kind: 'CROSS_REACTIVE', severity: 'MODERATE' },
      ],
    });
  });

  it('reads another dataset folder with --dataset, and names the problem of a bad one', () => {
    const dir = join(tmp, 'dataset');
    cpSync(join(root, 'reference-data', 'medication-safety'), dir, { recursive: true });
    const ok = cli(['interactions', '--drugs', 'sertraline,tramadol', '--dataset', dir]);
    expect(ok.code, ok.err).toBe(0);
    expect((JSON.parse(ok.out) as DrugListCheck).interactions[0]).toMatchObject({ severity: 'MAJOR' });
    writeFileSync(join(dir, 'classes.json'), '[{"code":"lower case"}]');
    const bad = cli(['interactions', '--drugs', 'sertraline', '--dataset', dir]);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/classes\.json entry 0 "lower case" code: an upper-case class code/);
  });

  it('refuses no drugs, an empty name and a control character, naming the option and the name', () => {
    const cases: [string[], RegExp][] = [
      [['interactions'], /required option '--drugs <names>' not specified/],
      [['interactions', '--drugs', ''], /--drugs: give at least one drug name or RxNorm code/],
      [['interactions', '--drugs', 'ibuprofen,,naproxen'], /--drugs: name 2 of 3 is empty/],
      [
        ['interactions', '--drugs', 'ibuprofen', '--allergies', 'sulfa,'],
        /--allergies: name 2 of 2 is empty/,
      ],
      [
        ['interactions', '--drugs', 'ibu\u0007profen'],
        /--drugs: name 1 \("ibu\\u0007profen"\) holds a control character/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
    expect(cli(['--help']).out).toContain('interactions');
  });

  it('a NUL in a name (which a command line cannot carry) is refused by the same parsing', async () => {
    await expect(runInteractions({ drugs: 'ibuprofen\u0000' })).rejects.toThrow(
      /--drugs: name 1 .* holds a control character/,
    );
  });
});
