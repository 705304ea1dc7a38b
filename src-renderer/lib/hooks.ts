import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcArgs, IpcMethod, IpcResult } from '../../src-shared/ipc/contract';
import { IpcError } from '../../src-shared/ipc/errors';
import { call, SESSION_OPEN_EVENT, sessionState } from '../bridge';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: IpcError | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function toIpcError(e: unknown): IpcError {
  return e instanceof IpcError ? e : new IpcError('INTERNAL', e instanceof Error ? e.message : String(e));
}

/**
 * Loads one contract method when `key` changes (pass undefined to skip). Stale answers (an older key) are
 * dropped, so typing fast never shows an older search's results.
 */
export function useCall<M extends IpcMethod>(
  method: M,
  args: IpcArgs<M> | undefined,
  key: string | undefined,
  pollMs?: number,
): Loaded<IpcResult<M>> {
  const [data, setData] = useState<IpcResult<M>>();
  const [error, setError] = useState<IpcError>();
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const argsRef = useRef(args);
  argsRef.current = args;

  useEffect(() => {
    if (key === undefined || argsRef.current === undefined) {
      setData(undefined);
      setError(undefined);
      setLoading(false);
      return;
    }
    let live = true;
    const run = (initial: boolean) => {
      if (initial) setLoading(true);
      call(method, argsRef.current as IpcArgs<M>).then(
        (r) => {
          if (!live) return;
          setData(r);
          setError(undefined);
          setLoading(false);
        },
        (e: unknown) => {
          if (!live) return;
          setError(toIpcError(e));
          setLoading(false);
        },
      );
    };
    // Only while the session is open (bridge.ts): after a lock, a sign-out or a restart of the core the call waits
    // for App to confirm the session, instead of being refused; if it is not open again, App shows another screen.
    const firstRun = () => {
      window.removeEventListener(SESSION_OPEN_EVENT, firstRun);
      if (live) run(true);
    };
    if (sessionState() === 'open') run(true);
    else {
      setLoading(true);
      window.addEventListener(SESSION_OPEN_EVENT, firstRun);
    }
    const timer = pollMs
      ? window.setInterval(() => {
          if (sessionState() === 'open') run(false);
        }, pollMs)
      : undefined;
    return () => {
      live = false;
      window.removeEventListener(SESSION_OPEN_EVENT, firstRun);
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [method, key, tick, pollMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** A ticking clock for "12 min ago" labels. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Moves focus to the element once after mount (page headings, first fields). */
export function useFocusOnMount<T extends HTMLElement>(): React.RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}

/** Sets document.title per screen (screen readers announce it). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — White Cross`;
  }, [title]);
}

/**
 * A native modal `<dialog>` open while the component is mounted: focus stays inside, Escape closes (its onClose),
 * and focus goes back to where it was when it closes.
 */
export function useModalDialog(): React.RefObject<HTMLDialogElement | null> {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const previous = document.activeElement as HTMLElement | null;
    d.showModal();
    return () => {
      if (d.open) d.close();
      previous?.focus();
    };
  }, []);
  return ref;
}
