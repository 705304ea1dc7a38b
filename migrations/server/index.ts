import type { Migration } from 'kysely';
import * as m0001 from './0001_core';
import * as m0002 from './0002_sync';
import * as m0003 from './0003_phi-disclosures';
import * as m0004 from './0004_encryption';
import * as m0005 from './0005_tamper-alerts';
import * as m0006 from './0006_drug-interactions';
import * as m0007 from './0007_outbreaks';
import * as m0008 from './0008_alerts';
import * as m0009 from './0009_clinic-visits';
import * as m0010 from './0010_immunizations';
import * as m0011 from './0011_billing';
import * as m0012 from './0012_registry';
import * as m0013 from './0013_sis';
import * as m0014 from './0014_reports';
import * as m0015 from './0015_document-sharing';
import * as m0016 from './0016_exports';
import * as m0017 from './0017_auth';
import * as m0018 from './0018_tenancy';
import * as m0019 from './0019_sync-capture';
import * as m0020 from './0020_sync-push-ingest';
import * as m0021 from './0021_workstation-audit';
import * as m0022 from './0022_jobs';
import * as m0023 from './0023_alerts';
import * as m0024 from './0024_outbreaks';
import * as m0025 from './0025_alert-escalation-deliveries';
import * as m0026 from './0026_medication-safety';
import * as m0027 from './0027_clinic-visit-amendments';
import * as m0028 from './0028_mar-five-rights';
import * as m0029 from './0029_clinic-visit-pain-scale';
import * as m0030 from './0030_report-definition-retention';
import * as m0031 from './0031_immunization-supporting-data';
import * as m0032 from './0032_school-entry-requirements';
import * as m0033 from './0033_compliance-dashboard';
import * as m0034 from './0034_sis-roster';
import * as m0035 from './0035_sis-sources';
import * as m0036 from './0036_registry-submission';

/** District PostgreSQL migrations. Every file of this folder is listed here, in order (test/integration/migrations-index.test.ts checks). */
export const serverMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_core': m0001,
  '0002_sync': m0002,
  '0003_phi-disclosures': m0003,
  '0004_encryption': m0004,
  '0005_tamper-alerts': m0005,
  '0006_drug-interactions': m0006,
  '0007_outbreaks': m0007,
  '0008_alerts': m0008,
  '0009_clinic-visits': m0009,
  '0010_immunizations': m0010,
  '0011_billing': m0011,
  '0012_registry': m0012,
  '0013_sis': m0013,
  '0014_reports': m0014,
  '0015_document-sharing': m0015,
  '0016_exports': m0016,
  '0017_auth': m0017,
  '0018_tenancy': m0018,
  '0019_sync-capture': m0019,
  '0020_sync-push-ingest': m0020,
  '0021_workstation-audit': m0021,
  '0022_jobs': m0022,
  '0023_alerts': m0023,
  '0024_outbreaks': m0024,
  '0025_alert-escalation-deliveries': m0025,
  '0026_medication-safety': m0026,
  '0027_clinic-visit-amendments': m0027,
  '0028_mar-five-rights': m0028,
  '0029_clinic-visit-pain-scale': m0029,
  '0030_report-definition-retention': m0030,
  '0031_immunization-supporting-data': m0031,
  '0032_school-entry-requirements': m0032,
  '0033_compliance-dashboard': m0033,
  '0034_sis-roster': m0034,
  '0035_sis-sources': m0035,
  '0036_registry-submission': m0036,
});
