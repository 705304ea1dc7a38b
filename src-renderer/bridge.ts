import {
  ipcContract,
  type IpcArgs,
  type IpcMethod,
  type IpcResult,
  type WhiteCrossApi,
} from '../src-shared/ipc/contract';
import { IpcError, ipcErrorShape } from '../src-shared/ipc/errors';

/**
 * The renderer's only way to the workstation core. In Electron the preload exposes `window.whiteCross`
 * (contextBridge); in browser mode (`npm run workstation`) there is no preload and this shim implements the same
 * contract over the loopback bridge: `POST /api/ipc/<method>` with the per-launch token the core printed in the
 * address (`#token=...`). The token is read once, kept in sessionStorage (this tab only) and removed from the
 * address bar so it is not bookmarked, shared or shown.
 *
 * Every result is parsed with the contract's zod schema here too, so a screen only ever sees contract-shaped data.
 */

const TOKEN_KEY = 'whiteCross.bridgeToken';
const TOKEN_HEADER = 'x-white-cross-token';

/** Takes `#token=...` (possibly among other hash parameters) out of the address; returns it. */
export function takeTokenFromAddress(): string | undefined {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash || hash.startsWith('/')) return undefined;
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return undefined;
  params.delete('token');
  const rest = params.toString();
  window.history.replaceState(
    null,
    '',
    `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`,
  );
  return token;
}

function bridgeToken(): string | undefined {
  const fresh = takeTokenFromAddress();
  if (fresh) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fresh);
    } catch {
      // storage refused (private mode): the in-memory copy below still works for this page
    }
    memoryToken = fresh;
    return fresh;
  }
  if (memoryToken) return memoryToken;
  try {
    memoryToken = window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    memoryToken = undefined;
  }
  return memoryToken;
}
let memoryToken: string | undefined;

function asIpcError(e: unknown): IpcError {
  if (e instanceof IpcError) return e;
  const shape = ipcErrorShape.safeParse(e);
  if (shape.success) return IpcError.fromShape(shape.data);
  // Electron wraps a rejected invoke as "Error invoking remote method '...': <message>"
  const message = e instanceof Error ? e.message : String(e);
  return new IpcError('INTERNAL', message);
}

function parseResult<M extends IpcMethod>(method: M, raw: unknown): IpcResult<M> {
  const parsed = ipcContract[method].result.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new IpcError(
      'INTERNAL',
      `The workstation answered ${method} in an unexpected shape${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data as IpcResult<M>;
}

async function viaHttp<M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>> {
  const token = bridgeToken();
  if (!token) {
    throw new IpcError(
      'BRIDGE_TOKEN',
      'This page has no access token. Open the address the workstation printed when it started (it ends with #token=…).',
    );
  }
  let response: Response;
  try {
    response = await fetch(`./api/ipc/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify(args ?? {}),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new IpcError(
      'BRIDGE_UNREACHABLE',
      'The White Cross workstation program is not answering. Is it still running?',
    );
  }
  if (response.status === 401) {
    throw new IpcError(
      'BRIDGE_TOKEN',
      'The workstation refused this page’s access token (it was restarted?). Open the new address it printed.',
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new IpcError('INTERNAL', `The workstation answered ${method} with HTTP ${response.status}`);
  }
  if (typeof body === 'object' && body !== null && 'ok' in body) {
    const envelope = body as { ok: unknown; result?: unknown; error?: unknown };
    if (envelope.ok === true) return parseResult(method, envelope.result);
    throw asIpcError(envelope.error);
  }
  throw new IpcError('INTERNAL', `The workstation answered ${method} with HTTP ${response.status}`);
}

function preloadApi(): WhiteCrossApi | undefined {
  return (window as unknown as { whiteCross?: WhiteCrossApi }).whiteCross;
}

/**
 * What the page knows of the session. The screens load and poll their data (Today every 10 s) while App polls
 * app.status (every 2 s): between the two, the core may have locked, signed out or restarted (at the same address),
 * and a screen's call would be refused (HTTP 403, a console error). So the screens' calls (useCall) run only while
 * App's last status from the core says the session is open; an answer that says otherwise (not signed in, locked,
 * not enrolled) or that the core is unreachable makes the session unknown and has App ask the core at once. A
 * screen's call waiting meanwhile runs when the session is confirmed open, or never (App shows another screen).
 */
export type SessionState = 'open' | 'closed' | 'unknown';
const SESSION_CODES = new Set(['NOT_SIGNED_IN', 'LOCKED', 'NOT_ENROLLED', 'BRIDGE_UNREACHABLE']);
/** Fired when a refusal makes the session unknown (App checks app.status). */
export const SESSION_CHECK_EVENT = 'whitecross:session-check';
/** Fired when the session is confirmed open again (waiting screen calls run). */
export const SESSION_OPEN_EVENT = 'whitecross:session-open';
let session: SessionState = 'unknown';

/** App: a status from the core arrived; the screens shown follow it. */
export function sessionFromStatus(s: { signedIn: boolean; locked: boolean; breakGlass?: unknown }): void {
  const next: SessionState = s.breakGlass !== undefined || (s.signedIn && !s.locked) ? 'open' : 'closed';
  const was = session;
  session = next;
  if (next === 'open' && was !== 'open') window.dispatchEvent(new Event(SESSION_OPEN_EVENT));
}

export function sessionState(): SessionState {
  return session;
}

function noteRefusal(e: IpcError): IpcError {
  if (SESSION_CODES.has(e.code) && session !== 'unknown') {
    session = 'unknown';
    window.dispatchEvent(new Event(SESSION_CHECK_EVENT));
  }
  return e;
}

/** Calls one contract method: through the Electron preload when present, else the loopback bridge. */
export async function call<M extends IpcMethod>(method: M, args: IpcArgs<M>): Promise<IpcResult<M>> {
  const preload = preloadApi();
  if (!preload) {
    try {
      return await viaHttp(method, args);
    } catch (e) {
      throw e instanceof IpcError ? noteRefusal(e) : e;
    }
  }
  const fn = preload[method] as (a: IpcArgs<M>) => Promise<IpcResult<M>>;
  try {
    return parseResult(method, await fn(args));
  } catch (e) {
    throw noteRefusal(asIpcError(e));
  }
}

/** Which transport this page uses (for the about line; the core's app.status says the same). */
export function bridgeKind(): 'electron' | 'browser' {
  return preloadApi() ? 'electron' : 'browser';
}

/** Read the token early (before any router touches the hash). */
export function initBridge(): void {
  if (!preloadApi()) bridgeToken();
}
