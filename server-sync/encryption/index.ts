/** Encryption (server): AES-256-GCM envelope encryption of data keys under the key-encryption key. */
export { demoKek } from './demo-kek';
export { dataKeyHash, unwrapDataKey, wrapDataKey, type WrappedKey } from './key-wrap';
