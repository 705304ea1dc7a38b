import { describe, expect, it } from 'vitest';
import { startChild, type Child } from '../../../src-main/launcher/child';
import { demoListening, superviseDemoServer } from '../../../src-main/launcher/demo-server';
import { DEMO_EVENT_PREFIX, formatDemoEvent } from '../../../src-shared/demo/protocol';

/**
 * The launcher's restart of a demo server that stopped on its own (src-main/launcher/demo-server.ts), with real
 * processes standing in for the server: one that says it listens and then exits, one that fails at start. Backoff,
 * the limit on tries, what it says, and that a stop cancels a pending restart.
 */

const listeningLine = formatDemoEvent({ event: 'listening', url: 'http://127.0.0.1:1' }).trim();
expect(listeningLine.startsWith(DEMO_EVENT_PREFIX)).toBe(true);

/** A process that prints the listening event, then exits with `code` after `ms`. */
const server = (ms: number, code = 1): Child =>
  startChild({
    name: 'stand-in',
    command: process.execPath,
    args: [
      '-e',
      `console.log(${JSON.stringify(listeningLine)}); setTimeout(() => process.exit(${code}), ${ms})`,
    ],
    cwd: process.cwd(),
    env: process.env,
    hideStdout: () => true,
  });
/** A process that fails before it listens. */
const failing = (): Child =>
  startChild({
    name: 'stand-in',
    command: process.execPath,
    args: ['-e', 'process.exit(3)'],
    cwd: process.cwd(),
    env: process.env,
    hideStdout: () => true,
  });

const policy = { tries: 3, firstDelayMs: 20, maxDelayMs: 50, stableMs: 60_000 };

describe('restarting the demo server', () => {
  it('starts it again after it stops, and says so', async () => {
    const said: string[] = [];
    const first = server(50);
    let starts = 0;
    let stopping = false;
    const s = superviseDemoServer({
      first,
      start: () => {
        starts++;
        return server(60_000, 0);
      },
      listening: demoListening,
      replaced: () => undefined,
      stopping: () => stopping,
      say: (l) => said.push(l),
      policy,
    });
    await demoListening(first);
    for (let i = 0; i < 100 && !said.some((l) => l.includes('server is back at')); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(starts, said.join('\n')).toBe(1);
    expect(said[0]).toMatch(
      /^the demo district server stopped \(exit code 1\)\. The app keeps running offline/,
    );
    expect(said[1]).toBe('starting the demo district server again in 20 ms (try 1 of 3)...');
    expect(said[2], JSON.stringify(said)).toBe(
      'the demo district server is back at http://127.0.0.1:1; the app syncs with it again.',
    );
    stopping = true;
    s.cancel();
  });

  it('backs off, gives up after the limit and says how to try again', async () => {
    const said: string[] = [];
    const first = server(10);
    const started: Child[] = [];
    const replaced: [Child, Child][] = [];
    const s = superviseDemoServer({
      first,
      start: () => {
        const c = failing();
        started.push(c);
        return c;
      },
      listening: demoListening,
      replaced: (a, b) => replaced.push([a, b]),
      stopping: () => false,
      say: (l) => said.push(l),
      policy,
    });
    expect(await s.done).toBe('gave up');
    expect(started).toHaveLength(3);
    expect(replaced.map(([a]) => a)).toEqual([first, started[0], started[1]]);
    expect(said.filter((l) => l.startsWith('starting the demo district server again'))).toEqual([
      'starting the demo district server again in 20 ms (try 1 of 3)...',
      'starting the demo district server again in 40 ms (try 2 of 3)...',
      'starting the demo district server again in 50 ms (try 3 of 3)...',
    ]);
    expect(said.filter((l) => l.includes('did not start (exit code 3)'))).toHaveLength(3);
    expect(said.at(-1)).toMatch(
      /did not come back after 3 tries; the app keeps working offline\. To try again, stop White Cross \(Ctrl\+C\) and run npm start\./,
    );
  });

  it('starts nothing once the launcher is stopping (Ctrl+C during the wait)', async () => {
    const said: string[] = [];
    const first = server(10);
    let starts = 0;
    let stopping = false;
    const s = superviseDemoServer({
      first,
      start: () => {
        starts++;
        return failing();
      },
      listening: demoListening,
      replaced: () => undefined,
      stopping: () => stopping,
      say: (l) => said.push(l),
      policy: { ...policy, firstDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    for (let i = 0; i < 100 && said.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(said[1]).toMatch(/again in 5 s \(try 1 of 3\)/);
    stopping = true;
    s.cancel();
    expect(await s.done).toBe('stopped');
    expect(starts).toBe(0);
  });
});
