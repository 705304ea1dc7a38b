import type { WorkstationContext } from '../context';
import { alertChecker, type AlertSources, type CheckReport } from './monitor';
import { createAlertStream, type AlertStream, type AlertStreamEvent } from './stream';

/**
 * What runs for alerts while a nurse is signed in (feature 26): the periodic checks (./monitor.ts, every minute by
 * default; a locked screen does not stop them: a dose is missed all the same), and while the session is unlocked
 * the district server's alert stream (./stream.ts), whose every event pulls (a sync run) so the instance arrives;
 * the UI sees it on its next alerts.summary poll (the revision changes). update() follows the session: call it
 * whenever the session starts, locks, unlocks or ends.
 */

export interface AlertsRuntimeOptions {
  /** The open records while a nurse is signed in (locked or not), else null. */
  readonly active: () => {
    readonly ctx: WorkstationContext;
    readonly serverUrl: string;
    readonly pull: () => Promise<unknown>;
    /** the session is unlocked: the stream runs only then */
    readonly unlocked: boolean;
  } | null;
  readonly accessToken: () => Promise<string>;
  readonly refresh: () => Promise<void>;
  readonly sources: AlertSources;
  /** Between checks (0: no timer; internals.runAlertChecks runs them). */
  readonly checkIntervalMs: number;
  /** Connect to the server's alert stream (default true). */
  readonly stream?: boolean;
  readonly streamBackoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly fetch?: typeof fetch;
  readonly log: (line: string) => void;
}

export interface AlertsRuntime {
  update(): void;
  /** Runs the checks now (all of them), on the open records. */
  runChecks(): CheckReport | null;
  /** Whether the stream is connected (status and tests). */
  streamConnected(): boolean;
  /** Events received from the stream since launch. */
  streamEvents(): number;
  close(): Promise<void>;
}

export function createAlertsRuntime(o: AlertsRuntimeOptions): AlertsRuntime {
  const checker = alertChecker(o.sources);
  let timer: ReturnType<typeof setInterval> | null = null;
  let stream: { url: string; s: AlertStream } | null = null;
  let events = 0;
  const watched = new WeakSet<WorkstationContext>();
  let pulling: Promise<void> | null = null;
  let again = false;

  const check = (force: boolean): CheckReport | null => {
    const a = o.active();
    return a ? checker.run(a.ctx, { force }) : null;
  };

  /** One pull at a time; an event during a pull pulls once more after it (the row may be newer than the run). */
  const pull = (): void => {
    if (pulling) {
      again = true;
      return;
    }
    pulling = (async () => {
      do {
        again = false;
        const a = o.active();
        if (!a?.unlocked) break;
        await a.pull();
      } while (again);
    })()
      .catch((e: unknown) => o.log(`alert pull failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        pulling = null;
      });
  };

  const stopStream = () => {
    stream?.s.stop();
    stream = null;
  };

  return {
    update() {
      const a = o.active();
      if (!a) {
        if (timer) clearInterval(timer);
        timer = null;
        stopStream();
        return;
      }
      // rows just pulled (the first sync brings the definitions, orders, schedules and doses): check them all again
      if (o.checkIntervalMs > 0 && !watched.has(a.ctx)) {
        watched.add(a.ctx);
        a.ctx.onInvalidate(() => {
          const t = setTimeout(() => {
            if (timer) check(true);
          }, 0);
          t.unref?.();
        });
      }
      if (!timer && o.checkIntervalMs > 0) {
        timer = setInterval(() => void check(false), o.checkIntervalMs);
        timer.unref?.();
        check(false);
      }
      if (o.stream === false) return;
      if (!a.unlocked || (stream && stream.url !== a.serverUrl)) stopStream();
      if (!a.unlocked) return;
      if (!stream) {
        const s = createAlertStream({
          serverUrl: a.serverUrl,
          accessToken: o.accessToken,
          refresh: o.refresh,
          onAlert: (e: AlertStreamEvent) => {
            events++;
            o.log(`alert ${e.code} (${e.id}) from the district server: pulling`);
            pull();
          },
          ...(o.fetch ? { fetch: o.fetch } : {}),
          ...(o.streamBackoff ? { backoff: o.streamBackoff } : {}),
          log: o.log,
        });
        stream = { url: a.serverUrl, s };
        s.start();
      }
    },
    runChecks: () => check(true),
    streamConnected: () => stream?.s.connected() ?? false,
    streamEvents: () => events,
    close: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      const s = stream?.s;
      stopStream();
      await s?.idle();
      await pulling;
    },
  };
}
