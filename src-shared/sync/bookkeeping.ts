/**
 * Bookkeeping columns (docs/sync.md, "Conflicts"): stamped by every write of a row, so two writes of the same row
 * always "disagree" on them, even when they change different columns and merge cleanly. The server versions and
 * merges them like any other column (the losing workstation gets the server's value back through the corrective
 * change), but a disagreement on them is never a conflict for anyone to review.
 */
export const BOOKKEEPING_COLUMNS: readonly string[] = Object.freeze(['updated_at', 'created_at']);

/** True for a bookkeeping column (null, a whole-row conflict, is not one). */
export const isBookkeepingColumn = (column: string | null): boolean =>
  column !== null && BOOKKEEPING_COLUMNS.includes(column);
