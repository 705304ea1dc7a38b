import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { DEMO_ADMIN_EMAIL, DEMO_DEFAULT_STUDENTS, DEMO_NURSE_EMAIL } from '../../src-shared/demo/protocol';
import { readKeyFile } from '../workstation/keys/key-file';
import {
  chooseWorkstationPort,
  DEFAULT_WORKSTATION_PORT,
  openInBrowser,
  startWorkstation,
} from './browser-mode';
import { startChild, type Child, type Exit } from './child';
import {
  DEMO_SERVER_NAME,
  demoListening,
  demoSetup,
  describeExit,
  spawnDemoServer,
  superviseDemoServer,
  type Supervision,
} from './demo-server';
import { enrollWorkstation } from './enroll';
import { defaultDataDir, detectMode, tryPort, type Mode } from './environment';
import {
  demoPassword,
  DISTRICT_DIR,
  readState,
  WORKSTATION_DIR,
  writeState,
  type LauncherState,
} from './state';

/**
 * `npm start`: White Cross on this computer, ready to use.
 *
 * - Electron when its binary is installed and can show a window; otherwise browser mode: the same workstation core
 *   (`npm run workstation`) serving the built UI on 127.0.0.1 through the loopback bridge, opened in the system
 *   browser (or the address printed). It says which mode and why.
 * - First run (no `<data dir>/launcher.json`): a local demo district server (server-sync/demo/serve.ts: PGlite in
 *   the data dir, migrated, a small demo district seeded, a demo nurse with a random password), an enrollment code,
 *   and the workstation enrolled to it with its first sync done, so a new user sees a working clinic. Later runs
 *   start the demo server again (when this install uses it) and the app. `--server URL` on the first run uses a
 *   real district server instead (the nurse enrolls in the app).
 * - When the demo server stops on its own, the app keeps running (offline) and the server is started again, with a
 *   backoff and a limit (./demo-server.ts). Browser mode keeps its address across runs (./browser-mode.ts).
 * - Ctrl+C (SIGINT) or SIGTERM stops the app, then the demo server, and exits 0 when both stopped cleanly.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_SERVER_PORT = 4100;

const say = (line: string) => process.stdout.write(`White Cross: ${line}\n`);

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};
const httpUrl = (v: string) => {
  try {
    const u = new URL(v);
    if (u.protocol === 'http:' || u.protocol === 'https:') return v.replace(/\/+$/, '');
  } catch {
    /* below */
  }
  throw new InvalidArgumentError(
    'must be an http(s) URL of the district server, e.g. https://district.example.org',
  );
};

interface Options {
  dataDir?: string;
  port?: number;
  serverPort?: number;
  server?: string;
  browser?: boolean;
  open: boolean;
  static?: string;
  newToken?: boolean;
  demoStudents: number;
}

function parseOptions(argv: readonly string[]): Options {
  const program = new Command('npm start --')
    .description(
      'start White Cross: Electron, or browser mode where Electron cannot run; a demo district on first run',
    )
    .option(
      '--data-dir <dir>',
      'where White Cross keeps its data (default: WHITE_CROSS_DATA_DIR, else the platform’s app data folder)',
    )
    .option(
      '--port <port>',
      `browser mode: port of the app on 127.0.0.1 (default: the last run's, else ${DEFAULT_WORKSTATION_PORT}, else any free port; 0: any free port)`,
      int('--port', 0, 65_535),
    )
    .option(
      '--server-port <port>',
      `first run: port of the demo district server on 127.0.0.1 (default ${DEFAULT_SERVER_PORT}; 0: any free port); kept for later runs`,
      int('--server-port', 0, 65_535),
    )
    .option(
      '--server <url>',
      'first run: use this district server instead of the demo one (enroll in the app)',
      httpUrl,
    )
    .option('--browser', 'browser mode even where Electron could run')
    .option(
      '--no-open',
      'browser mode: do not open the system browser, only print the address (also WHITE_CROSS_NO_BROWSER=1)',
    )
    .option(
      '--new-token',
      'browser mode: a new access token for the app (kept in the data folder; addresses opened before stop working)',
    )
    .option(
      '--static <dir>',
      'browser mode: the built UI to serve (default dist-renderer/, built when missing)',
    )
    .option(
      '--demo-students <n>',
      'first run: students in the demo district',
      int('--demo-students', 1, 200_000),
      DEMO_DEFAULT_STUDENTS,
    )
    .showHelpAfterError();
  program.parse([...argv]);
  return program.opts<Options>();
}

/** Runs a build step in the foreground; throws with the command to run by hand when it fails. */
function build(what: string, args: readonly string[], byHand: string): void {
  say(`${what} (one time)...`);
  // NODE_ENV=production: Vite bundles React's production build (a test runner or shell may have set another)
  const r = spawnSync(process.execPath, [...args], {
    cwd: REPO,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`${what} failed: run \`${byHand}\` to see why`);
}

function ensureBuilt(mode: Mode, staticDir: string | undefined): void {
  if (staticDir === undefined && !existsSync(join(REPO, 'dist-renderer', 'index.html')))
    build(
      'building the UI into dist-renderer/',
      [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
      'npm run build:renderer',
    );
  if (!existsSync(join(REPO, 'dist-console', 'index.html')))
    build(
      'building the district console into dist-console/',
      [join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.console.config.ts'],
      'npm run build:console',
    );
  if (staticDir !== undefined && !existsSync(join(staticDir, 'index.html')))
    throw new Error(`--static: ${staticDir} holds no index.html`);
  if (mode.kind === 'electron' && !existsSync(join(REPO, 'dist-electron', 'main.cjs')))
    build(
      'building the Electron app into dist-electron/',
      [join(REPO, 'scripts', 'build-electron.mjs')],
      'npm run build:electron',
    );
}

/** First run: what this install will use, remembered in launcher.json. */
async function firstRunState(opts: Options): Promise<LauncherState> {
  const createdAt = new Date().toISOString();
  if (opts.server) return { version: 1, createdAt, district: { kind: 'external', url: opts.server } };
  let port = await tryPort(opts.serverPort ?? DEFAULT_SERVER_PORT);
  if (port === null && opts.serverPort !== undefined)
    throw new Error(`--server-port: 127.0.0.1:${opts.serverPort} is in use`);
  if (port === null) {
    port = await tryPort(0);
    if (port === null) throw new Error('no free port on 127.0.0.1 for the demo district server');
    say(`port ${DEFAULT_SERVER_PORT} is in use: the demo district server will use ${port}`);
  }
  return {
    version: 1,
    createdAt,
    district: {
      kind: 'demo',
      port,
      students: opts.demoStudents,
      nurseEmail: DEMO_NURSE_EMAIL,
      nursePassword: demoPassword(),
    },
  };
}

// ---- stopping: the app first, then the district server; exit 0 when both stopped cleanly
const children: Child[] = [];
let stopRequested = false;
let stopping: Promise<void> | null = null;
let supervision: Supervision | null = null;
function shutdown(why: string, code: number): Promise<void> {
  stopRequested = true;
  supervision?.cancel();
  stopping ??= (async () => {
    say(`${why}: stopping...`);
    let clean = true;
    for (const c of [...children].reverse()) {
      const wasRunning = !c.hasExited();
      const e = await c.stop(c.name === DEMO_SERVER_NAME ? 30_000 : 15_000);
      if (wasRunning && e.code !== 0) clean = false;
      if (wasRunning) say(`${c.name} stopped (${describeExit(e)})`);
    }
    process.exit(clean ? code : 1);
  })();
  return stopping;
}
const watch = (c: Child, onExit: (e: Exit) => void) =>
  void c.exited.then((e) => {
    if (!stopRequested) onExit(e);
  });

async function main(): Promise<void> {
  const opts = parseOptions(process.argv);
  const dataDir = resolve(opts.dataDir ?? defaultDataDir());
  const workstationDir = join(dataDir, WORKSTATION_DIR);
  const staticDir = opts.static !== undefined ? resolve(opts.static) : undefined;
  const open = opts.open && !process.env.WHITE_CROSS_NO_BROWSER;
  process.on('SIGINT', () => void shutdown('Ctrl+C', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGHUP', () => void shutdown('SIGHUP', 0));

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let state: LauncherState;
  const found = readState(dataDir);
  if (found === null) {
    state = await firstRunState(opts);
    writeState(dataDir, state);
    say(`first run: setting up in ${dataDir}`);
  } else {
    state = found;
    if (opts.server && (state.district.kind !== 'external' || state.district.url !== opts.server))
      say(`--server is for the first run: ${dataDir} is already set up (move it away to start over)`);
  }

  let mode = detectMode(opts.browser === true);
  say(mode.kind === 'electron' ? `desktop mode (Electron): ${mode.why}` : `browser mode: ${mode.why}`);
  ensureBuilt(mode, staticDir);

  // ---- the district server
  let serverUrl: string;
  let schoolName: string | null = null;
  const district = state.district;
  if (district.kind === 'demo') {
    const enrolled = readKeyFile(workstationDir) !== null;
    if ((await tryPort(district.port)) === null)
      throw new Error(
        `127.0.0.1:${district.port} is in use, and the demo district server of ${dataDir} listens there (is White Cross already running?)`,
      );
    say(
      enrolled
        ? 'starting the demo district server...'
        : `starting the demo district server (first run: creating the demo district with ${district.students} students)...`,
    );
    const demo = { repo: REPO, dir: join(dataDir, DISTRICT_DIR), port: district.port };
    const server = spawnDemoServer({
      ...demo,
      ...(enrolled ? {} : { setup: { students: district.students, nursePassword: district.nursePassword } }),
    });
    children.push(server);
    const setup = enrolled ? null : demoSetup(server);
    setup?.catch(() => undefined); // the listening wait below reports the failure
    serverUrl = await demoListening(server);
    if (setup) {
      const s = await setup;
      schoolName = s.schoolName;
      state = { ...state, district: { ...district, schoolName } };
      writeState(dataDir, state);
      say(`enrolling this workstation to ${s.schoolName} (demo district at ${serverUrl})...`);
      const r = await enrollWorkstation({
        dataDir: workstationDir,
        serverUrl,
        enrollmentCode: s.enrollmentCode,
        email: district.nurseEmail,
        password: district.nursePassword,
        say,
      });
      if (r.syncError)
        say(`the first sync did not finish (${r.syncError}); it is tried again when the nurse signs in`);
      else say('the workstation is enrolled and has its school’s records');
    }
    // from here on the app runs whether or not the demo server does: it is started again when it stops
    supervision = superviseDemoServer({
      first: server,
      start: () => spawnDemoServer(demo),
      listening: demoListening,
      replaced: (old, next) => children.splice(children.indexOf(old), 1, next),
      stopping: () => stopRequested,
      say,
    });
  } else {
    serverUrl = district.url;
  }
  if (district.kind === 'demo') schoolName ??= district.schoolName ?? null;

  const signIn =
    district.kind === 'demo'
      ? [
          `  Demo sign-in:  ${district.nurseEmail}`,
          `  Password:      ${district.nursePassword}`,
          `  District:      demo district server at ${serverUrl}${schoolName ? ` (${schoolName})` : ''}, data in ${dataDir}`,
          `  Console:       ${serverUrl}/console (district console: ${DEMO_ADMIN_EMAIL}, the same password)`,
        ]
      : [
          `  District:      ${serverUrl} (enroll in the app with a code from your district IT)`,
          `  Console:       ${serverUrl}/console (district console, for district staff)`,
        ];

  // ---- the app
  const startBrowserMode = async (): Promise<void> => {
    const port = await chooseWorkstationPort(opts.port, state.workstationPort, say);
    const { child, url } = await startWorkstation({
      repo: REPO,
      workstationDir,
      port,
      serverUrl,
      staticDir,
      newToken: opts.newToken === true,
    });
    children.push(child);
    watch(child, (e) => void shutdown(`the workstation stopped (${describeExit(e)})`, 1));
    const listening = Number(new URL(url).port);
    if (opts.port === undefined && listening !== state.workstationPort) {
      state = { ...state, workstationPort: listening };
      writeState(dataDir, state);
    }
    process.stdout.write(
      [
        '',
        'White Cross is running in browser mode.',
        `  Open:          ${url}`,
        ...signIn,
        '  Stop:          Ctrl+C',
        '',
      ].join('\n') + '\n',
    );
    if (open) openInBrowser(url, say);
  };

  if (mode.kind === 'electron') {
    const electron = startChild({
      name: 'electron',
      command: mode.binary,
      args: [REPO],
      cwd: REPO,
      env: { ...process.env, WHITE_CROSS_DATA_DIR: workstationDir },
    });
    children.push(electron);
    process.stdout.write(
      [
        '',
        'White Cross is starting (desktop app).',
        ...signIn,
        '  Stop:          close the window, or Ctrl+C here',
        '',
      ].join('\n') + '\n',
    );
    const e = await electron.exited;
    if (stopRequested) return;
    if (e.code === 0) return void shutdown('the window was closed', 0);
    children.splice(children.indexOf(electron), 1);
    mode = { kind: 'browser', why: `Electron stopped (${describeExit(e)})` };
    say(`browser mode: ${mode.why}; its messages are above`);
    ensureBuilt(mode, staticDir);
  }
  await startBrowserMode();
}

main().catch((e: unknown) => {
  if (stopRequested) return; // stopped while starting: a wait on a child that was stopped ends here
  process.stderr.write(`White Cross could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  void shutdown('could not start', 1); // stops what already runs
});
