import { createServer, connect, type Server, type Socket } from 'node:net';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { StatusBar } from '../../../src-renderer/sync/StatusBar';
import { enrollAndSync, makeCore, startDistrict, tempDir, type District } from './support';

/**
 * Going offline is noticed at once: with the district server frozen (the connection is accepted, nothing is ever
 * answered), the footer says "Offline" within 10 seconds, and the workstation's other calls answer meanwhile. The
 * workstation talks to the real district server through a loopback TCP relay that the test can freeze.
 */

/** A TCP relay to `target`; freeze() keeps every connection (old and new) open and never answers again. */
async function freezableRelay(target: string): Promise<{
  url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}> {
  const { hostname, port } = new URL(target);
  let frozen = false;
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();
  const server: Server = createServer((client) => {
    const pair: { client: Socket; upstream: Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (frozen) return; // accepted, never answered
    const upstream = connect(Number(port), hostname);
    pair.upstream = upstream;
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const relayPort = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${relayPort}`,
    freeze: () => {
      frozen = true;
      // the connections kept alive go silent too: nothing more is relayed either way
      for (const p of pairs) {
        if (!p.upstream) continue;
        p.client.unpipe(p.upstream);
        p.upstream.unpipe(p.client);
        p.upstream.destroy();
        p.upstream = null;
        p.client.resume(); // read and drop what the workstation sends
      }
    },
    thaw: () => {
      frozen = false;
      for (const p of pairs) p.client.destroy();
    },
    close: async () => {
      for (const p of pairs) p.client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let d: District;
let relay: Awaited<ReturnType<typeof freezableRelay>>;
let core: WorkstationCore;
const tmp = tempDir('wc-offline-');

beforeAll(async () => {
  d = await startDistrict();
  relay = await freezableRelay(d.url);
  // the production retry policy of the sync service (three attempts), not the tests' single attempt
  core = await makeCore(tmp.dir, { syncRetry: {} });
  await enrollAndSync(core, { ...d, url: relay.url });
}, 120_000);

afterAll(async () => {
  await core?.close();
  await relay?.close();
  await d?.close();
  tmp.dispose();
});

const footer = (sync: Awaited<ReturnType<WorkstationCore['call']>>) =>
  renderToStaticMarkup(
    createElement(StatusBar, {
      sync: sync as never,
      error: undefined,
      appOnline: true,
      onSync: () => undefined,
    }),
  );

describe('a frozen district server', () => {
  it('shows "Offline" within 10 seconds while the other calls keep answering', async () => {
    const online = await core.call('sync.status', {});
    expect(online.online).toBe(true);
    expect(footer(online)).toContain('Online');

    // a change to send, then the server freezes
    await core.call('clinicVisits.create', {
      studentId: d.students.ana!,
      arrivedAt: new Date(Date.now() - 60_000).toISOString(),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Headache',
    });
    relay.freeze();
    const frozenAt = Date.now();
    const sync = core.call('sync.now', {});

    // the sync request is stuck on the frozen server; the workstation answers everything else meanwhile
    await expect
      .poll(async () => (await core.call('sync.status', {})).running, { timeout: 5_000 })
      .toBe(true);
    const [today, status, search] = await Promise.all([
      core.call('today.get', {}),
      core.call('app.status', {}),
      core.call('students.search', { query: 'ana' }),
    ]);
    expect(today.queue.length).toBeGreaterThan(0);
    expect(status.signedIn).toBe(true);
    expect(search.length).toBeGreaterThan(0);
    expect((await core.call('sync.status', {})).running).toBe(true);

    // offline within 10 s of the freeze (a deadline on the behaviour, not a speed measurement)
    await expect
      .poll(async () => (await core.call('sync.status', {})).online, {
        timeout: Math.max(0, frozenAt + 10_000 - Date.now()),
        interval: 250,
      })
      .toBe(false);
    const offline = await core.call('sync.status', {});
    expect((await core.call('app.status', {})).connection).toBe('offline');
    const bar = footer(offline);
    expect(bar).toContain('Offline');
    expect(bar).not.toContain('Online');

    // the run ends as offline, the change still waiting
    const done = await sync;
    expect(done).toMatchObject({ online: false, running: false });
    expect(done.waiting).toBeGreaterThan(0);
    expect(done.lastError).toMatch(/offline: .*did not answer/);

    // the server comes back: the next run sends the change
    relay.thaw();
    const back = await core.call('sync.now', {});
    expect(back).toMatchObject({ online: true, waiting: 0 });
    expect(back.lastError).toBeUndefined();
  });

  it('closes at once with a request stuck on a frozen server', async () => {
    relay.freeze();
    try {
      void core.call('sync.now', {});
      await expect
        .poll(async () => (await core.call('sync.status', {})).running, { timeout: 5_000 })
        .toBe(true);
      // close aborts the stuck request instead of waiting for it
      await core.close();
      expect(core.internals.context()).toBeNull();
    } finally {
      relay.thaw();
    }
    // before: close waited for the stuck request's timeouts and retries (about 90 s)
  }, 20_000);
});
