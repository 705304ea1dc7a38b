import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A OneRoster 1.2 REST rostering service on loopback, for tests: the real paths
 * (/ims/oneroster/rostering/v1p2/orgs ...), JSON envelopes ({"orgs":[...]}), an OAuth 2.0 client-credentials token
 * endpoint (HTTP Basic client authentication, form body), paging by limit/offset with X-Total-Count and a Link
 * header (rel="next"), and `filter=dateLastModified>'…'`. It can be told to expire every token (the next call gets
 * 401), to answer 429 with Retry-After, and to fail with 500 on a given page.
 */

export const ROSTERING_PATH = '/ims/oneroster/rostering/v1p2';
const COLLECTIONS = ['orgs', 'academicSessions', 'users', 'classes', 'enrollments', 'demographics'] as const;
export type Collection = (typeof COLLECTIONS)[number];
type Obj = Record<string, unknown> & { sourcedId: string; dateLastModified: string };

export interface RequestLogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly status: number;
}

export interface OneRosterServerOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Send a Link header (default true); X-Total-Count is always sent unless `totalCount` is false. */
  readonly linkHeaders?: boolean;
  readonly totalCount?: boolean;
  /** Largest page served whatever the client asks (default 100). */
  readonly maxLimit?: number;
  /** Put this origin in the Link header instead of the server's own (a misconfigured or hostile service). */
  readonly linkOrigin?: string;
}

export class OneRosterServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly data: Record<Collection, Obj[]> = {
    orgs: [],
    academicSessions: [],
    users: [],
    classes: [],
    enrollments: [],
    demographics: [],
  };
  readonly log: RequestLogEntry[] = [];
  private readonly tokens = new Set<string>();
  private pending429: { collection: Collection; retryAfter: string; times: number } | null = null;
  private failures: { collection: Collection; offset: number; times: number }[] = [];
  private refusing = false;
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly o: OneRosterServerOptions = {}) {
    this.clientId = o.clientId ?? 'white-cross';
    this.clientSecret = o.clientSecret ?? 's3cret-client';
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get baseUrl(): string {
    return `${this.origin}${ROSTERING_PATH}`;
  }
  get tokenUrl(): string {
    return `${this.origin}/oauth/token`;
  }
  get tokensIssued(): number {
    return this.log.filter((l) => l.path === '/oauth/token' && l.status === 200).length;
  }

  /** Every token issued so far stops working: the next rostering call gets 401. */
  expireTokens(): void {
    this.tokens.clear();
  }
  /** Every rostering call answers 401 from now on, even with a new token (the client's access was revoked). */
  refuseTokens(): void {
    this.refusing = true;
  }
  /** The next `times` calls to a collection get 429 with this Retry-After (seconds or an HTTP date). */
  rateLimit(collection: Collection, retryAfter: string, times = 1): void {
    this.pending429 = { collection, retryAfter, times };
  }
  /** The page of a collection at `offset` answers 500 `times` times (Infinity: always). */
  failPage(collection: Collection, offset: number, times: number): void {
    this.failures.push({ collection, offset, times });
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const query = Object.fromEntries(url.searchParams);
    const done = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.log.push({ method: req.method ?? '', path: url.pathname, query, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/oauth/token') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
        : [];
      if (req.method !== 'POST' || form.get('grant_type') !== 'client_credentials')
        return done(400, { error: 'unsupported_grant_type' });
      if (id !== this.clientId || secret !== this.clientSecret) return done(401, { error: 'invalid_client' });
      const token = randomBytes(16).toString('hex');
      this.tokens.add(token);
      return done(200, {
        access_token: token,
        token_type: 'bearer',
        expires_in: 3600,
        scope: form.get('scope') ?? '',
      });
    }
    const m = new RegExp(`^${ROSTERING_PATH}/(\\w+)$`).exec(url.pathname);
    const collection = m?.[1] as Collection | undefined;
    if (!collection || !COLLECTIONS.includes(collection)) return done(404, { imsx_codeMajor: 'failure' });
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.tokens.has(token) || this.refusing)
      return done(401, { imsx_codeMajor: 'failure', imsx_description: 'token' });
    if (this.pending429?.collection === collection && this.pending429.times > 0) {
      this.pending429.times -= 1;
      return done(429, { imsx_codeMajor: 'failure' }, { 'retry-after': this.pending429.retryAfter });
    }
    const limit = Math.min(Number(query.limit ?? 100), this.o.maxLimit ?? 100);
    const offset = Number(query.offset ?? 0);
    const failing = this.failures.find(
      (f) => f.collection === collection && f.offset === offset && f.times > 0,
    );
    if (failing) {
      failing.times -= 1;
      return done(500, { imsx_codeMajor: 'failure', imsx_description: 'internal error' });
    }
    let rows = this.data[collection];
    if (query.filter) {
      const f = /^dateLastModified>'([^']+)'$/.exec(query.filter);
      if (!f?.[1]) return done(400, { imsx_codeMajor: 'failure', imsx_description: 'bad filter' });
      const since = Date.parse(f[1]);
      rows = rows.filter((r) => Date.parse(r.dateLastModified) > since);
    }
    const page = rows.slice(offset, offset + limit);
    const headers: Record<string, string> = {};
    if (this.o.totalCount !== false) headers['x-total-count'] = String(rows.length);
    if (this.o.linkHeaders !== false && offset + limit < rows.length) {
      const next = new URL(url.pathname + url.search, this.o.linkOrigin ?? this.origin);
      next.searchParams.set('offset', String(offset + limit));
      next.searchParams.set('limit', String(limit));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return done(200, { [collection]: page }, headers);
  }
}

const ref = (type: string, sourcedId: string) => ({
  href: `${ROSTERING_PATH}/${type}s/${sourcedId}`,
  sourcedId,
  type,
});

/**
 * A small district as the service holds it: `schools` schools, a term, `students` students (one class and enrollment
 * each, demographics, a guardian for every other student), modified at `modified`.
 */
export function sampleDistrict(
  s: OneRosterServer,
  n: { schools: number; students: number },
  modified: string,
): void {
  const base = (sourcedId: string) => ({
    sourcedId,
    status: 'active',
    dateLastModified: modified,
    metadata: {},
  });
  s.data.orgs.push({
    ...base('dist-1'),
    name: 'Test District',
    type: 'district',
    identifier: 'D1',
    parent: null,
  });
  for (let i = 1; i <= n.schools; i += 1)
    s.data.orgs.push({
      ...base(`sch-${i}`),
      name: `School ${i}`,
      type: 'school',
      identifier: `SC${i}`,
      parent: ref('org', 'dist-1'),
    });
  s.data.academicSessions.push({
    ...base('term-1'),
    title: 'Fall 2026',
    type: 'term',
    startDate: '2026-08-20',
    endDate: '2026-12-20',
    parent: null,
    schoolYear: '2027',
  });
  for (let i = 1; i <= n.students; i += 1) {
    const school = `sch-${((i - 1) % n.schools) + 1}`;
    const guardian = i % 2 === 0 ? `par-${i}` : null;
    s.data.users.push({
      ...base(`stu-${i}`),
      metadata: { 'ext.lunch': 'free' },
      enabledUser: true,
      username: `student${i}`,
      userIds: [{ type: 'SIS', identifier: `100${i}` }],
      givenName: `Given${i}`,
      familyName: `Family${i}`,
      middleName: null,
      identifier: `100${i}`,
      email: `student${i}@example.org`,
      roles: [{ roleType: 'primary', role: 'student', org: ref('org', school) }],
      primaryOrg: ref('org', school),
      agents: guardian ? [ref('user', guardian)] : [],
      grades: ['05'],
    });
    if (guardian)
      s.data.users.push({
        ...base(guardian),
        enabledUser: 'true',
        givenName: `Parent${i}`,
        familyName: `Family${i}`,
        phone: '555-0100',
        roles: [{ roleType: 'primary', role: 'guardian', org: ref('org', school) }],
        agents: [ref('user', `stu-${i}`)],
      });
    s.data.classes.push({
      ...base(`cls-${i}`),
      title: `Homeroom ${i}`,
      classType: 'homeroom',
      course: ref('course', 'crs-1'),
      school: ref('org', school),
      terms: [ref('academicSession', 'term-1')],
      grades: ['05'],
    });
    s.data.enrollments.push({
      ...base(`enr-${i}`),
      role: 'student',
      primary: true,
      user: ref('user', `stu-${i}`),
      class: ref('class', `cls-${i}`),
      school: ref('org', school),
      beginDate: '2026-08-20',
    });
    s.data.demographics.push({
      ...base(`stu-${i}`),
      birthDate: '2015-04-0' + String((i % 9) + 1),
      sex: i % 2 ? 'female' : 'male',
      hispanicOrLatinoEthnicity: false,
      white: true,
    });
  }
}
