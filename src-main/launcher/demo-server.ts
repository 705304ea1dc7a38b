import { join } from 'node:path';
import { DEMO_EVENT_PREFIX, parseDemoEvent, type DemoEvent } from '../../src-shared/demo/protocol';
import { startChild, type Child, type Exit } from './child';

/**
 * The demo district server of `npm start` (server-sync/demo/serve.ts) as a child process of the launcher, and what
 * the launcher does when it goes away on its own: the workstation keeps running (offline: the nurse goes on
 * recording care, kept in its outbox), and the server is started again on the same port (the workstation is
 * enrolled to that URL), after 1, 2, 4... seconds, a limited number of tries, saying each step.
 */

export const DEMO_SERVER_NAME = 'demo district';

export const describeExit = (e: Exit): string =>
  e.killed ? 'killed' : e.signal ? `ended by ${e.signal}` : `exit code ${String(e.code)}`;

const demoEvent = (line: string): DemoEvent | null => {
  try {
    return parseDemoEvent(line);
  } catch (e) {
    process.stderr.write(`[${DEMO_SERVER_NAME}] ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
};

export interface DemoServerOptions {
  readonly repo: string;
  /** the demo district's data folder (PGlite in <dir>/server) */
  readonly dir: string;
  readonly port: number;
  /** first run: seed the district and issue an enrollment code; the demo nurse's password goes to stdin */
  readonly setup?: { readonly students: number; readonly nursePassword: string };
}

export function spawnDemoServer(o: DemoServerOptions): Child {
  return startChild({
    name: DEMO_SERVER_NAME,
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(o.repo, 'server-sync', 'demo', 'serve.ts'),
      '--data-dir',
      o.dir,
      '--port',
      String(o.port),
      '--parent-pid',
      String(process.pid),
      ...(o.setup ? ['--setup', '--students', String(o.setup.students)] : []),
    ],
    cwd: o.repo,
    env: process.env,
    ...(o.setup ? { stdin: `${o.setup.nursePassword}\n` } : {}),
    hideStdout: (line) => line.startsWith(DEMO_EVENT_PREFIX),
  });
}

/** Resolves with the server's URL once it listens; rejects when it exits first. */
export const demoListening = (c: Child): Promise<string> =>
  c.waitFor((line) => {
    const e = demoEvent(line);
    return e?.event === 'listening' ? e.url : null;
  });

/** Resolves with the setup event (first run). */
export const demoSetup = (c: Child) =>
  c.waitFor((line) => {
    const e = demoEvent(line);
    return e?.event === 'setup' ? e : null;
  });

export interface RestartPolicy {
  /** tries in a row before giving up */
  readonly tries: number;
  /** wait before the first try; doubled before each next one, up to maxDelayMs */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** a server that ran this long since its last start gets a fresh set of tries when it stops again */
  readonly stableMs: number;
}

export const DEMO_RESTART: RestartPolicy = Object.freeze({
  tries: 5,
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
  stableMs: 60_000,
});

export interface Supervision {
  /** Cancels a pending restart (the launcher is stopping). */
  cancel(): void;
  /** Settles when supervision ends: stopping, or given up. */
  readonly done: Promise<'stopped' | 'gave up'>;
}

/**
 * Watches `first` (already listening); when it exits while `stopping()` is false, says so and starts `start()`
 * again until one listens, with the policy's backoff and limit. `replaced` keeps the caller's list of children
 * current (so Ctrl+C stops the server that runs now).
 */
export function superviseDemoServer(o: {
  readonly first: Child;
  readonly start: () => Child;
  readonly listening: (c: Child) => Promise<string>;
  readonly replaced: (old: Child, next: Child) => void;
  readonly stopping: () => boolean;
  readonly say: (line: string) => void;
  readonly policy?: RestartPolicy;
}): Supervision {
  const policy = o.policy ?? DEMO_RESTART;
  let cancelled = false;
  let wake: (() => void) | null = null;
  const over = () => cancelled || o.stopping();
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });

  const run = async (): Promise<'stopped' | 'gave up'> => {
    let current = o.first;
    let startedAt = Date.now();
    let failures = 0;
    for (;;) {
      const exit = await current.exited;
      if (over()) return 'stopped';
      if (Date.now() - startedAt >= policy.stableMs) failures = 0;
      o.say(
        `the demo district server stopped (${describeExit(exit)}). The app keeps running offline: ` +
          'nurses keep working, and their changes are sent when the server is back.',
      );
      for (;;) {
        if (failures >= policy.tries) {
          o.say(
            `the demo district server did not come back after ${policy.tries} tries; the app keeps working offline. ` +
              'To try again, stop White Cross (Ctrl+C) and run npm start.',
          );
          return 'gave up';
        }
        failures++;
        const delay = Math.min(policy.firstDelayMs * 2 ** (failures - 1), policy.maxDelayMs);
        o.say(
          `starting the demo district server again in ${delay >= 1000 ? `${Math.round(delay / 1000)} s` : `${delay} ms`} (try ${failures} of ${policy.tries})...`,
        );
        await sleep(delay);
        if (over()) return 'stopped';
        const next = o.start();
        o.replaced(current, next);
        current = next;
        startedAt = Date.now();
        try {
          const url = await o.listening(next);
          o.say(`the demo district server is back at ${url}; the app syncs with it again.`);
          break;
        } catch {
          if (over()) return 'stopped';
          o.say(`the demo district server did not start (${describeExit(await next.exited)}).`);
        }
      }
    }
  };
  return {
    cancel: () => {
      cancelled = true;
      wake?.();
    },
    done: run(),
  };
}
