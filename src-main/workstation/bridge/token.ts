import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * The loopback bridge's token (`x-white-cross-token`), kept in `<data dir>/bridge-token` so that a restart of the
 * workstation on the same data folder keeps the address the nurse has open working (same token, and the launcher
 * keeps the same port).
 *
 * Threat model. The bridge listens on 127.0.0.1 only; the token is what stops *other programs on this computer*
 * from calling it: pages in the browser (they cannot read the token, and the bridge's Host, Origin and
 * content-type checks and the absence of CORS headers stop them from sending or reading a call), and processes of
 * other OS users (127.0.0.1 is shared by every user of the machine). The file is created once with mode 0600 in a
 * data folder of mode 0700, so it is readable by the same OS user only, the one who can already read the
 * workstation's data folder and the address printed in its terminal: keeping the token on disk gives nobody a way
 * in that a per-launch token did not. What it changes is lifetime: an address copied out of the machine works until
 * the token is rotated, not only until the next restart. Rotate it with `--new-token` (npm start, npm run
 * workstation) or by deleting the file. A token file that another user could read, that is not a regular file of
 * this user (e.g. a symlink), or that is damaged is replaced by a new one, and the caller is told why.
 * (Windows: the file inherits the data folder's ACL, the user's profile folder by default; the mode is not checked.)
 */

export const BRIDGE_TOKEN_FILE = 'bridge-token';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

export interface BridgeToken {
  readonly token: string;
  readonly file: string;
  /** 'kept': the token of an earlier launch; 'created': the first one; 'rotated': a new one replaced the old. */
  readonly state: 'kept' | 'created' | 'rotated';
  /** Why an existing file was replaced (rotated without being asked). */
  readonly why?: string;
}

const posix = process.platform !== 'win32';

/** Why the existing file cannot be used, or null when it can (its token then in `token`). */
function inspect(file: string): { readonly token: string } | { readonly bad: string } | null {
  let st;
  try {
    st = lstatSync(file);
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return null;
    throw e;
  }
  if (!st.isFile()) return { bad: `${file} is not a regular file` };
  if (posix && typeof process.getuid === 'function' && st.uid !== process.getuid())
    return { bad: `${file} belongs to another user` };
  if (posix && (st.mode & 0o077) !== 0)
    return { bad: `${file} could be read by other users (mode ${(st.mode & 0o777).toString(8)})` };
  const token = readFileSync(file, 'utf8').trim();
  if (!TOKEN_SHAPE.test(token)) return { bad: `${file} does not hold a token` };
  return { token };
}

/** Writes a fresh token to a new owner-only file next to `file`; returns the temp file's path and the token. */
function writeFresh(file: string): { readonly tmp: string; readonly token: string } {
  const token = randomBytes(32).toString('base64url');
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600, flag: 'wx' });
  if (posix) chmodSync(tmp, 0o600); // whatever the umask
  return { tmp, token };
}

/**
 * The bridge token of `dataDir`: the kept one, or a new one (first launch, `rotate`, or an unusable file), written
 * owner-only before it is used.
 */
export function bridgeToken(dataDir: string, options: { readonly rotate?: boolean } = {}): BridgeToken {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, BRIDGE_TOKEN_FILE);
  const found = options.rotate ? null : inspect(file);
  if (found && 'token' in found) return { token: found.token, file, state: 'kept' };

  const fresh = writeFresh(file);
  try {
    if (options.rotate || found) {
      renameSync(fresh.tmp, file); // replaces the old file (or symlink) itself, never what it points to
      return {
        token: fresh.token,
        file,
        state: 'rotated',
        ...(found && 'bad' in found ? { why: found.bad } : {}),
      };
    }
    try {
      linkSync(fresh.tmp, file); // fails when another launch created it first: use theirs
    } catch (e) {
      if (e instanceof Error && 'code' in e && e.code === 'EEXIST') return bridgeToken(dataDir);
      throw e;
    }
    return { token: fresh.token, file, state: 'created' };
  } finally {
    rmSync(fresh.tmp, { force: true });
  }
}
