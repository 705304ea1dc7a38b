/** Why a report run is refused or failed, with the parameter it is about when there is one. */
export type ReportErrorCode = 'UNKNOWN_REPORT' | 'BAD_PARAMETER' | 'FORBIDDEN' | 'NOT_FOUND' | 'NO_FILE';

export class ReportError extends Error {
  override readonly name = 'ReportError';
  constructor(
    readonly code: ReportErrorCode,
    /** The parameter at fault (null when none). */
    readonly parameter: string | null,
    message: string,
  ) {
    super(parameter ? `${parameter}: ${message}` : message);
  }
}

export const HTTP_STATUS: Readonly<Record<ReportErrorCode, number>> = {
  UNKNOWN_REPORT: 404,
  BAD_PARAMETER: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NO_FILE: 410,
};
