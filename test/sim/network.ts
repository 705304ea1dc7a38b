import { drawNetworkFault, type FaultCounts, type FaultRates } from './faults';
import type { Prng } from './prng';

/**
 * The network between the workstations and the district server: real HTTP on loopback, with faults drawn per
 * request (faults.ts). It is handed to the real transport (src-main/sync/transport.ts) as its `fetch`, so the
 * transport turns these failures into its own errors exactly as it would a broken connection.
 */

type Fetch = typeof fetch;

interface Held {
  /** Delivered once this many later requests have been handled. */
  countdown: number;
  deliver(): Promise<void>;
}

class NetworkError extends TypeError {
  constructor(message: string) {
    super(`sim network: ${message}`);
  }
}

async function copy(res: Response): Promise<Response> {
  const body = await res.arrayBuffer();
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

export class SimNetwork {
  private readonly held: Held[] = [];
  private readonly late = new Set<Promise<void>>();
  /** Statuses of 5xx answers (the server must not fail on any request the sim sends). */
  readonly serverErrors: string[] = [];

  constructor(
    private readonly counts: FaultCounts,
    private readonly rates: () => FaultRates,
    private readonly realFetch: Fetch = globalThis.fetch,
  ) {}

  private async send(input: string, init: RequestInit | undefined): Promise<Response> {
    const res = await this.realFetch(input, init);
    if (res.status >= 500) {
      const c = await copy(res);
      this.serverErrors.push(
        `${res.status} ${init?.method ?? 'GET'} ${input.replace(/^https?:\/\/[^/]+/, '')}: ${(await c.clone().text()).slice(0, 300)}`,
      );
      return c;
    }
    return res;
  }

  /** Delivers held requests whose countdown ran out (after another request was handled). */
  private released(): void {
    for (let i = this.held.length - 1; i >= 0; i--) {
      const h = this.held[i];
      if (!h || --h.countdown > 0) continue;
      this.held.splice(i, 1);
      const p = h.deliver().finally(() => this.late.delete(p));
      this.late.add(p);
    }
  }

  /** The fetch of one workstation: its faults drawn from its own stream. */
  fetchFor(prng: Prng): Fetch {
    const f = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const url = input instanceof Request ? input.url : String(input);
      // no abort timer on the simulated wire: a held request must still be deliverable later
      const { signal: _signal, ...plain } = init ?? {};
      this.counts.requests++;
      const fault = drawNetworkFault(prng, this.rates());
      try {
        switch (fault) {
          case 'drop-before':
            this.counts.dropBefore++;
            throw new NetworkError('connection reset before the request reached the server');
          case 'delay': {
            this.counts.delay++;
            this.held.push({
              // counted down by this request too: delivered after 1 to 4 later requests
              countdown: prng.int(2, 5),
              deliver: async () => {
                this.counts.lateDeliveries++;
                try {
                  await (await this.send(url, plain)).arrayBuffer();
                } catch {
                  // a late request that fails goes unnoticed, as on a real network
                }
              },
            });
            throw new NetworkError('request timed out (it is still on its way)');
          }
          case 'drop-after': {
            this.counts.dropAfter++;
            await (await this.send(url, plain)).arrayBuffer();
            throw new NetworkError('connection reset after the server answered');
          }
          case 'duplicate': {
            this.counts.duplicate++;
            const together = prng.chance(0.5);
            const keepSecond = prng.chance(0.5);
            let a: Response;
            let b: Response;
            if (together)
              [a, b] = await Promise.all([
                this.send(url, plain).then(copy),
                this.send(url, plain).then(copy),
              ]);
            else {
              a = await copy(await this.send(url, plain));
              b = await copy(await this.send(url, plain));
            }
            return keepSecond ? b : a;
          }
          case 'none':
            return await this.send(url, plain);
        }
      } finally {
        this.released();
      }
    };
    return f;
  }

  /** Delivers every held request and waits for every late delivery (before the final checks). */
  async drain(): Promise<void> {
    while (this.held.length > 0 || this.late.size > 0) {
      for (const h of this.held) h.countdown = 1;
      this.released();
      await Promise.all([...this.late]);
    }
  }
}
