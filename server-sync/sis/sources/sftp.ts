import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { RosterSourceError } from './http';

/**
 * SFTP fetch of a OneRoster CSV set (ssh2-sftp-client over ssh2): key (or password) authentication, the server's
 * host key pinned by its SHA-256 fingerprint as `ssh-keygen -l` prints it (a server showing another key is refused
 * before any credential is sent). `remotePath` names a zip, a directory holding manifest.csv (its CSV files are
 * fetched), or a directory of zips (the newest is fetched). The files land in a local directory the caller owns.
 */

export interface SftpSourceSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly remotePath: string;
  /** "SHA256:" and the base64 digest without padding, e.g. SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s */
  readonly hostKeyFingerprint: string;
}

export interface SftpCredentials {
  readonly privateKey?: string;
  readonly passphrase?: string;
  readonly password?: string;
}

export interface SftpFetched {
  /** A local zip, or a local directory of CSV files. */
  readonly localPath: string;
  readonly kind: 'zip' | 'dir';
  /** What was fetched on the server (for the job row and errors). */
  readonly remotePath: string;
  readonly files: number;
  readonly bytes: number;
}

export const sshFingerprint = (key: Buffer): string =>
  `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;

async function connected<T>(
  s: SftpSourceSettings,
  c: SftpCredentials,
  work: (sftp: SftpClient) => Promise<T>,
): Promise<T> {
  // our own listeners: the library's defaults print every end and close to the console
  const quiet = () => undefined;
  const sftp = new SftpClient('white-cross-sis', { error: quiet, end: quiet, close: quiet });
  const host: { seen: string | null } = { seen: null };
  const where = `sftp://${s.username}@${s.host}:${s.port}`;
  try {
    await sftp.connect({
      host: s.host,
      port: s.port,
      username: s.username,
      readyTimeout: 20_000,
      ...(c.privateKey ? { privateKey: c.privateKey } : {}),
      ...(c.passphrase ? { passphrase: c.passphrase } : {}),
      ...(c.password ? { password: c.password } : {}),
      hostVerifier: (key: Buffer) => {
        host.seen = sshFingerprint(key);
        return host.seen === s.hostKeyFingerprint;
      },
    });
  } catch (e) {
    const seen = host.seen;
    if (seen !== null && seen !== s.hostKeyFingerprint)
      throw new RosterSourceError(
        `${where}: the server's host key is ${seen}, not the pinned ${s.hostKeyFingerprint} (refused; check the server, then the configured fingerprint)`,
      );
    const m = e instanceof Error ? e.message : String(e);
    throw new RosterSourceError(`${where}: ${m.replace(/^connect: /, '')}`);
  }
  try {
    return await work(sftp);
  } catch (e) {
    if (e instanceof RosterSourceError) throw e;
    throw new RosterSourceError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await sftp.end().catch(() => undefined);
  }
}

export interface SftpEntry {
  readonly name: string;
  readonly type: 'file' | 'directory' | 'other';
  readonly size: number;
  readonly modifiedAt: string;
}

/** "Test connection": connects (host key, credentials) and lists the remote path (a file lists as itself). */
export async function listSftp(s: SftpSourceSettings, c: SftpCredentials): Promise<SftpEntry[]> {
  return connected(s, c, async (sftp) => {
    const kind = await sftp.exists(s.remotePath);
    if (!kind) throw new RosterSourceError(`${s.remotePath}: no such file or directory on the server`);
    const list =
      kind === 'd'
        ? await sftp.list(s.remotePath)
        : [{ ...(await sftp.stat(s.remotePath)), name: basename(s.remotePath), type: '-' as const }];
    return list
      .map((f) => ({
        name: f.name,
        type:
          f.type === 'd' ? ('directory' as const) : f.type === '-' ? ('file' as const) : ('other' as const),
        size: 'size' in f ? Number(f.size) : 0,
        modifiedAt: new Date('modifyTime' in f ? Number(f.modifyTime) : 0).toISOString(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Fetches the roster files into `localDir` (which must exist and be empty of them). */
export async function fetchRosterSftp(
  s: SftpSourceSettings,
  c: SftpCredentials,
  localDir: string,
): Promise<SftpFetched> {
  return connected(s, c, async (sftp) => {
    const kind = await sftp.exists(s.remotePath);
    if (!kind) throw new RosterSourceError(`${s.remotePath}: no such file or directory on the server`);
    if (kind === '-') {
      if (!/\.zip$/i.test(s.remotePath))
        throw new RosterSourceError(`${s.remotePath}: a file to fetch must be a OneRoster .zip`);
      const local = join(localDir, basename(s.remotePath));
      await sftp.fastGet(s.remotePath, local);
      const size = Number((await sftp.stat(s.remotePath)).size);
      return { localPath: local, kind: 'zip', remotePath: s.remotePath, files: 1, bytes: size };
    }
    const list = (await sftp.list(s.remotePath)).filter((f) => f.type === '-');
    const dir = s.remotePath.replace(/\/+$/, '');
    if (list.some((f) => f.name === 'manifest.csv')) {
      const local = join(localDir, basename(dir) || 'oneroster');
      mkdirSync(local, { recursive: true });
      let bytes = 0;
      const csvs = list.filter((f) => /\.csv$/i.test(f.name));
      for (const f of csvs) {
        await sftp.fastGet(`${dir}/${f.name}`, join(local, f.name));
        bytes += Number(f.size);
      }
      return { localPath: local, kind: 'dir', remotePath: dir, files: csvs.length, bytes };
    }
    const zips = list
      .filter((f) => /\.zip$/i.test(f.name))
      .sort((a, b) => Number(b.modifyTime) - Number(a.modifyTime) || b.name.localeCompare(a.name));
    const newest = zips[0];
    if (!newest) throw new RosterSourceError(`${dir}: holds no OneRoster zip and no manifest.csv`);
    const local = join(localDir, newest.name);
    await sftp.fastGet(`${dir}/${newest.name}`, local);
    return {
      localPath: local,
      kind: 'zip',
      remotePath: `${dir}/${newest.name}`,
      files: 1,
      bytes: Number(newest.size),
    };
  });
}
