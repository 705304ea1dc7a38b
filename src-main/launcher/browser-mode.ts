import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startChild, type Child } from './child';
import { browserOpener, tryPort } from './environment';

/**
 * Browser mode of `npm start`: the workstation core (`src-main/workstation/cli.ts`) serving the UI and the loopback
 * bridge on 127.0.0.1, its address printed and opened in the system browser.
 *
 * The address stays the same from one run to the next: the bridge token is kept in the workstation's data folder
 * (src-main/workstation/bridge/token.ts), and the port is the last run's when it is free (else the default, else any
 * free port, and the launcher remembers the new one), so a tab left open works again after a restart.
 */

export const DEFAULT_WORKSTATION_PORT = 4200;
const URL_LINE = /^White Cross workstation: (\S+)/;

/** The port to ask for: `--port`, else the last run's, else the default, else 0 (any free port). */
export async function chooseWorkstationPort(
  given: number | undefined,
  remembered: number | undefined,
  say: (line: string) => void,
): Promise<number> {
  if (given !== undefined) return given;
  for (const p of [remembered, DEFAULT_WORKSTATION_PORT])
    if (p !== undefined && (await tryPort(p)) !== null) {
      if (p !== (remembered ?? DEFAULT_WORKSTATION_PORT))
        say(`port ${remembered} is in use: the app uses ${p} this time`);
      return p;
    }
  say(
    `port ${remembered ?? DEFAULT_WORKSTATION_PORT} is in use: the app uses another free port (remembered for later runs)`,
  );
  return 0;
}

export interface BrowserModeOptions {
  readonly repo: string;
  readonly workstationDir: string;
  readonly port: number;
  readonly serverUrl: string;
  readonly staticDir: string | undefined;
  /** --new-token: a new bridge token (addresses opened before stop working) */
  readonly newToken: boolean;
}

/** Starts the workstation; resolves with the child and the address to open (with the token) once it listens. */
export async function startWorkstation(o: BrowserModeOptions): Promise<{ child: Child; url: string }> {
  const child = startChild({
    name: 'workstation',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(o.repo, 'src-main', 'workstation', 'cli.ts'),
      '--data-dir',
      o.workstationDir,
      '--port',
      String(o.port),
      '--server',
      o.serverUrl,
      ...(o.staticDir !== undefined ? ['--static', o.staticDir] : []),
      ...(o.newToken ? ['--new-token'] : []),
    ],
    cwd: o.repo,
    env: process.env,
    hideStdout: (line) => URL_LINE.test(line),
  });
  const url = await child.waitFor((line) => URL_LINE.exec(line)?.[1] ?? null);
  return { child, url };
}

/** Opens `url` in the system browser, or says why it cannot and that the address above is to be opened. */
export function openInBrowser(url: string, say: (line: string) => void): void {
  const opener = browserOpener();
  if ('missing' in opener) {
    say(
      `cannot open a browser here (${opener.missing}): open the address above in a browser on this computer`,
    );
    return;
  }
  say('opening it in your browser');
  try {
    const p = spawn(opener.command, opener.args(url), {
      stdio: 'ignore',
      detached: true,
      windowsHide: true,
    });
    p.on('error', (e) => say(`could not open the browser (${e.message}): open the address above`));
    p.unref();
  } catch (e) {
    say(`could not open the browser (${e instanceof Error ? e.message : String(e)}): open the address above`);
  }
}
