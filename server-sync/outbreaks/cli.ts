import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import type { z } from 'zod';
import {
  detectInRecords,
  DETECTION_METHODS,
  schoolsFile,
  symptomFileRecord,
  type DetectionMethod,
  type KeyedRecord,
} from '../../src-shared/outbreaks';

/**
 * `white-cross outbreaks detect`: the scan's detectors (src-shared/outbreaks) over files, no database. Symptoms:
 * NDJSON, one record a line {studentId, schoolId, onsetDate, symptoms[, id, grade, location]}; a malformed line
 * is reported on stderr with its line number and the rest is processed. Schools: a JSON array of {id,
 * enrollment[, patterns]} (patterns as {name, symptoms, thresholdStudents, thresholdPercent, windowDays};
 * without them, the default patterns). Prints {"alerts":[...]} (and "series" with --series) on stdout.
 */

const issueText = (e: z.ZodError): string =>
  e.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(record)'}: ${i.message}`).join('; ');

function isoDay(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new InvalidArgumentError(`--as-of must be a date YYYY-MM-DD, got "${v}"`);
  return v;
}

function method(v: string): DetectionMethod[] {
  if (v === 'all') return [...DETECTION_METHODS];
  if ((DETECTION_METHODS as readonly string[]).includes(v)) return [v as DetectionMethod];
  throw new InvalidArgumentError(`--method must be threshold, c1, c2, c3 or all, got "${v}"`);
}

export async function readSymptomsFile(
  path: string,
  report: (line: number, message: string) => void,
): Promise<KeyedRecord[]> {
  const out: KeyedRecord[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      report(n, `not JSON (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    const r = symptomFileRecord.safeParse(json);
    if (!r.success) {
      report(n, issueText(r.error));
      continue;
    }
    out.push({ ...r.data, key: r.data.id ?? `line:${n}` });
  }
  return out;
}

export function registerOutbreakCommands(program: Command): void {
  const outbreaks = program.command('outbreaks').description('outbreak detection over files (no database)');
  outbreaks
    .command('detect')
    .description(
      "run the district scan's detectors (thresholds, EARS C1/C2/C3) over a symptoms file and print the alerts as JSON",
    )
    .requiredOption('--symptoms <file>', 'NDJSON: one {studentId, schoolId, onsetDate, symptoms} per line')
    .requiredOption('--schools <file>', 'JSON array of {id, enrollment, patterns?}')
    .requiredOption('--as-of <date>', 'the day to detect on (YYYY-MM-DD)', isoDay)
    .option('--method <method>', 'threshold, c1, c2, c3 or all', method, [...DETECTION_METHODS])
    .option('--series', 'also print the daily counts and C1/C2/C3 per school and pattern', false)
    .action(
      async (o: {
        symptoms: string;
        schools: string;
        asOf: string;
        method: DetectionMethod[];
        series: boolean;
      }) => {
        let schoolsJson: unknown;
        try {
          schoolsJson = JSON.parse(readFileSync(o.schools, 'utf8'));
        } catch (e) {
          throw new Error(`--schools ${o.schools}: ${e instanceof Error ? e.message : String(e)}`);
        }
        const schools = schoolsFile.safeParse(schoolsJson);
        if (!schools.success) throw new Error(`--schools ${o.schools}: ${issueText(schools.error)}`);
        let bad = 0;
        const records = await readSymptomsFile(o.symptoms, (line, message) => {
          bad++;
          process.stderr.write(`${o.symptoms}:${line}: ${message}\n`);
        });
        if (bad > 0)
          process.stderr.write(`${bad} malformed line(s) skipped, ${records.length} record(s) read\n`);
        const r = detectInRecords(records, schools.data, o.asOf, o.method, o.series);
        process.stdout.write(`${JSON.stringify(r)}\n`);
      },
    );
}
