import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'white-cross.mjs');
const dir = mkdtempSync(join(tmpdir(), 'wc-outbreaks-cli-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: undefined },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Out {
  alerts: {
    schoolId: string;
    pattern: string;
    method: string;
    date: string;
    count: number;
    expected: number;
    statistic: number;
    caseIds: string[];
  }[];
  series?: {
    schoolId: string;
    pattern: string;
    days: { date: string; count: number; c1: number | null; c2: number | null; c3: number | null }[];
  }[];
}

const symptoms = join(dir, 'symptoms.ndjson');
const schools = join(dir, 'schools.json');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root });
  const lines: string[] = [];
  // school A: a GI case on three February Mondays, then 4 students on March 5 (one line malformed, one not JSON)
  for (const [i, d] of ['2026-02-09', '2026-02-16', '2026-02-23'].entries())
    lines.push(
      JSON.stringify({
        id: `bg${i}`,
        studentId: `s${i}`,
        schoolId: 'A',
        onsetDate: d,
        symptoms: { vomiting: true },
      }),
    );
  for (let i = 0; i < 4; i++)
    lines.push(
      JSON.stringify({
        id: `o${i}`,
        studentId: `t${i}`,
        schoolId: 'A',
        onsetDate: '2026-03-05',
        symptoms: { diarrhea: true, nausea: true },
        grade: '2',
      }),
    );
  lines.push(
    JSON.stringify({ studentId: 'x', schoolId: 'A', onsetDate: '2026-03-05', symptoms: { fever: 'yes' } }),
  );
  lines.push('{not json');
  lines.push(
    JSON.stringify({ studentId: 'y', schoolId: 'B', onsetDate: '2026-03-05', symptoms: { vomiting: true } }),
  );
  writeFileSync(symptoms, `${lines.join('\n')}\n`);
  writeFileSync(
    schools,
    JSON.stringify([
      { id: 'A', enrollment: 300 },
      { id: 'B', enrollment: 120 },
    ]),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('white-cross outbreaks detect', () => {
  it('prints the alerts of every detector and reports malformed lines with their number', () => {
    const r = cli([
      'outbreaks',
      'detect',
      '--symptoms',
      symptoms,
      '--schools',
      schools,
      '--as-of',
      '2026-03-05',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${symptoms}:8: symptoms.fever:`);
    expect(r.err).toContain(`${symptoms}:9: not JSON`);
    const out = JSON.parse(r.out) as Out;
    expect(out.series).toBeUndefined();
    const gi = out.alerts.filter((a) => a.pattern === 'Acute gastrointestinal illness');
    expect(gi.map((a) => a.method)).toEqual(['threshold', 'c1', 'c2', 'c3']);
    expect(gi[0]).toEqual({
      schoolId: 'A',
      pattern: 'Acute gastrointestinal illness',
      method: 'threshold',
      date: '2026-03-05',
      count: 4,
      expected: 3,
      statistic: 1.33,
      caseIds: ['o0', 'o1', 'o2', 'o3'],
    });
    // C1: baseline Feb 26 - Mar 4 all zero -> sd floored at 0.5: (4 - 0) / 0.5 = 8
    expect(gi[1]).toMatchObject({ method: 'c1', count: 4, expected: 0, statistic: 8 });
    // the lone case at school B is an ordinary day: no alert
    expect(out.alerts.some((a) => a.schoolId === 'B')).toBe(false);
  });

  it('--method picks one detector and --series adds the daily counts and statistics', () => {
    const r = cli([
      'outbreaks',
      'detect',
      '--symptoms',
      symptoms,
      '--schools',
      schools,
      '--as-of',
      '2026-03-05',
      '--method',
      'c2',
      '--series',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as Out;
    expect(out.alerts.map((a) => a.method)).toEqual(['c2']);
    const s = out.series?.find((x) => x.schoolId === 'A' && x.pattern === 'Acute gastrointestinal illness');
    expect(s?.days).toHaveLength(29);
    expect(s?.days.at(-1)).toEqual({ date: '2026-03-05', count: 4, c1: 8, c2: 8, c3: 7, expected: 0 });
    expect(s?.days.find((d) => d.date === '2026-02-16')?.count).toBe(1);
    expect(out.series).toHaveLength(8);
  });

  it('says which argument or field is wrong', () => {
    expect(
      cli(['outbreaks', 'detect', '--symptoms', symptoms, '--schools', schools, '--as-of', 'March']).err,
    ).toContain('--as-of must be a date YYYY-MM-DD, got "March"');
    expect(
      cli([
        'outbreaks',
        'detect',
        '--symptoms',
        symptoms,
        '--schools',
        schools,
        '--as-of',
        '2026-03-05',
        '--method',
        'c4',
      ]).err,
    ).toContain('--method must be threshold, c1, c2, c3 or all');
    const badSchools = join(dir, 'bad.json');
    writeFileSync(
      badSchools,
      JSON.stringify([{ id: 'A', enrollment: 300, patterns: [{ name: 'X', symptoms: { sneezing: true } }] }]),
    );
    const r = cli([
      'outbreaks',
      'detect',
      '--symptoms',
      symptoms,
      '--schools',
      badSchools,
      '--as-of',
      '2026-03-05',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "0.patterns.0.symptoms: symptoms.sneezing: unknown symptom key or operator 'sneezing'",
    );
    expect(cli(['outbreaks', 'detect', '--help']).out).toContain('--series');
  });
});
