import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../../src-main/workstation/bridge/http';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { makeCore, PASSWORD, startDistrict, tempDir, type District } from './support';

/** The loopback bridge over real HTTP: token, Host and Origin checks, payload validation, static UI, happy paths. */

let d: District;
let core: WorkstationCore;
let bridge: Bridge;
const tmp = tempDir('wc-bridge-');
const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuv';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { ok: boolean; result?: unknown; error?: { code: string; message: string; field?: string } };
}

function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        method,
        path,
        headers: { host: `127.0.0.1:${bridge.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text,
            json: () => JSON.parse(text) as ReturnType<Answer['json']>,
          });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const ipc = (method: string, args: unknown, headers: Record<string, string> = {}) =>
  raw(
    'POST',
    `/api/ipc/${method}`,
    { 'content-type': 'application/json', 'x-white-cross-token': TOKEN, ...headers },
    JSON.stringify(args),
  );

beforeAll(async () => {
  d = await startDistrict();
  const ui = join(tmp.dir, 'ui');
  mkdirSync(join(ui, 'assets'), { recursive: true });
  writeFileSync(
    join(ui, 'index.html'),
    '<!doctype html><title>White Cross</title><script src="/assets/app.js"></script>',
  );
  writeFileSync(join(ui, 'assets', 'app.js'), 'console.log("ui")');
  core = await makeCore(join(tmp.dir, 'data'));
  bridge = await startBridge({ core, port: 0, token: TOKEN, staticDir: ui });
}, 120_000);

afterAll(async () => {
  await bridge?.close();
  await core?.close();
  await d?.close();
  tmp.dispose();
});

describe('the bridge refuses', () => {
  it('a call without the token or with a wrong one (401)', async () => {
    const none = await raw('POST', '/api/ipc/app.status', { 'content-type': 'application/json' }, '{}');
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await ipc('app.status', {}, { 'x-white-cross-token': `${TOKEN.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
  });

  it('another Host (DNS rebinding) and a cross-origin caller', async () => {
    const host = await ipc('app.status', {}, { host: `evil.example:${bridge.port}` });
    expect(host.status).toBe(421);
    expect(host.json().error?.code).toBe('FORBIDDEN');
    const page = await raw('GET', '/', { host: 'evil.example' });
    expect(page.status).toBe(421);
    const origin = await ipc('app.status', {}, { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    const local = await ipc(
      'app.status',
      {},
      { host: `localhost:${bridge.port}`, origin: `http://localhost:${bridge.port}` },
    );
    expect(local.status).toBe(200);
    expect(local.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a form post, bad JSON, an unknown method, GET on the API', async () => {
    expect((await ipc('app.status', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    const bad = await raw(
      'POST',
      '/api/ipc/app.status',
      { 'content-type': 'application/json', 'x-white-cross-token': TOKEN },
      '{nope',
    );
    expect(bad.status).toBe(400);
    const unknown = await ipc('app.dropTables', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json().error?.code).toBe('UNKNOWN_METHOD');
    expect((await raw('GET', '/api/ipc/app.status', { 'x-white-cross-token': TOKEN })).status).toBe(405);
  });

  it('a bad payload with 400 and the field', async () => {
    const r = await ipc('app.enroll', {
      serverUrl: 'ftp://x',
      enrollmentCode: 'abc',
      email: 'nurse@example.org',
      password: 'x',
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'serverUrl' } });
    const e = await ipc('app.enroll', {
      serverUrl: d.url,
      enrollmentCode: 'abc',
      email: 'not an email',
      password: 'x',
    });
    expect(e.json().error).toMatchObject({ code: 'VALIDATION', field: 'email' });
    const extra = await ipc('app.status', { sneaky: true });
    expect(extra.json().error).toMatchObject({ code: 'VALIDATION' });
  });

  it('records before enrollment and sign-in (403)', async () => {
    const r = await ipc('students.search', { query: 'ana' });
    expect(r.status).toBe(403);
    expect(r.json().error?.code).toBe('NOT_ENROLLED');
  });
});

describe('the bridge answers', () => {
  it('app.status, enrollment, search and a field error from the core', async () => {
    const s = await ipc('app.status', {});
    expect(s.status).toBe(200);
    expect(s.headers['cache-control']).toBe('no-store');
    expect(s.json()).toMatchObject({
      ok: true,
      result: { enrolled: false, signedIn: false, mode: 'browser' },
    });
    const enrolled = await ipc('app.enroll', {
      serverUrl: d.url,
      enrollmentCode: await d.enrollmentCode(),
      email: d.nurse.email,
      password: PASSWORD,
    });
    expect(enrolled.json()).toEqual({ ok: true, result: { ok: true } });
    await ipc('sync.now', {});
    const hits = await ipc('students.search', { query: 'jonatan smiht', limit: 3 });
    expect(hits.status).toBe(200);
    expect((hits.json().result as { name: string }[])[0]?.name).toBe('Jonathan Smith');
    const empty = await ipc('students.search', { query: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.json().error).toMatchObject({ code: 'VALIDATION', field: 'query' });
    const vitals = await ipc('clinicVisits.create', {
      studentId: d.students.ana,
      arrivedAt: new Date().toISOString(),
      reasonText: 'Dizzy',
      triage: 'ROUTINE',
      complaint: 'Dizzy',
      vitals: { heartRate: 12 },
    });
    expect(vitals.status).toBe(400);
    expect(vitals.json().error).toMatchObject({ code: 'VALIDATION', field: 'vitals.heartRate' });
    const allergy = await ipc('clinicVisits.create', {
      studentId: d.students.ana,
      arrivedAt: new Date(Date.now() - 60_000).toISOString(),
      reasonText: 'Ear pain',
      triage: 'ROUTINE',
      complaint: 'Ear pain',
      medications: [
        {
          medicationId: d.meds.amoxicillin,
          studentMedicationId: d.orders.anaAmoxicillin,
          dose: '250 mg',
          route: 'oral',
          givenAt: new Date().toISOString(),
        },
      ],
    });
    expect(allergy.status).toBe(400);
    expect(allergy.json().error).toMatchObject({
      code: 'SAFETY_OVERRIDE_REQUIRED',
      field: 'medications.0.safetyOverride.reason',
    });
  });

  it('the UI with the workstation CSP, and nothing outside it', async () => {
    const page = await raw('GET', '/', {});
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<title>White Cross<\/title>/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const js = await raw('GET', '/assets/app.js', {});
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await raw('GET', '/assets/missing.js', {})).status).toBe(404);
    expect((await raw('GET', '/..%2f..%2f..%2fetc%2fpasswd', {})).status).toBe(404);
    const route = await raw('GET', '/students/123', {});
    expect(route.status).toBe(200); // client-side route: the app
    expect(bridge.launchUrl).toBe(`http://127.0.0.1:${bridge.port}/#token=${TOKEN}`);
  });
});
