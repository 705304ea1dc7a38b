import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_phi-disclosures-drug-interactions';
import * as m0003 from './0003_clinical';
import * as m0004 from './0004_reports';
import * as m0005 from './0005_outbox-guard';
import * as m0006 from './0006_workstation-local';
import * as m0007 from './0007_medication-safety';
import * as m0008 from './0008_clinic-visit-amendments';
import * as m0009 from './0009_mar-five-rights';
import * as m0010 from './0010_clinic-visit-pain-scale';
import * as m0011 from './0011_report-definition-retention';
import * as m0012 from './0012_immunization-supporting-data';
import * as m0013 from './0013_school-entry-requirements';
import * as m0014 from './0014_today-reads';
import * as m0015 from './0015_today-names';

/** Workstation SQLite migrations. Every file of this folder is listed here, in order (test/integration/migrations-index.test.ts checks). */
export const workstationMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_core': m0001,
  '0002_phi-disclosures-drug-interactions': m0002,
  '0003_clinical': m0003,
  '0004_reports': m0004,
  '0005_outbox-guard': m0005,
  '0006_workstation-local': m0006,
  '0007_medication-safety': m0007,
  '0008_clinic-visit-amendments': m0008,
  '0009_mar-five-rights': m0009,
  '0010_clinic-visit-pain-scale': m0010,
  '0011_report-definition-retention': m0011,
  '0012_immunization-supporting-data': m0012,
  '0013_school-entry-requirements': m0013,
  '0014_today-reads': m0014,
  '0015_today-names': m0015,
});

/**
 * Migrations of the workstation's own tables (never synced) or of its indexes only: they change nothing the sync
 * protocol carries, so they do not count in the sync schema version, and a district server that knows the synced
 * tables keeps accepting a workstation that has them.
 */
export const LOCAL_ONLY_MIGRATIONS: ReadonlySet<string> = new Set([
  '0006_workstation-local',
  '0014_today-reads',
  '0015_today-names',
]);

/**
 * The workstation schema version sent with every sync call (x-white-cross-schema, outbox.schema_version): the
 * number of migrations that shape synced tables.
 */
export const WORKSTATION_SYNC_SCHEMA_VERSION = Object.keys(workstationMigrations).filter(
  (name) => !LOCAL_ONLY_MIGRATIONS.has(name),
).length;
