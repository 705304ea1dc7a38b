import type { RosterBundle, RosterFileName, RosterRecord } from '../../../src-shared/sis/oneroster/bundle';
import {
  deltaFilter,
  readPage,
  REST_ENDPOINTS,
  RosterResponseError,
  type RestEndpoint,
} from '../../../src-shared/sis/oneroster/rest-flatten';
import {
  DEFAULT_RETRY,
  getJson,
  RosterSourceError,
  TokenHolder,
  type RestCredentials,
  type RetryPolicy,
} from './http';

/**
 * The OneRoster 1.2 REST rostering client: every endpoint White Cross reads (orgs, academicSessions, users with
 * their roles and agents, classes, enrollments, demographics), page by page (limit/offset; the Link header's
 * rel="next" when the service sends one, else X-Total-Count, else a short page ends the list), optionally only the
 * records changed since the last sync (`filter=dateLastModified>'…'`, a delta bundle). The whole roster is read
 * before anything is returned: a failure anywhere throws, never a half bundle.
 */

export const ONEROSTER_SCOPES = [
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly',
  'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly',
].join(' ');

export interface RestSourceSettings {
  /** The rostering service's base, e.g. https://sis.example.org/ims/oneroster/rostering/v1p2 */
  readonly baseUrl: string;
  readonly tokenUrl: string;
  /** Space-separated OAuth scopes (default: roster-core and roster-demographics, read only). */
  readonly scope?: string;
  /** Records per page (default 500). */
  readonly pageSize?: number;
}

export interface RestFetchOptions {
  /** Only records changed after this instant (a delta bundle); absent: the whole roster (bulk). */
  readonly since?: Date;
  readonly retry?: Partial<RetryPolicy>;
  /** Only these endpoints (default all), e.g. for a connection test. */
  readonly endpoints?: readonly string[];
  /** Stop after this many pages per endpoint (a connection test reads one). */
  readonly maxPages?: number;
}

export interface RestFetchResult {
  readonly bundle: RosterBundle;
  /** Pages read per endpoint path, and tokens fetched (for the job row and tests). */
  readonly pages: Readonly<Record<string, number>>;
  readonly tokens: number;
  /** X-Total-Count of each endpoint's first page, when the service sent it. */
  readonly totals: Readonly<Record<string, number | null>>;
  /** The newest dateLastModified seen, the next delta sync's `since`. */
  readonly newestModified: Date | null;
}

const trimSlash = (u: string) => u.replace(/\/+$/, '');

function nextUrl(link: string | null, base: URL): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m?.[1] && m[2] && /rel\s*=\s*"?next"?/i.test(m[2])) {
      const u = new URL(m[1], base);
      if (u.origin !== base.origin)
        throw new RosterSourceError(`the Link header points to another server (${u.origin}), refused`);
      return u.toString();
    }
  }
  return null;
}

async function readEndpoint(
  base: string,
  e: RestEndpoint,
  tokens: TokenHolder,
  o: { pageSize: number; since?: Date; maxPages?: number; p: RetryPolicy },
  out: Map<RosterFileName, RosterRecord[]>,
): Promise<{ pages: number; newest: number; total: number | null }> {
  const first = new URL(`${base}${e.path}`);
  first.searchParams.set('limit', String(o.pageSize));
  first.searchParams.set('offset', '0');
  if (o.since) first.searchParams.set('filter', deltaFilter(o.since));
  let url: string | null = first.toString();
  let offset = 0;
  let page = 0;
  let newest = 0;
  let firstTotal: number | null = null;
  while (url) {
    page += 1;
    const place = { page, offset };
    const { body, headers } = await getJson(url, tokens, `${e.path} page ${page} (offset ${offset})`, o.p);
    let read;
    try {
      read = readPage(e, body, place);
    } catch (err) {
      if (err instanceof RosterResponseError) throw new RosterSourceError(err.message);
      throw err;
    }
    for (const [file, rows] of Object.entries(read.rows) as [
      RosterFileName,
      { index: number; fields: Record<string, string> }[],
    ][]) {
      const list = out.get(file) ?? [];
      for (const r of rows) {
        list.push({ line: offset + r.index + 1, fields: r.fields });
        const t = Date.parse(r.fields.dateLastModified ?? '');
        if (!Number.isNaN(t) && t > newest) newest = t;
      }
      out.set(file, list);
    }
    offset += read.count;
    const total = Number(headers.get('x-total-count'));
    if (page === 1 && headers.has('x-total-count') && Number.isFinite(total)) firstTotal = total;
    if (o.maxPages !== undefined && page >= o.maxPages) break;
    const linked = nextUrl(headers.get('link'), first);
    if (linked) url = read.count === 0 ? null : linked;
    else if (headers.has('x-total-count') && Number.isFinite(total)) {
      if (offset >= total || read.count === 0) url = null;
      else {
        const u = new URL(first);
        u.searchParams.set('offset', String(offset));
        url = u.toString();
      }
    } else if (read.count < o.pageSize) url = null;
    else {
      const u = new URL(first);
      u.searchParams.set('offset', String(offset));
      url = u.toString();
    }
  }
  return { pages: page, newest, total: firstTotal };
}

/** Reads the roster from a OneRoster 1.2 REST service into a RosterBundle (bulk, or delta with `since`). */
export async function fetchRosterRest(
  settings: RestSourceSettings,
  creds: RestCredentials,
  options: RestFetchOptions = {},
): Promise<RestFetchResult> {
  const p: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const base = trimSlash(settings.baseUrl);
  const tokens = new TokenHolder(settings.tokenUrl, creds, settings.scope ?? ONEROSTER_SCOPES, p);
  const endpoints = options.endpoints
    ? REST_ENDPOINTS.filter((e) => options.endpoints?.includes(e.path))
    : REST_ENDPOINTS;
  const out = new Map<RosterFileName, RosterRecord[]>();
  const pages: Record<string, number> = {};
  const totals: Record<string, number | null> = {};
  let newest = 0;
  for (const e of endpoints) {
    const r = await readEndpoint(
      base,
      e,
      tokens,
      {
        pageSize: settings.pageSize ?? 500,
        p,
        ...(options.since ? { since: options.since } : {}),
        ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}),
      },
      out,
    );
    pages[e.path] = r.pages;
    totals[e.path] = r.total;
    newest = Math.max(newest, r.newest);
  }
  const bundle: RosterBundle = {
    source: base,
    version: '1.2',
    mode: options.since ? 'delta' : 'bulk',
    files: Object.fromEntries(out),
  };
  return {
    bundle,
    pages,
    totals,
    tokens: tokens.fetched,
    newestModified: newest > 0 ? new Date(newest) : null,
  };
}
