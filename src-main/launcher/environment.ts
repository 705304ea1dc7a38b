import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { appDataDir } from '../../src-shared/demo/data-dir';

/**
 * What `npm start` needs to know about this computer: where White Cross keeps its data, whether the Electron
 * binary can run here (and if not, why), how to open the system browser, and whether a port is free.
 */

/** `WHITE_CROSS_DATA_DIR`, else the platform's place for application data (src-shared/demo/data-dir.ts). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return appDataDir({ env, platform, home: homedir() });
}

export type Mode =
  | { readonly kind: 'electron'; readonly binary: string; readonly why: string }
  | { readonly kind: 'browser'; readonly why: string };

const hasDisplay = (env: NodeJS.ProcessEnv) => Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);

/**
 * Electron when its binary is installed (node_modules/electron/path.txt names a file under dist/, as
 * scripts/electron-check.mjs checks) and can show a window; browser mode otherwise, with the reason.
 */
export function detectMode(
  forceBrowser: boolean,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Mode {
  if (forceBrowser) return { kind: 'browser', why: 'asked for with --browser' };
  let electronDir: string;
  try {
    electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { kind: 'browser', why: 'Electron is not installed' };
  }
  const pathFile = join(electronDir, 'path.txt');
  const binary = existsSync(pathFile)
    ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    : null;
  if (!binary || !existsSync(binary))
    return {
      kind: 'browser',
      why: 'the Electron binary was not downloaded when npm installed (blocked network or ELECTRON_SKIP_BINARY_DOWNLOAD); `node node_modules/electron/install.js` fetches it where the network allows',
    };
  if (platform === 'linux' && !hasDisplay(env))
    return {
      kind: 'browser',
      why: 'Electron is installed but there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    };
  return { kind: 'electron', binary, why: 'the Electron binary is installed' };
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(join(dir, command)));
}

/** How to open a URL in the system browser here, or why it cannot be done. */
export function browserOpener(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { readonly command: string; readonly args: (url: string) => string[] } | { readonly missing: string } {
  if (platform === 'win32') return { command: 'cmd', args: (url) => ['/c', 'start', '""', url] };
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (!hasDisplay(env)) return { missing: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  if (!onPath('xdg-open', env)) return { missing: 'xdg-open is not installed' };
  return { command: 'xdg-open', args: (url) => [url] };
}

/** Resolves to the port when 127.0.0.1:port can be listened on (0: a free port the OS picks), else null. */
export function tryPort(port: number): Promise<number | null> {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once('error', () => resolvePort(null));
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      const got = typeof a === 'object' && a ? a.port : null;
      s.close(() => resolvePort(got));
    });
  });
}
