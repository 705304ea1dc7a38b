import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  childMessage,
  type FirstSyncResult,
  type ParentMessage,
  type PushResult,
  type WorkstationJob,
} from './ipc';

export interface WorkstationHooks {
  /** Between its "ready" and our "go": the place to zero the server's counters. */
  readonly onReady: (detail: string) => Promise<void>;
  /** When its timed part is over: the place to read them. */
  readonly onMeasured: () => Promise<void>;
}

/** Runs one job in a fresh workstation process (workstation.ts under tsx), its output on our stderr. */
export function runWorkstation<J extends WorkstationJob>(
  job: J,
  hooks: WorkstationHooks,
): Promise<J extends { kind: 'first-sync' } ? FirstSyncResult : PushResult> {
  type Out = J extends { kind: 'first-sync' } ? FirstSyncResult : PushResult;
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'workstation.ts')], {
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const tell = (m: ParentMessage) => child.send(m);
  return new Promise<Out>((resolve, reject) => {
    let settled = false;
    let pending: Promise<void> = Promise.resolve();
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(e);
    };
    child.on('message', (raw: unknown) => {
      const parsed = childMessage.safeParse(raw);
      if (!parsed.success)
        return fail(new Error(`workstation process: unexpected message ${JSON.stringify(raw)}`));
      const m = parsed.data;
      const failed = (e: unknown) => fail(e instanceof Error ? e : new Error(String(e)));
      if (m.type === 'ready') {
        hooks.onReady(m.detail).then(() => tell({ type: 'go' }), failed);
      } else if (m.type === 'measured') {
        pending = hooks.onMeasured().catch(failed);
      } else if (m.type === 'error') {
        fail(new Error(`workstation process failed: ${m.message}`));
      } else if (m.result.kind !== job.kind) {
        fail(new Error(`workstation process answered a ${m.result.kind} job for a ${job.kind} one`));
      } else {
        const result = m.result as Out;
        void pending.then(() => {
          if (settled) return;
          settled = true;
          resolve(result);
        });
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (!settled) fail(new Error(`workstation process ended (${signal ?? code}) before its result`));
    });
    tell({ type: 'job', job });
  });
}
