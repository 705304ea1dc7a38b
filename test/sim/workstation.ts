import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from '../../src-shared/sync/hlc';
import type { PullQuery, PullResponse, PushRequest, PushResponse } from '../../src-shared/sync/protocol';
import { openLocalStore, type LocalStore } from '../../src-main/store/open';
import { createSyncClient, type SyncReport } from '../../src-main/sync/client';
import { SyncClockDriftError } from '../../src-main/sync/errors';
import { createFetchTransport, type SyncTransport } from '../../src-main/sync/transport';
import { drawKillFault, type FaultCounts, type FaultRates } from './faults';
import type { SimNetwork } from './network';
import { randomOperation, type LedgerWrite } from './ops';
import type { Prng } from './prng';
import type { Enrolled, LoginTokens, SimSchool } from './world';

/**
 * One simulated workstation: the real local store (an encrypted SQLite file in the seed's temp directory) and the
 * real sync client, over the real HTTP transport on the faulty network. Its clock is the simulation's clock plus
 * its own skew. A kill abandons the open connection as it stands (no close, no checkpoint: as a killed process
 * leaves it) and the workstation restarts from its database file.
 */

export interface SimEnv {
  readonly baseUrl: string;
  /** The district server's clock (the simulation's virtual time), epoch ms. */
  readonly clock: { nowMs: number };
  readonly network: SimNetwork;
  readonly counts: FaultCounts;
  readonly rates: () => FaultRates;
  /** Protocol rules the server broke, seen from the wire (e.g. accepted a clock 6 minutes ahead). */
  readonly violations: string[];
  readonly ledger: LedgerWrite[];
  readonly verbose: (line: string) => void;
}

export class SimKilled extends Error {
  override readonly name = 'SimKilled';
}

export type SyncOutcome =
  { kind: 'ok'; report: SyncReport } | { kind: 'killed' | 'drift' | 'failed'; error: string };

export class SimWorkstation {
  store!: LocalStore;
  /** True between a kill and the restart. */
  down = false;
  online = true;
  ops = 0;
  /** Connections abandoned by kills, closed when the seed ends. */
  private readonly abandoned: LocalStore[] = [];
  readonly file: string;
  private readonly key = randomBytes(32);
  private readonly opsPrng: Prng;
  private readonly netPrng: Prng;
  private readonly killPrng: Prng;
  private readonly retryPrng: Prng;
  private readonly syncPrng: Prng;
  private refreshing: Promise<void> | null = null;
  private tokenExpiresAt = 0;

  constructor(
    readonly name: string,
    readonly school: SimSchool,
    readonly device: Enrolled,
    private tokens: LoginTokens,
    /** ms this workstation's clock runs ahead of the server's (negative: behind). */
    public skewMs: number,
    dir: string,
    prng: Prng,
    private readonly env: SimEnv,
  ) {
    this.file = join(dir, `${name}.db`);
    this.opsPrng = prng.fork('ops');
    this.netPrng = prng.fork('net');
    this.killPrng = prng.fork('kill');
    this.retryPrng = prng.fork('retry');
    this.syncPrng = prng.fork('sync');
    this.tokenExpiresAt = env.clock.nowMs + tokens.expiresIn * 1000;
  }

  now(): number {
    return this.env.clock.nowMs + this.skewMs;
  }

  async open(): Promise<void> {
    this.store = await openLocalStore({
      file: this.file,
      key: this.key,
      deviceId: this.device.deviceId,
      now: () => this.now(),
    });
    this.down = false;
  }

  /** The process dies: the connection is left as it is; nothing more happens on it. */
  kill(): void {
    this.env.counts.kills++;
    this.down = true;
    this.abandoned.push(this.store);
  }

  async restart(): Promise<void> {
    if (this.down) await this.open();
  }

  /** One nurse action on this workstation; false when nothing could be written. */
  write(): boolean {
    if (this.down) return false;
    const writes = randomOperation({
      prng: this.opsPrng,
      store: this.store,
      schoolId: this.school.id,
      userId: this.school.nurseId,
      nowMs: this.now(),
      newId: () => this.opsPrng.uuid(this.now()),
    });
    this.env.ledger.push(...writes);
    if (writes.length > 0) this.ops++;
    return writes.length > 0;
  }

  /** The current token is refreshed once when it has expired (several callers share one refresh). */
  private refresh(): Promise<void> {
    if (this.env.clock.nowMs < this.tokenExpiresAt - 5_000) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        const r = await fetch(`${this.env.baseUrl}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: this.tokens.refreshToken }),
        });
        if (r.status !== 200) throw new Error(`refresh failed: ${r.status} ${await r.text()}`);
        this.tokens = (await r.json()) as LoginTokens;
        this.tokenExpiresAt = this.env.clock.nowMs + this.tokens.expiresIn * 1000;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private transport(store: LocalStore): SyncTransport {
    const inner = createFetchTransport({
      baseUrl: this.env.baseUrl,
      schemaVersion: store.schemaVersion,
      getAccessToken: () => this.tokens.accessToken,
      refreshAccessToken: () => this.refresh(),
      fetch: this.env.network.fetchFor(this.netPrng),
    });
    const killPoint = async <T>(call: () => Promise<T>): Promise<T> => {
      const fault = drawKillFault(this.killPrng, this.env.rates());
      if (fault === 'kill-before') {
        this.kill();
        throw new SimKilled(`${this.name} killed before sending`);
      }
      const r = await call();
      if (fault === 'kill-after') {
        this.kill();
        throw new SimKilled(`${this.name} killed after the server answered`);
      }
      return r;
    };
    return {
      push: (req: PushRequest): Promise<PushResponse> =>
        killPoint(async () => {
          const now = this.env.clock.nowMs;
          const ahead = Math.max(...req.changes.map((c) => parseHlc(c.hlc).wallMs)) - now;
          try {
            const r = await inner.push(req);
            if (ahead > MAX_CLOCK_DRIFT_MS)
              this.env.violations.push(
                `${this.name}: the server accepted a push ${ahead} ms ahead of its clock`,
              );
            return r;
          } catch (e) {
            if (e instanceof SyncClockDriftError && ahead <= MAX_CLOCK_DRIFT_MS)
              this.env.violations.push(
                `${this.name}: CLOCK_DRIFT for a push only ${ahead} ms ahead: ${e.message}`,
              );
            throw e;
          }
        }),
      pull: (q: PullQuery): Promise<PullResponse> => killPoint(() => inner.pull(q)),
    };
  }

  /** Push then pull once, as the app's sync timer would. A kill restarts the workstation from its file. */
  async sync(options: { pushBatchSize?: number; pullLimit?: number } = {}): Promise<SyncOutcome> {
    if (this.down) await this.restart();
    const store = this.store;
    const client = createSyncClient({
      store,
      transport: this.transport(store),
      pushBatchSize: options.pushBatchSize ?? this.syncPrng.pick([3, 20, 100, 500]),
      pullLimit: options.pullLimit ?? this.syncPrng.pick([3, 25, 200, 1000]),
      retry: {
        random: () => this.retryPrng.next(),
        sleep: () => new Promise<void>((resolve) => setImmediate(resolve)),
      },
    });
    try {
      return { kind: 'ok', report: await client.syncOnce() };
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      if (e instanceof SimKilled) {
        await this.restart();
        return { kind: 'killed', error };
      }
      if (this.down) {
        // a kill that surfaced as another error: restart all the same
        await this.restart();
        return { kind: 'killed', error };
      }
      if (e instanceof SyncClockDriftError) {
        this.env.counts.clockDriftRefusals++;
        if (this.skewMs > MAX_CLOCK_DRIFT_MS) {
          this.env.verbose(`${this.name}: clock ${this.skewMs} ms ahead refused; the nurse corrects it`);
          this.skewMs = 0;
        }
        return { kind: 'drift', error };
      }
      this.env.counts.syncFailures++;
      this.env.verbose(`${this.name}: sync failed: ${error}`);
      return { kind: 'failed', error };
    }
  }

  async close(): Promise<void> {
    for (const s of [...this.abandoned, this.store]) if (s.sqlite.open) await s.close();
  }
}
