import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * OpenSSH's sshd on loopback for tests (Debian's openssh-server): a temporary host key (ed25519), a client key pair
 * whose public half is the only authorized key, key authentication only, the internal SFTP server. The fingerprint
 * is the host key's SHA-256 as `ssh-keygen -l` prints it ("SHA256:…"), what a district pins in its configuration.
 * Running as root, sshd needs its privilege-separation directory (/run/sshd), made here when missing.
 */
export interface TestSshd {
  readonly port: number;
  readonly username: string;
  /** A scratch directory the SFTP user can read (files to fetch go here). */
  readonly root: string;
  /** The authorized client key (OpenSSH private key text). */
  readonly clientKey: string;
  /** Another key sshd does not accept. */
  readonly strangerKey: string;
  readonly hostFingerprint: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const keygen = (file: string) =>
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'white-cross-test', '-f', file]);

async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('data', (d) => {
        c.destroy();
        resolve(d.toString().startsWith('SSH-'));
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not answer on ${port}: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'wc-sshd-'));
  const root = join(dir, 'files');
  mkdirSync(root);
  keygen(join(dir, 'host_key'));
  keygen(join(dir, 'client_key'));
  keygen(join(dir, 'stranger_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  let stderr = '';
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await waitForBanner(port, child, () => stderr);
  const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_key.pub')]).toString();
  const hostFingerprint = /(SHA256:\S+)/.exec(fp)?.[1];
  if (!hostFingerprint) throw new Error(`no fingerprint in ${fp}`);
  return {
    port,
    username: userInfo().username,
    root,
    clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    strangerKey: readFileSync(join(dir, 'stranger_key'), 'utf8'),
    hostFingerprint,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
