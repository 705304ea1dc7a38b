import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionTestResult } from '../../../src-shared/api/sis-sources';
import type { RosterBundle } from '../../../src-shared/sis/oneroster/bundle';
import { RosterSourceError, type RestCredentials, type RetryPolicy } from './http';
import { fetchRosterRest } from './rest';
import { fetchRosterSftp, listSftp, type SftpCredentials } from './sftp';
import type { LoadedConfig } from './store';
import { claimZip, readyZips, type ClaimedZip } from './watched-folder';

/**
 * What a configuration's source gives a sync: a RosterBundle (REST), or a local zip or CSV directory (SFTP, watched
 * folder) for the CSV reader. And "test connection": a token and one page (REST), a listing (SFTP), the folder's
 * ready zips (watched folder).
 */

export type Fetched =
  | {
      readonly kind: 'bundle';
      readonly bundle: RosterBundle;
      /** The newest dateLastModified read: the next delta sync's start. */
      readonly newestModified: Date | null;
      readonly detail: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'file';
      readonly localPath: string;
      /** Where it came from (an SFTP URL, the watched folder's file), for the run and errors. */
      readonly source: string;
      readonly detail: Readonly<Record<string, unknown>>;
      /** Removes what the fetch put on disk (SFTP); a watched folder's zip is moved by the job instead. */
      readonly cleanup: () => void;
      readonly claimed: ClaimedZip | null;
    };

export interface FetchOptions {
  /** A scratch directory for SFTP downloads. */
  readonly workDir: string;
  /** REST: read everything even when an earlier sync left a delta cursor. */
  readonly full?: boolean;
  /** Watched folder: the zip to take (the scheduler names it). */
  readonly file?: string;
  readonly retry?: Partial<RetryPolicy>;
}

const restCreds = (c: LoadedConfig, creds: unknown): RestCredentials => {
  if (!creds) throw new RosterSourceError(`configuration ${c.id}: no client id and secret are set`);
  return creds as RestCredentials;
};
const sftpCreds = (c: LoadedConfig, creds: unknown): SftpCredentials => {
  if (!creds) throw new RosterSourceError(`configuration ${c.id}: no SFTP key or password is set`);
  return creds;
};

/** Fetches a configuration's roster; null when a watched folder's zip was already taken (by another server). */
export async function fetchForConfig(
  c: LoadedConfig,
  creds: unknown,
  o: FetchOptions,
): Promise<Fetched | null> {
  const s = c.source;
  switch (s.kind) {
    case 'ONEROSTER_REST': {
      const since = o.full ? undefined : (c.deltaSince ?? undefined);
      const r = await fetchRosterRest(s, restCreds(c, creds), {
        ...(since ? { since } : {}),
        ...(o.retry ? { retry: o.retry } : {}),
      });
      return {
        kind: 'bundle',
        bundle: r.bundle,
        newestModified: r.newestModified,
        detail: { pages: r.pages, tokens: r.tokens, since: since?.toISOString() ?? null },
      };
    }
    case 'SFTP': {
      const dir = mkdtempSync(join(o.workDir, 'sftp-'));
      try {
        const r = await fetchRosterSftp(s, sftpCreds(c, creds), dir);
        return {
          kind: 'file',
          localPath: r.localPath,
          source: `sftp://${s.username}@${s.host}:${s.port}${r.remotePath.startsWith('/') ? '' : '/'}${r.remotePath}`,
          detail: { remotePath: r.remotePath, files: r.files, bytes: r.bytes, kind: r.kind },
          cleanup: () => rmSync(dir, { recursive: true, force: true }),
          claimed: null,
        };
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
    }
    case 'WATCHED_FOLDER': {
      if (!o.file) throw new RosterSourceError(`configuration ${c.id}: a watched-folder sync names its zip`);
      const claimed = claimZip(s, o.file);
      if (!claimed) return null;
      return {
        kind: 'file',
        localPath: claimed.path,
        source: join(s.path, o.file),
        detail: { file: o.file },
        cleanup: () => undefined,
        claimed,
      };
    }
    case 'CSV_UPLOAD':
      throw new RosterSourceError(
        `configuration ${c.id}: a CSV-upload configuration syncs when a file is uploaded in the console`,
      );
  }
}

/** "Test connection": never throws; ok false with the first failure's message. */
export async function testConnection(
  c: LoadedConfig,
  creds: () => unknown,
  now: Date,
  retry?: Partial<RetryPolicy>,
): Promise<ConnectionTestResult> {
  const s = c.source;
  const result = (
    r: Partial<ConnectionTestResult> & { ok: boolean; message: string },
  ): ConnectionTestResult => ({
    records: null,
    total: null,
    entries: null,
    ...r,
  });
  try {
    switch (s.kind) {
      case 'ONEROSTER_REST': {
        const r = await fetchRosterRest(
          { ...s, pageSize: Math.min(s.pageSize, 100) },
          restCreds(c, creds()),
          {
            endpoints: ['/orgs'],
            maxPages: 1,
            retry: { retries: 0, maxRateLimited: 0, ...retry },
          },
        );
        const records = r.bundle.files.orgs?.length ?? 0;
        const total = r.totals['/orgs'] ?? null;
        return result({
          ok: true,
          message: `token granted; /orgs answered with ${records} record(s)${total !== null ? ` of ${total}` : ''}`,
          records,
          total,
        });
      }
      case 'SFTP': {
        const entries = await listSftp(s, sftpCreds(c, creds()));
        return result({
          ok: true,
          message: `connected (host key ${s.hostKeyFingerprint} matches); ${s.remotePath} lists ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`,
          entries: entries.map((e) => ({ name: e.name, type: e.type, size: e.size })),
        });
      }
      case 'WATCHED_FOLDER': {
        const ready = readyZips(s, now);
        return result({
          ok: true,
          message: `the folder is readable; ${ready.length} zip(s) ready to import`,
          entries: ready.map((z) => ({ name: z.name, type: 'file', size: z.size })),
        });
      }
      case 'CSV_UPLOAD':
        return result({ ok: true, message: 'nothing to connect to: the roster is uploaded in the console' });
    }
  } catch (e) {
    return result({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
}
