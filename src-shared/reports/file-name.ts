/**
 * File names and storage paths of generated reports. A definition's filename pattern names its parts in braces
 * ('clinic-log_{school_code}_{date}.pdf'); each placeholder is one of REPORT_FILE_PLACEHOLDERS and gets a value.
 */

export const REPORT_FILE_PLACEHOLDERS = Object.freeze([
  'school_code',
  'scope',
  'as_of_date',
  'date',
  'month',
  'alert_date',
  'student_number',
] as const);
export type ReportFilePlaceholder = (typeof REPORT_FILE_PLACEHOLDERS)[number];

const isPlaceholder = (name: string): name is ReportFilePlaceholder =>
  REPORT_FILE_PLACEHOLDERS.some((p) => p === name);

/** The placeholders of a pattern, in order; an unknown one is an error naming it. */
export function reportFilePlaceholders(pattern: string): ReportFilePlaceholder[] {
  return [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => {
    const name = m[1] ?? '';
    if (!isPlaceholder(name)) throw new Error(`report file name '${pattern}': unknown placeholder {${name}}`);
    return name;
  });
}

/** The file name of a pattern with its placeholders filled; a value that would leave the folder is refused. */
export function reportFileName(
  pattern: string,
  values: Readonly<Partial<Record<ReportFilePlaceholder, string>>>,
): string {
  for (const name of reportFilePlaceholders(pattern)) {
    const v = values[name];
    if (v === undefined) throw new Error(`report file name '${pattern}': no value for {${name}}`);
    if (/[/\\]|^\.\.?$/.test(v))
      throw new Error(`report file name: {${name}} '${v}' is not a file name part`);
  }
  return pattern.replace(/\{([^}]*)\}/g, (_, name: string) =>
    isPlaceholder(name) ? (values[name] ?? '') : '',
  );
}

/** reports/<scope>/<yyyy>/<mm>/<file name>: scope is the school code or 'district', the date the generation date. */
export function reportFilePath(scope: string, generatedOn: string, fileName: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(generatedOn))
    throw new Error(`not a calendar date (YYYY-MM-DD): '${generatedOn}'`);
  if (!/^[A-Za-z0-9_-]+$/.test(scope)) throw new Error(`report scope '${scope}' is not a folder name`);
  return `reports/${scope}/${generatedOn.slice(0, 4)}/${generatedOn.slice(5, 7)}/${fileName}`;
}
