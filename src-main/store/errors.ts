/** Errors of the workstation's local store. Each message says what is wrong and where (table, row, column). */

export interface ColumnIssue {
  /** 'table.column' or the table alone when the issue is about the whole row. */
  readonly path: string;
  readonly message: string;
}

/** The columns given to a write do not fit the table (unknown column, wrong type, missing value...). */
export class StoreValidationError extends Error {
  override readonly name = 'StoreValidationError';
  constructor(
    readonly table: string,
    readonly issues: readonly ColumnIssue[],
  ) {
    super(`invalid ${table} row: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

/** The write is not allowed (read-only table, deleted row, missing row...). Nothing was written. */
export class StoreWriteError extends Error {
  override readonly name = 'StoreWriteError';
}

/** The database file belongs to another device, or the device id is not usable as an HLC node. */
export class StoreDeviceError extends Error {
  override readonly name = 'StoreDeviceError';
}

/** A pulled page could not be applied; neither its rows nor the cursor moved. */
export class PullApplyError extends Error {
  override readonly name = 'PullApplyError';
}
