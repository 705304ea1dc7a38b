/** Document sharing (server): hashing of share-link secrets. */
export { shareSecretHash } from './token-hash';
