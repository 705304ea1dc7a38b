import { createHash } from 'node:crypto';

/** SHA-256 hex of a UTF-8 string (file hashes of synthetic files, token hashes). */
export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
