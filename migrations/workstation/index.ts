import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_phi-disclosures-drug-interactions';
import * as m0003 from './0003_clinical';
import * as m0004 from './0004_reports';
import * as m0005 from './0005_outbox-guard';

/** Workstation SQLite migrations. Every file of this folder is listed here, in order (test/integration/migrations-index.test.ts checks). */
export const workstationMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_core': m0001,
  '0002_phi-disclosures-drug-interactions': m0002,
  '0003_clinical': m0003,
  '0004_reports': m0004,
  '0005_outbox-guard': m0005,
});
