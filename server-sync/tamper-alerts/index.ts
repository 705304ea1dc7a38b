/** Tamper alerts (server): integrity baselines of records. */
export { rowChecksum } from './checksum';
