import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  net,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  type WebContents,
} from 'electron';
import { methodsArgument } from '../../src-shared/ipc/channel';
import { IPC_METHOD_NAMES, ipcChannel } from '../../src-shared/ipc/methods';
import { createWorkstationCore, type WorkstationCore } from '../workstation/core';
import { SECURITY_HEADERS } from '../workstation/csp';
import { passphraseProtector } from '../workstation/keys/passphrase';
import { safeStorageProtector } from '../workstation/keys/safe-storage';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  lockOnOsEvents,
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  routeIpc,
} from './policy';
import { electronReportPrinter } from './print';
import { createPrintJobs, PRINT_JOB_HEADERS } from './print-jobs';

/**
 * The Electron main process: a thin shell around the same workstation core as browser mode (all logic lives in
 * src-main/workstation; the security decisions in ./policy.ts).
 *
 * One instance (single-instance lock), one window: contextIsolation, sandbox, no Node integration, webSecurity,
 * the strict CSP on every page, navigation and new windows blocked (no link opens outside the app either), every
 * permission request denied, and no remote content (requests other than the app's own app:// files are cancelled).
 * The UI is dist-renderer/, served through the privileged `app://white-cross/` scheme. Each contract method is one
 * ipcMain handler that checks the sender frame, then lets the core validate the payload with the contract's zod
 * schema.
 *
 * Data: `WHITE_CROSS_DATA_DIR` or `<userData>/data`. Key protection: the OS keychain (safeStorage); start with
 * `--passphrase-mode` (or WHITE_CROSS_KEY_PROTECTION=passphrase) where no keychain exists (Linux without a
 * keyring: safeStorage's 'basic_text' backend is refused otherwise).
 */

const RENDERER_DIR = resolve(__dirname, '..', 'dist-renderer');
const PRELOAD = join(__dirname, 'preload.cjs');
const passphraseMode =
  process.argv.includes('--passphrase-mode') || process.env.WHITE_CROSS_KEY_PROTECTION === 'passphrase';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

let core: WorkstationCore | null = null;
let win: BrowserWindow | null = null;
/** Reports waiting for the system print dialog (served once each, see ./print-jobs.ts). */
const printJobs = createPrintJobs();

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    if (printJobs.isJobUrl(request.url)) {
      const pdf = printJobs.get(request.url);
      return pdf
        ? new Response(Buffer.from(pdf), { status: 200, headers: PRINT_JOB_HEADERS })
        : new Response('not found', { status: 404 });
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    let file = normalize(join(RENDERER_DIR, rel === '/' ? 'index.html' : rel));
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('not found', { status: 404 });
    if (!existsSync(file)) file = join(RENDERER_DIR, 'index.html');
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });
}

function harden(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new windows, and nothing handed to the system browser either: the UI has no external links, and opening a
  // page-chosen URL outside would let a compromised page carry data out in it (the CSP blocks every other way).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'White Cross',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      // the preload exposes exactly these methods (derived from the IPC contract)
      additionalArguments: [methodsArgument(IPC_METHOD_NAMES)],
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // middle-click (auxclick) cannot open links in new windows
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  w.once('ready-to-show', () => w.show());
  void w.loadURL(`${APP_ORIGIN}/index.html`);
  return w;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => harden(contents));
  await app.whenReady();

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  ses.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !requestAllowed(details.url) }));
  serveApp();

  const dataDir = process.env.WHITE_CROSS_DATA_DIR
    ? resolve(process.env.WHITE_CROSS_DATA_DIR)
    : join(app.getPath('userData'), 'data');
  // an IT override of the district's inactivity lock on this machine (unset: the district's policy, else 10 min)
  const autoLock = Number(process.env.WHITE_CROSS_AUTO_LOCK_MINUTES ?? '');
  core = await createWorkstationCore({
    dataDir,
    mode: 'electron',
    safeStorage: safeStorageProtector(safeStorage),
    passphrase: passphraseProtector(),
    keyProtection: passphraseMode ? 'passphrase' : 'safeStorage',
    ...(Number.isInteger(autoLock) && autoLock > 0 ? { autoLockMinutes: autoLock } : {}),
    log: (line) => console.error(`[workstation] ${line}`),
    reportPrinter: electronReportPrinter(printJobs, () => win),
  });
  const c = core;

  for (const method of IPC_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), (event, args: unknown) =>
      routeIpc(
        c,
        method,
        {
          frameUrl: event.senderFrame?.url ?? null,
          isAppMainFrame: win !== null && event.senderFrame === win.webContents.mainFrame,
        },
        args,
      ),
    );
  }

  lockOnOsEvents(powerMonitor, c);

  win = createWindow();
  win.on('closed', () => {
    win = null;
  });
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!core) return;
  const c = core;
  core = null;
  event.preventDefault();
  void c.close().finally(() => app.quit());
});

start().catch((e: unknown) => {
  console.error(`White Cross could not start: ${e instanceof Error ? e.message : String(e)}`);
  app.exit(1);
});
