import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '../../../../src-shared/db/column-types';
import { formatHlc } from '../../../../src-shared/sync/hlc';
import type { PulledChange, PullResponse } from '../../../../src-shared/sync/protocol';
import { openLocalStore, type LocalStore } from '../../../../src-main/store/open';

/** A workstation database file in a temp directory, reopenable (as after a crash) with the same key. */
export interface StoreFile {
  readonly file: string;
  readonly key: Buffer;
  readonly deviceId: string;
  open(now?: () => number): Promise<LocalStore>;
  dispose(): void;
}

export function storeFile(deviceId = 'dev-a'): StoreFile {
  const dir = mkdtempSync(join(tmpdir(), 'wc-sync-client-'));
  const file = join(dir, 'workstation.db');
  const key = randomBytes(32);
  return {
    file,
    key,
    deviceId,
    open: (now) => openLocalStore({ file, key, deviceId, ...(now ? { now } : {}) }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const T0 = Date.parse('2026-03-02T08:00:00.000Z');
export const DISTRICT = 'district-1';

export const school = (id: string): PulledChange => ({
  serverSeq: 1,
  table: 'schools',
  rowId: id,
  op: 'UPSERT',
  columns: {
    district_id: DISTRICT,
    name: `School ${id}`,
    school_code: id,
    grade_levels: ['K', '1', '2'],
    is_active: true,
  },
  hlc: null,
});

export const user = (id: string): PulledChange => ({
  serverSeq: 1,
  table: 'users',
  rowId: id,
  op: 'UPSERT',
  columns: {
    first_name: 'Nora',
    last_name: `Nurse ${id}`,
    role: 'NURSE',
    email: `${id}@district.example`,
    is_active: true,
  },
  hlc: null,
});

export const student = (
  id: string,
  schoolId: string,
  extra: Record<string, JsonValue> = {},
): PulledChange => ({
  serverSeq: 1,
  table: 'students',
  rowId: id,
  op: 'UPSERT',
  columns: {
    district_id: DISTRICT,
    school_id: schoolId,
    student_number: `N-${id}`,
    first_name: 'Sam',
    last_name: `Student ${id}`,
    date_of_birth: '2015-04-09',
    grade_level: '3',
    ...extra,
  },
  hlc: null,
});

/** A server HLC string at wall time ms. */
export const hlcAt = (ms: number, node = 'server', counter = 0): string =>
  formatHlc({ wallMs: ms, counter, node });

/** Applies reference rows as the pull would (the only way besides the store to write synced tables). */
export function loadReference(store: LocalStore, changes: readonly PulledChange[]): void {
  const after = store.sync.pullCursor();
  const page: PullResponse = {
    changes: changes.map((c, i) => ({ ...c, serverSeq: after + i + 1 })),
    nextAfter: after + changes.length,
    hasMore: false,
    remaining: 0,
    conflicts: [],
  };
  store.sync.applyPullPage(after, page);
}

export const allergy = (id: string, studentId: string, schoolId: string) =>
  ({
    id,
    student_id: studentId,
    school_id: schoolId,
    allergen: 'peanut',
    allergen_type: 'FOOD',
    severity: 'SEVERE',
  }) as const;
