import { isIpcMethod, type BridgeEnvelope } from '../../src-shared/ipc/contract';
import type { WorkstationCore } from '../workstation/core';

/**
 * The Electron shell's security decisions, as plain functions (tested in Node; Electron cannot run in CI):
 * which URLs the window may show, which frames may call the core, and the IPC dispatch that checks the sender
 * before the core validates the payload with the contract.
 */

/** The app's own origin: pages are served from dist-renderer/ through this privileged scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'white-cross';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True for a URL of the app itself (never file:, http:, a remote page, or another app:// host). */
export function isAppUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Navigation: only within the app (the renderer routes with the hash / history inside it). */
export const navigationAllowed = (url: string): boolean => isAppUrl(url);

/** Chromium's built-in PDF viewer (a component extension): the print window shows a report's PDF with it. */
export const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * A request the window's session may make: the app's own files (the reports' PDFs to print among them), the built-in
 * PDF viewer, and devtools; no remote content at all.
 */
export function requestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith(`${PDF_VIEWER_ORIGIN}/`)) return true;
  return url.startsWith('devtools://') || url.startsWith('chrome-extension://devtools');
}

export interface SenderInfo {
  /** event.senderFrame.url (null when the frame is gone) */
  readonly frameUrl: string | null;
  /** the sender frame is the top frame of the app's window (not an iframe, not another window) */
  readonly isAppMainFrame: boolean;
}

/** Only the app's own top frame may call the core. */
export const senderAllowed = (s: SenderInfo): boolean =>
  s.isAppMainFrame && s.frameUrl !== null && isAppUrl(s.frameUrl);

/** ipcMain's handler body: sender check, then the core (which validates the payload with the contract). */
export async function routeIpc(
  core: Pick<WorkstationCore, 'invoke'>,
  method: string,
  sender: SenderInfo,
  args: unknown,
): Promise<BridgeEnvelope<unknown>> {
  if (!senderAllowed(sender))
    return {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'IPC from an unexpected frame is refused' },
    };
  if (!isIpcMethod(method))
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `no method ${method.slice(0, 80)}` } };
  return core.invoke(method, args);
}

/** Electron powerMonitor events that lock the session at once: the OS locked the screen, or the computer sleeps. */
export const OS_LOCK_EVENTS = Object.freeze({ 'lock-screen': 'os-lock', suspend: 'os-suspend' } as const);

/** Wires the OS lock to the core: `monitor` is Electron's powerMonitor (any emitter of its event names). */
export function lockOnOsEvents(
  monitor: { on(event: keyof typeof OS_LOCK_EVENTS, listener: () => void): unknown },
  core: Pick<WorkstationCore, 'lockNow'>,
): void {
  for (const [event, reason] of Object.entries(OS_LOCK_EVENTS) as [keyof typeof OS_LOCK_EVENTS, string][])
    monitor.on(event, () => core.lockNow(reason));
}

/** Permission requests (camera, notifications, geolocation, ...): all denied. */
export const permissionAllowed = (_permission: string): boolean => false;
