import type { Kysely, Transaction } from 'kysely';
import type { ServerDatabase } from '../../src-shared/db/server-schema.generated';
import {
  DEFAULT_OUTBREAK_PATTERNS,
  parseSymptomExpression,
  type SymptomExpression,
} from '../../src-shared/outbreaks';

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** An active pattern of the catalog, its expression parsed. */
export interface ActivePattern {
  readonly id: string;
  readonly name: string;
  readonly expression: SymptomExpression;
  readonly thresholdStudents: number;
  readonly thresholdPercent: number;
  readonly windowDays: number;
  readonly severity: 'LOW' | 'MODERATE' | 'HIGH' | 'EPIDEMIC' | null;
  readonly reportable: boolean;
}

/** The active patterns, and those skipped because their stored expression is invalid (with the reason). */
export async function activePatterns(
  db: Db,
): Promise<{ patterns: ActivePattern[]; skipped: { id: string; name: string; reason: string }[] }> {
  const rows = await db
    .selectFrom('outbreak_patterns')
    .selectAll()
    .where('is_active', '=', true)
    .where('deleted_at', 'is', null)
    .orderBy('pattern_name')
    .execute();
  const patterns: ActivePattern[] = [];
  const skipped: { id: string; name: string; reason: string }[] = [];
  for (const r of rows) {
    const e = parseSymptomExpression(r.symptom_combination);
    if (!e.ok) {
      skipped.push({ id: r.id, name: r.pattern_name, reason: e.reason });
      continue;
    }
    patterns.push({
      id: r.id,
      name: r.pattern_name,
      expression: e.expression,
      thresholdStudents: r.threshold_students,
      thresholdPercent: Number(r.threshold_percentage ?? 0),
      windowDays: r.time_window_days,
      severity: r.severity_level,
      reportable: r.reportable_disease,
    });
  }
  return { patterns, skipped };
}

/** Inserts the default patterns (src-shared/outbreaks/defaults.ts) missing from the catalog (by name); returns their ids. */
export async function installDefaultPatterns(
  db: Db,
  now: Date,
  createdBy: string | null,
  newId: () => string,
): Promise<string[]> {
  const have = new Set(
    (await db.selectFrom('outbreak_patterns').select('pattern_name').execute()).map((r) => r.pattern_name),
  );
  const ids: string[] = [];
  for (const p of DEFAULT_OUTBREAK_PATTERNS) {
    if (have.has(p.name)) continue;
    const id = newId();
    ids.push(id);
    await db
      .insertInto('outbreak_patterns')
      .values({
        id,
        pattern_name: p.name,
        disease_category: p.category,
        symptom_combination: JSON.stringify(p.symptoms),
        threshold_students: p.thresholdStudents,
        threshold_percentage: p.thresholdPercent,
        time_window_days: p.windowDays,
        severity_level: p.severity,
        reportable_disease: p.reportable,
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return ids;
}
