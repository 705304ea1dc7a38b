import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { AlertPriority, AlertStatus } from '../../../src-shared/enums';

/**
 * The workstation's client of the district server's alert stream (feature 26): GET /alerts/stream, server-sent
 * events, bearer token as the sync uses. Each `event: alert` names an instance the nurse may see that was raised
 * or changed; the caller pulls it (a sync) so the row arrives through the one path every row takes. The server
 * sends a `: ping` comment every 25 s: a connection silent for STREAM_SILENCE_MS is taken as dead and reopened.
 * Reconnects with exponential backoff (a server without the stream, 404, is asked again after the longest delay);
 * stop() ends it (sign-out, lock, close).
 */

/** The data of an `event: alert` (the server's contract; unknown fields are ignored). */
export const AlertStreamEvent = z.object({
  id: z.string().min(1),
  schoolId: z.string().nullable().optional(),
  code: z.string(),
  priority: z.enum(AlertPriority).optional(),
  status: z.enum(AlertStatus).optional(),
  title: z.string().optional(),
});
export type AlertStreamEvent = z.infer<typeof AlertStreamEvent>;

export const ALERT_STREAM_PATH = '/alerts/stream';
export const STREAM_SILENCE_MS = 60_000;

export interface AlertStreamOptions {
  readonly serverUrl: string;
  /** The signed-in nurse's access token (refreshed when about to expire). */
  readonly accessToken: () => Promise<string>;
  /** After a 401: a new access token. */
  readonly refresh: () => Promise<void>;
  readonly onAlert: (e: AlertStreamEvent) => void;
  /** The stream is open (the server answered 200). */
  readonly onOpen?: () => void;
  readonly fetch?: typeof fetch;
  readonly log?: (line: string) => void;
  /** Reconnect delays: initial, doubling up to max (default 1 s to 60 s). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly silenceMs?: number;
}

export interface AlertStream {
  /** Connects (no-op when running). */
  start(): void;
  /** Disconnects; no more reconnects until start(). */
  stop(): void;
  readonly connected: () => boolean;
  /** Resolves when the loop has ended after stop(). */
  idle(): Promise<void>;
}

class StreamHttpError extends Error {
  constructor(readonly status: number) {
    super(`the district server answered ${status} to ${ALERT_STREAM_PATH}`);
  }
}

/** Splits server-sent events (WHATWG HTML, "Server-sent events"): fields per line, an event per blank line. */
export function sseParser(onEvent: (event: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(buffer);
      if (!m) break;
      // a lone \r at the end may be the first half of \r\n: wait for the next chunk
      if (m[0] === '\r' && m.index === buffer.length - 1) break;
      const line = buffer.slice(0, m.index);
      buffer = buffer.slice(m.index + m[0].length);
      if (line === '') {
        if (data.length > 0) onEvent(event || 'message', data.join('\n'));
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  };
}

export function createAlertStream(o: AlertStreamOptions): AlertStream {
  const doFetch = o.fetch ?? globalThis.fetch;
  const base = o.serverUrl.replace(/\/+$/, '');
  const initialMs = o.backoff?.initialMs ?? 1_000;
  const maxMs = o.backoff?.maxMs ?? 60_000;
  const silenceMs = o.silenceMs ?? STREAM_SILENCE_MS;
  const log = o.log ?? (() => undefined);
  let loop: Promise<void> | null = null;
  let aborter: AbortController | null = null;
  let connected = false;

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      t.unref?.();
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  const dispatch = (event: string, data: string) => {
    if (event !== 'alert') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      log(`alert stream: an event that is not JSON was ignored`);
      return;
    }
    const parsed = AlertStreamEvent.safeParse(json);
    if (!parsed.success) {
      log(`alert stream: an event not understood was ignored (${parsed.error.issues[0]?.path.join('.')})`);
      return;
    }
    o.onAlert(parsed.data);
  };

  /** One connection, until the server ends it, it falls silent, or stop(). */
  async function connectOnce(stop: AbortSignal, retried401: boolean): Promise<void> {
    const conn = new AbortController();
    const onStop = () => conn.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    let silence: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      if (silence) clearTimeout(silence);
      silence = setTimeout(() => conn.abort(new Error('the alert stream fell silent')), silenceMs);
      silence.unref?.();
    };
    try {
      const token = await o.accessToken();
      alive();
      const res = await doFetch(`${base}${ALERT_STREAM_PATH}`, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
        signal: conn.signal,
      });
      if (res.status === 401 && !retried401) {
        await res.body?.cancel().catch(() => undefined);
        await o.refresh();
        return await connectOnce(stop, true);
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => undefined);
        throw new StreamHttpError(res.status);
      }
      connected = true;
      o.onOpen?.();
      const feed = sseParser(dispatch);
      const decoder = new TextDecoder();
      const reader = (res.body as unknown as WebReadableStream<Uint8Array>).getReader();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        alive();
        feed(decoder.decode(chunk.value, { stream: true }));
      }
    } finally {
      connected = false;
      if (silence) clearTimeout(silence);
      stop.removeEventListener('abort', onStop);
    }
  }

  async function run(stop: AbortSignal): Promise<void> {
    let delay = initialMs;
    while (!stop.aborted) {
      let wait = delay;
      try {
        await connectOnce(stop, false);
        // the server ended a stream that was open: reconnect soon
        delay = initialMs;
        wait = initialMs;
      } catch (e) {
        if (stop.aborted) break;
        if (e instanceof StreamHttpError && (e.status === 404 || e.status === 403)) wait = maxMs;
        log(
          `alert stream: ${e instanceof Error ? e.message : String(e)}; again in ${Math.round(wait / 1000)} s`,
        );
        delay = Math.min(maxMs, delay * 2);
      }
      await sleep(wait, stop);
    }
  }

  return {
    start() {
      if (loop) return;
      const a = new AbortController();
      aborter = a;
      loop = run(a.signal).finally(() => {
        if (aborter === a) aborter = null;
        loop = null;
      });
    },
    stop() {
      aborter?.abort(new Error('alert stream stopped'));
    },
    connected: () => connected,
    idle: async () => {
      await loop;
    },
  };
}
