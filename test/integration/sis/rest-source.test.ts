import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchRosterRest } from '../../../server-sync/sis/sources/rest';
import { OneRosterServer, sampleDistrict } from '../../support/oneroster-rest-server';

const MODIFIED = '2026-09-01T10:00:00.000Z';

describe('OneRoster 1.2 REST client against a loopback rostering service', () => {
  let server: OneRosterServer;
  const sleeps: number[] = [];
  const retry = {
    backoffMs: 5,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
    },
  };
  const settings = () => ({ baseUrl: server.baseUrl, tokenUrl: server.tokenUrl, pageSize: 7 });
  const creds = () => ({ clientId: server.clientId, clientSecret: server.clientSecret });

  beforeEach(async () => {
    sleeps.length = 0;
    server = new OneRosterServer();
    sampleDistrict(server, { schools: 2, students: 20 }, MODIFIED);
    await server.start();
  });
  afterEach(async () => server.stop());

  it('reads every endpoint page by page (Link rel="next") into a bulk bundle with the CSV column names', async () => {
    const r = await fetchRosterRest(settings(), creds(), { retry });
    const f = r.bundle.files;
    expect(r.bundle).toMatchObject({ version: '1.2', mode: 'bulk', source: server.baseUrl });
    expect(f.orgs).toHaveLength(3);
    expect(f.users).toHaveLength(30); // 20 students, 10 guardians
    expect(f.roles).toHaveLength(30);
    expect(f.enrollments).toHaveLength(20);
    expect(f.classes).toHaveLength(20);
    expect(f.demographics).toHaveLength(20);
    expect(f.academicSessions).toHaveLength(1);
    expect(r.pages['/users']).toBe(5); // 30 users, 7 a page
    expect(r.tokens).toBe(1);
    expect(r.newestModified?.toISOString()).toBe(MODIFIED);
    // positions in the paged result, 1-based
    expect(f.users?.map((u) => u.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const school = f.orgs?.find((o) => o.fields.sourcedId === 'sch-2');
    expect(school?.fields).toMatchObject({ type: 'school', identifier: 'SC2', parentSourcedId: 'dist-1' });
    const student = f.users?.find((u) => u.fields.sourcedId === 'stu-2');
    expect(student?.fields).toMatchObject({
      givenName: 'Given2',
      familyName: 'Family2',
      identifier: '1002',
      userIds: '{SIS:1002}',
      agentSourcedIds: 'par-2',
      grades: '05',
      enabledUser: 'true',
      primaryOrgSourcedId: 'sch-2',
      'metadata.ext.lunch': 'free',
    });
    const guardian = f.users?.find((u) => u.fields.sourcedId === 'par-2');
    expect(guardian?.fields.agentSourcedIds).toBe('stu-2');
    expect(f.roles?.find((x) => x.fields.userSourcedId === 'par-2')?.fields).toMatchObject({
      role: 'guardian',
      roleType: 'primary',
      orgSourcedId: 'sch-2',
    });
    expect(f.enrollments?.[0]?.fields).toMatchObject({
      classSourcedId: 'cls-1',
      schoolSourcedId: 'sch-1',
      userSourcedId: 'stu-1',
      role: 'student',
      primary: 'true',
    });
    expect(f.classes?.[0]?.fields).toMatchObject({ termSourcedIds: 'term-1', courseSourcedId: 'crs-1' });
    expect(f.demographics?.[1]?.fields).toMatchObject({
      sex: 'male',
      white: 'true',
      hispanicOrLatinoEthnicity: 'false',
    });
    const asked = server.log.filter((l) => l.path.endsWith('/users'));
    expect(asked.map((l) => l.query.offset)).toEqual(['0', '7', '14', '21', '28']);
  });

  it('pages by X-Total-Count when there is no Link header, and by a short page when there is neither', async () => {
    for (const o of [{ linkHeaders: false }, { linkHeaders: false, totalCount: false }]) {
      const s = new OneRosterServer(o);
      sampleDistrict(s, { schools: 1, students: 14 }, MODIFIED);
      await s.start();
      try {
        const r = await fetchRosterRest(
          { baseUrl: s.baseUrl, tokenUrl: s.tokenUrl, pageSize: 7 },
          {
            clientId: s.clientId,
            clientSecret: s.clientSecret,
          },
        );
        expect(r.bundle.files.enrollments).toHaveLength(14);
        expect(r.bundle.files.users).toHaveLength(21);
      } finally {
        await s.stop();
      }
    }
  });

  it('a delta sync asks only for records changed since the last one', async () => {
    const later = '2026-10-05T08:00:00.000Z';
    const changed = server.data.users.find((u) => u.sourcedId === 'stu-3');
    if (!changed) throw new Error('fixture');
    changed.dateLastModified = later;
    changed.status = 'tobedeleted';
    const r = await fetchRosterRest(settings(), creds(), { since: new Date(MODIFIED), retry });
    expect(r.bundle.mode).toBe('delta');
    expect(r.bundle.files.users?.map((u) => [u.fields.sourcedId, u.fields.status])).toEqual([
      ['stu-3', 'tobedeleted'],
    ]);
    expect(r.bundle.files.orgs ?? []).toHaveLength(0);
    expect(r.newestModified?.toISOString()).toBe(later);
    const filters = new Set(server.log.filter((l) => l.path.includes('/v1p2/')).map((l) => l.query.filter));
    expect([...filters]).toEqual([`dateLastModified>'${MODIFIED}'`]);
  });

  it('401 after a token expired mid-sync: one new token, then every page', async () => {
    // expire the token as soon as the client has read the first page of /classes
    const client = fetchRosterRest(settings(), creds(), {
      retry: {
        ...retry,
        sleep: () => Promise.resolve(),
      },
    });
    const poll = setInterval(() => {
      if (
        server.log.some((l) => l.path.endsWith('/classes') && l.status === 200) &&
        server.tokensIssued === 1
      )
        server.expireTokens();
    }, 1);
    try {
      const r = await client;
      expect(r.bundle.files.classes).toHaveLength(20);
      expect(r.tokens).toBe(2);
      expect(server.log.filter((l) => l.status === 401)).toHaveLength(1);
    } finally {
      clearInterval(poll);
    }
  });

  it('a client the token endpoint refuses fails naming the endpoint and the error', async () => {
    await expect(
      fetchRosterRest(settings(), { clientId: server.clientId, clientSecret: 'wrong' }, { retry }),
    ).rejects.toThrow(/token endpoint .*\/oauth\/token: HTTP 401 \(invalid_client\)/);
  });

  it('429 with Retry-After is honoured, in seconds and as an HTTP date', async () => {
    server.rateLimit('users', '2', 1);
    const r = await fetchRosterRest(settings(), creds(), { retry });
    expect(r.bundle.files.users).toHaveLength(30);
    expect(sleeps).toContain(2000);
    expect(server.log.filter((l) => l.status === 429)).toHaveLength(1);

    sleeps.length = 0;
    const now = new Date('2026-10-01T12:00:00Z');
    server.rateLimit('orgs', new Date(now.getTime() + 3000).toUTCString(), 1);
    await fetchRosterRest(settings(), creds(), { retry: { ...retry, now: () => now }, endpoints: ['/orgs'] });
    expect(sleeps).toEqual([3000]);
  });

  it('a Retry-After longer than the limit fails the sync instead of hanging', async () => {
    server.rateLimit('orgs', '3600', 1);
    await expect(fetchRosterRest(settings(), creds(), { retry, endpoints: ['/orgs'] })).rejects.toThrow(
      /\/orgs page 1 \(offset 0\): HTTP 429 with Retry-After 3600 s/,
    );
  });

  it('a 500 mid-page is retried with back-off and the sync completes', async () => {
    server.failPage('users', 14, 2);
    const r = await fetchRosterRest(settings(), creds(), { retry });
    expect(r.bundle.files.users).toHaveLength(30);
    expect(sleeps).toEqual([5, 10]);
  });

  it('a page that keeps failing fails the whole sync clearly: no half bundle', async () => {
    server.failPage('enrollments', 7, Infinity);
    await expect(fetchRosterRest(settings(), creds(), { retry })).rejects.toThrow(
      '/enrollments page 2 (offset 7): HTTP 500 after 4 attempts, giving up (nothing was applied)',
    );
    expect(sleeps).toEqual([5, 10, 20]);
  });

  it('a record that does not fit the spec fails naming the endpoint, page, record and field', async () => {
    const bad = server.data.users[9];
    if (!bad) throw new Error('fixture');
    delete bad.familyName;
    await expect(fetchRosterRest(settings(), creds(), { retry })).rejects.toThrow(
      `/users page 2 (offset 7), users[2] (sourcedId ${bad.sourcedId}): field familyName:`,
    );
    const enr = server.data.enrollments[0];
    if (!enr) throw new Error('fixture');
    enr.user = { sourcedId: '' };
    await expect(
      fetchRosterRest(settings(), creds(), { retry, endpoints: ['/enrollments'] }),
    ).rejects.toThrow(
      '/enrollments page 1 (offset 0), enrollments[0] (sourcedId enr-1): field user.sourcedId:',
    );
  });

  it('a second 401 with a new token fails the sync (access revoked), without a loop', async () => {
    server.refuseTokens();
    await expect(fetchRosterRest(settings(), creds(), { retry })).rejects.toThrow(
      '/orgs page 1 (offset 0): HTTP 401 again with a new token (the client is refused)',
    );
    expect(server.tokensIssued).toBe(2);
  });

  it('a Link header pointing at another server is refused', async () => {
    const s = new OneRosterServer({ linkOrigin: 'http://203.0.113.9:8080' });
    sampleDistrict(s, { schools: 1, students: 10 }, MODIFIED);
    await s.start();
    try {
      await expect(
        fetchRosterRest(
          { baseUrl: s.baseUrl, tokenUrl: s.tokenUrl, pageSize: 5 },
          {
            clientId: s.clientId,
            clientSecret: s.clientSecret,
          },
        ),
      ).rejects.toThrow('the Link header points to another server (http://203.0.113.9:8080), refused');
    } finally {
      await s.stop();
    }
  });
});
