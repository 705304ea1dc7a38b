import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../../src-shared/sync/hlc';
import { WORKSTATION_WRITABLE_TABLES } from '../../../src-shared/sync/tables';
import { requiredColumns, wireColumns } from '../../../src-shared/sync/wire';
import { mergeBatch, rowKey } from '../../../server-sync/sync/lww';
import { scopedReferences, type CheckedChange } from '../../../server-sync/sync/validate';

/**
 * Every reference a workstation may write to rows that belong to a school (server-sync/sync/validate.ts
 * scopedReferences, from the declaration's references) must name a row of the device's school: the merge refuses
 * any other id the same way (security finding 5; on a real database: test/integration/sync-server/references-scope.test.ts).
 */

const hlc = formatHlc({ wallMs: Date.parse('2026-03-02T08:00:00.000Z'), counter: 0, node: 'dev-1' });

/** A new row of `table` with every required column, its school the device's, each scoped reference to `ref-<column>`. */
function newRow(table: string): CheckedChange {
  const kinds = wireColumns(table);
  const columns: Record<string, string> = {};
  for (const c of requiredColumns(table)) if (c !== 'id') columns[c] = 'x';
  for (const [col] of scopedReferences(table)) columns[col] = `ref-${col}`;
  if (kinds?.has('school_id')) columns.school_id = 'A';
  return {
    seq: 1,
    table,
    rowId: `${table}-1`,
    op: 'UPSERT',
    columns,
    hlc,
    hasSchoolId: kinds?.has('school_id') ?? false,
    hasStudentId: kinds?.has('student_id') ?? false,
    hasDeletedAt: kinds?.has('deleted_at') ?? false,
  };
}

const merge = (change: CheckedChange, inScope: readonly string[]) =>
  mergeBatch({
    deviceId: 'dev-1',
    schoolId: 'A',
    changes: [change],
    rows: new Map(),
    elsewhere: new Set(),
    versions: new Map(),
    inScope: new Set(inScope),
  });

describe('references to rows of a school', () => {
  it('are found for every reference to a table whose rows belong to a school, the named ones included', () => {
    const all = WORKSTATION_WRITABLE_TABLES.flatMap((t) =>
      scopedReferences(t).map(([c, p]) => `${t}.${c} -> ${p}`),
    );
    expect(all).toEqual(
      expect.arrayContaining([
        'class_time_missed.clinic_visit_id -> clinic_visits',
        'student_drug_allergies_xref.allergy_id -> allergies',
        'medication_administrations.student_medication_id -> student_medications',
        'medication_administrations.clinic_visit_id -> clinic_visits',
        'phi_disclosure_recipients.disclosure_id -> phi_disclosures',
        'immunization_exemptions.document_id -> documents',
        'report_generation_log.report_instance_id -> report_instances',
        'allergies.student_id -> students',
      ]),
    );
    // district-wide rows (the staff directory, catalogs) and the school itself are not school rows
    expect(all.some((r) => /-> (users|schools|drug_catalog|visit_reasons|medications)$/.test(r))).toBe(false);
  });

  for (const table of WORKSTATION_WRITABLE_TABLES) {
    const refs = scopedReferences(table);
    if (refs.length === 0) continue;
    it(`${table}: accepted when each reference is a row of the device's school, else refused alike`, () => {
      const change = newRow(table);
      const keys = refs.map(([col, target]) => rowKey(target, `ref-${col}`));
      expect(merge(change, keys)).toMatchObject({ rejections: [], writes: [{ t: table, op: 'INSERT' }] });
      for (const [i, [col, target]] of refs.entries()) {
        const r = merge(
          change,
          keys.filter((_, j) => j !== i),
        );
        expect(r.writes).toEqual([]);
        expect(r.rejections.map((x) => x.code)).toEqual(['OUT_OF_SCOPE']);
        expect(r.rejections[0]?.reason).toContain(target === 'students' ? 'student' : col);
      }
    });
  }
});
