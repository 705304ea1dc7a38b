/**
 * Where export files go: a scheduled export's runs under exports/<key>/<yyyy>/<mm>/<key>_<yyyymmdd>.<ext>, ad-hoc
 * exports under exports/ad-hoc/<yyyy>/<type>_<yyyymmdd>.<ext>, and an archived copy under archive/. The date is
 * the run's local date. The history keeps a file until its purge date (export date + retention days).
 */

function parts(date: string): { yyyy: string; mm: string; compact: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date (YYYY-MM-DD): '${date}'`);
  return { yyyy: date.slice(0, 4), mm: date.slice(5, 7), compact: date.replaceAll('-', '') };
}

function name(what: string, v: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(v))
    throw new Error(`export ${what} '${v}' is not lower-case letters, digits, '-' or '.'`);
  return v;
}

/** immunization-compliance_20261120.csv.pgp */
export function exportFileName(key: string, runDate: string, extension: string): string {
  return `${name('key', key)}_${parts(runDate).compact}.${name('extension', extension)}`;
}

/** exports/immunization-compliance/2026/11/immunization-compliance_20261120.csv.pgp */
export function exportFilePath(key: string, runDate: string, extension: string): string {
  const p = parts(runDate);
  return `exports/${name('key', key)}/${p.yyyy}/${p.mm}/${exportFileName(key, runDate, extension)}`;
}

/** exports/ad-hoc/2026/phi-disclosures_20261120.csv for an export of type PHI_DISCLOSURES. */
export function adHocExportFilePath(exportType: string, runDate: string, extension: string): string {
  const p = parts(runDate);
  const type = name('type', exportType.toLowerCase().replaceAll('_', '-'));
  return `exports/ad-hoc/${p.yyyy}/${type}_${p.compact}.${name('extension', extension)}`;
}

/** The archived copy of an export file. */
export const archivedExportPath = (filePath: string): string => `archive/${filePath}`;
