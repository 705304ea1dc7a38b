import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit';

/**
 * The integrity baseline of a record (data_integrity_checksums.checksum, checksum_algorithm SHA-256): SHA-256 hex
 * of the row's canonical JSON, as the audit chain defines it (keys sorted at every level, timestamps as ISO-8601
 * UTC with milliseconds, undefined members left out). The same row read back from PostgreSQL gives the same
 * checksum; any change to a value changes it.
 */
export function rowChecksum(row: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(row), 'utf8').digest('hex');
}
