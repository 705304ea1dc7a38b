import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real workstation core in browser mode, as a nurse's computer runs it: `npm run workstation -- --data-dir
 * DIR --port P` in its own process group, with its own temporary data directory. The UI address (with the
 * per-launch token) is read from the line it prints.
 */

export interface Workstation {
  /** `http://127.0.0.1:P/#token=...` */
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly port: number;
  /** everything it printed (for a failing test's message) */
  output(): string;
  stop(): Promise<void>;
}

const ROOT = new URL('../../../', import.meta.url).pathname;
const URL_LINE = /White Cross workstation: (http:\/\/127\.0\.0\.1:(\d+)\/#token=\S+)/;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'wc-e2e-ws-'));
}

export async function startWorkstation(options: {
  dataDir: string;
  /** extra arguments after `--data-dir DIR --port P` */
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  /** the port to listen on (a restart at the same address); default a free one */
  port?: number;
}): Promise<Workstation> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    'npm',
    [
      'run',
      '--silent',
      'workstation',
      '--',
      '--data-dir',
      options.dataDir,
      '--port',
      String(port),
      ...(options.args ?? []),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...options.env, BROWSER: 'none', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => (out += d));
  child.stderr?.on('data', (d: string) => (out += d));

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the workstation did not print its address within ${options.timeoutMs ?? 120_000} ms:\n${out}`,
          ),
        ),
      options.timeoutMs ?? 120_000,
    );
    const check = () => {
      const m = URL_LINE.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the workstation exited (${code}) before printing its address:\n${out}`));
    });
  });

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM'); // its process group: npm and the core under it
    } catch {
      return;
    }
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  return { url, origin: `http://127.0.0.1:${port}`, dataDir: options.dataDir, port, output: () => out, stop };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
