/** Password length rules of district accounts (argon2id hashes them on the server; see server-sync/auth/passwords.ts). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;
