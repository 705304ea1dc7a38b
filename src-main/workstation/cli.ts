import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { startBridge } from './bridge/http';
import { bridgeToken } from './bridge/token';
import { createWorkstationCore, DEFAULT_AUTO_LOCK_MINUTES } from './core';
import { passphraseProtector } from './keys/passphrase';

/**
 * `npm run workstation -- --data-dir DIR --port P [--server URL]`: the workstation core without Electron (browser
 * mode). It serves the built UI and the loopback bridge on 127.0.0.1:P, protected by the data folder's bridge token
 * (bridge/token.ts: kept across restarts, so an open tab keeps working; --new-token rotates it), and prints the URL
 * to open. The database key is protected by passphrase slots (the nurse's password, argon2id).
 */

const here = dirname(fileURLToPath(import.meta.url));

const int = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};
const url = (v: string) => {
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return v.replace(/\/+$/, '');
  } catch {
    throw new InvalidArgumentError(
      'must be an http(s) URL of the district server, e.g. http://127.0.0.1:4100',
    );
  }
};

function openBrowser(target: string): void {
  const [cmd, args] =
    process.platform === 'win32'
      ? ['cmd', ['/c', 'start', '""', target]]
      : process.platform === 'darwin'
        ? ['open', [target]]
        : ['xdg-open', [target]];
  try {
    const p = spawn(cmd, args, { stdio: 'ignore', detached: true });
    p.on('error', () => undefined);
    p.unref();
  } catch {
    /* no browser: the URL is printed */
  }
}

async function main(): Promise<void> {
  const envLock = process.env.WHITE_CROSS_AUTO_LOCK_MINUTES;
  const envLockSeconds = process.env.WHITE_CROSS_AUTO_LOCK_SECONDS;
  const program = new Command('workstation')
    .description('White Cross workstation in browser mode: the core and its UI on 127.0.0.1')
    .requiredOption('--data-dir <dir>', 'where the encrypted database and key file live')
    .requiredOption('--port <port>', 'port on 127.0.0.1 (0: any free port)', int('--port', 0, 65535))
    .option('--server <url>', 'the district server (prefills enrollment)', url)
    .option(
      '--auto-lock-minutes <n>',
      `lock after this many minutes without activity, overriding the district's policy on this machine (without it: the district's, else ${DEFAULT_AUTO_LOCK_MINUTES}; or WHITE_CROSS_AUTO_LOCK_MINUTES)`,
      int('--auto-lock-minutes', 1, 240),
    )
    .option(
      '--auto-lock-seconds <n>',
      'the same in seconds, for short locks (5 to 14400; or WHITE_CROSS_AUTO_LOCK_SECONDS)',
      int('--auto-lock-seconds', 5, 14_400),
    )
    .option(
      '--sync-interval-seconds <n>',
      'background sync period while signed in (default 60; 0: off)',
      int('--sync-interval-seconds', 0, 86_400),
    )
    .option('--static <dir>', 'the built UI (default dist-renderer/)')
    .option(
      '--new-token',
      'replace the bridge token kept in the data folder (<data dir>/bridge-token): addresses opened before stop working',
    )
    .option('--open', 'open the system browser at the URL')
    .showHelpAfterError();
  program.parse(process.argv);
  const opts = program.opts<{
    dataDir: string;
    port: number;
    server?: string;
    autoLockMinutes?: number;
    autoLockSeconds?: number;
    syncIntervalSeconds?: number;
    static?: string;
    newToken?: boolean;
    open?: boolean;
  }>();
  if (opts.autoLockMinutes !== undefined && opts.autoLockSeconds !== undefined) {
    program.error('error: give --auto-lock-minutes or --auto-lock-seconds, not both');
  }
  // an explicit lock given here (flag, else environment) overrides the district's policy on this machine
  let autoLockMinutes = opts.autoLockMinutes;
  let autoLockSeconds = opts.autoLockSeconds;
  if (autoLockMinutes === undefined && autoLockSeconds === undefined) {
    if (envLockSeconds !== undefined)
      autoLockSeconds = int('WHITE_CROSS_AUTO_LOCK_SECONDS', 5, 14_400)(envLockSeconds);
    else if (envLock !== undefined) autoLockMinutes = int('WHITE_CROSS_AUTO_LOCK_MINUTES', 1, 240)(envLock);
  }
  const log = (line: string) => process.stderr.write(`[workstation] ${line}\n`);
  const core = await createWorkstationCore({
    dataDir: resolve(opts.dataDir),
    mode: 'browser',
    passphrase: passphraseProtector(),
    keyProtection: 'passphrase',
    ...(opts.server ? { defaultServerUrl: opts.server } : {}),
    ...(autoLockMinutes !== undefined ? { autoLockMinutes } : {}),
    ...(autoLockSeconds !== undefined ? { autoLockSeconds } : {}),
    ...(opts.syncIntervalSeconds !== undefined ? { syncIntervalMs: opts.syncIntervalSeconds * 1000 } : {}),
    log,
  });
  const kept = bridgeToken(resolve(opts.dataDir), { rotate: opts.newToken === true });
  if (kept.state === 'created')
    log(`bridge token kept in ${kept.file} (owner only; --new-token replaces it)`);
  if (kept.state === 'rotated')
    log(`new bridge token in ${kept.file}${kept.why ? ` (${kept.why})` : ''}: open the new address`);
  const bridge = await startBridge({
    core,
    port: opts.port,
    token: kept.token,
    staticDir: opts.static ? resolve(opts.static) : join(here, '..', '..', 'dist-renderer'),
    log,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    void bridge
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          log(`stop failed: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(1);
        },
      );
  };
  // before the address is printed: whoever reads it may stop us at once (a launcher's Ctrl+C), and a signal
  // without a handler would end the process without closing the database
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.stdout.write(`White Cross workstation: ${bridge.launchUrl}\n`);
  if (opts.open) openBrowser(bridge.launchUrl);
}

main().catch((e: unknown) => {
  process.stderr.write(`workstation: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
