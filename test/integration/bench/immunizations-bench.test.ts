import { describe, expect, it } from 'vitest';
import { AS_OF, benchStudents, GRADES } from '../../bench/immunizations-histories';
import type { Measurement } from '../../bench/registry';
import { benchmarks } from '../../bench/registry';

/** The immunizations bench runs (a short run): it loads the histories, reads them back and assesses every student. */
describe('npm run bench -- immunizations', () => {
  it('gives full school-age histories with combination vaccines, every dose between birth and the as-of date', () => {
    const students = benchStudents(260, 3);
    expect(new Set(students.map((s) => s.grade))).toEqual(new Set(GRADES));
    const cvx = new Set(students.flatMap((s) => s.doses.map((d) => d.cvx)));
    for (const c of ['08', '110', '120', '94', '130', '115', '165']) expect(cvx.has(c)).toBe(true);
    for (const s of students)
      for (const d of s.doses) {
        expect(d.date >= s.dob && d.date <= AS_OF).toBe(true);
      }
    // the same seed gives the same students
    expect(benchStudents(5, 3)).toEqual(students.slice(0, 5));
  });

  it('measures the read and the assessment of every student, and refuses a bad option', async () => {
    const lines: Measurement[] = [];
    await benchmarks['immunizations']!.run(['--students', '30', '--schools', '2'], (m) => lines.push(m));
    expect(lines.map((l) => l['measurement'])).toEqual([
      'setup',
      'generate',
      'load_supporting_data',
      'read_histories',
      'assess',
      'read_inputs',
      'refresh_dashboard',
    ]);
    const [generate, read, assess] = [lines[1]!, lines[3]!, lines[4]!];
    expect(read).toMatchObject({ students: 30, rows: generate['vaccination_rows'] });
    expect(assess).toMatchObject({
      students: 30,
      vaccination_rows: generate['vaccination_rows'],
      doses: generate['doses'],
    });
    expect(assess['group_forecasts']).toBeGreaterThan(0);
    for (const k of ['seconds', 'per_patient_p50_ms', 'per_patient_p95_ms', 'ratio_to_read'])
      expect(typeof assess[k]).toBe('number');
    await expect(benchmarks['immunizations']!.run(['--students', '5'], () => {})).rejects.toThrow(
      /--students/,
    );
  });
});
