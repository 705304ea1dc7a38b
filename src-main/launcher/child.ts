import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A process `npm start` runs (the demo district server, the workstation, Electron): its output is passed on line
 * by line with the process's name in front, lines can be waited for, and stop() asks it to stop (SIGINT), then
 * kills it if it has not exited in time.
 */

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** it did not stop when asked and was killed */
  readonly killed: boolean;
}

export interface Child {
  readonly name: string;
  readonly pid: number | undefined;
  /** Settles when the process has exited. */
  readonly exited: Promise<Exit>;
  readonly hasExited: () => boolean;
  /** The first value `pick` returns for a line of standard output; rejects when the process exits first. */
  waitFor<T>(pick: (line: string) => T | null): Promise<T>;
  /** SIGINT, then SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<Exit>;
}

export interface ChildOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed (else standard input is not connected). */
  readonly stdin?: string;
  /** Lines of standard output not to pass on (events, or lines the launcher reprints itself). */
  readonly hideStdout?: (line: string) => boolean;
  /** Prefix for passed-on lines (default `[name] `); lines already starting with it are passed as they are. */
  readonly prefix?: string;
}

export function startChild(o: ChildOptions): Child {
  const p: ChildProcess = spawn(o.command, [...o.args], {
    cwd: o.cwd,
    env: o.env,
    stdio: [o.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const prefix = o.prefix ?? `[${o.name}] `;
  const pass = (stream: NodeJS.WritableStream, line: string) =>
    stream.write(line.startsWith(prefix.trimEnd()) ? `${line}\n` : `${prefix}${line}\n`);

  let done: Exit | null = null;
  let killed = false;
  const waiters = new Set<{ pick: (line: string) => unknown; resolve: (v: unknown) => void }>();
  const exited = new Promise<Exit>((resolveExit) => {
    p.once('error', (e) => {
      process.stderr.write(`${prefix}could not start ${o.command}: ${e.message}\n`);
      done ??= { code: null, signal: null, killed };
      resolveExit(done);
    });
    p.once('close', (code, signal) => {
      done ??= { code, signal, killed };
      resolveExit(done);
    });
  });

  if (p.stdout)
    createInterface({ input: p.stdout, crlfDelay: Infinity }).on('line', (line) => {
      for (const w of waiters) {
        const v = w.pick(line);
        if (v !== null && v !== undefined) {
          waiters.delete(w);
          w.resolve(v);
        }
      }
      if (!o.hideStdout?.(line)) pass(process.stdout, line);
    });
  if (p.stderr)
    createInterface({ input: p.stderr, crlfDelay: Infinity }).on('line', (line) =>
      pass(process.stderr, line),
    );
  if (o.stdin !== undefined && p.stdin) {
    p.stdin.on('error', () => undefined); // it may exit before reading
    p.stdin.end(o.stdin);
  }

  return {
    name: o.name,
    pid: p.pid,
    exited,
    hasExited: () => done !== null,
    waitFor: <T>(pick: (line: string) => T | null) =>
      new Promise<T>((resolveLine, reject) => {
        const w = { pick, resolve: resolveLine as (v: unknown) => void };
        waiters.add(w);
        void exited.then((e) => {
          if (!waiters.delete(w)) return;
          reject(
            new Error(
              `${o.name} stopped before it was ready (${e.signal ? `signal ${e.signal}` : `exit code ${String(e.code)}`}); its messages are above`,
            ),
          );
        });
      }),
    stop: async (graceMs) => {
      if (done) return done;
      p.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => {
        timer = setTimeout(() => r('late'), graceMs);
      });
      const first = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (first !== 'late') return first;
      process.stderr.write(`${prefix}did not stop within ${Math.round(graceMs / 1000)} s: killing it\n`);
      killed = true;
      p.kill('SIGKILL');
      return exited;
    },
  };
}
