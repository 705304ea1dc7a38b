import { sql } from 'kysely';
import type { AlertStreamEvent } from '../../src-shared/api/alerts';
import type { ServerDb } from '../db/connect';
import { instanceInfo } from './plan';
import { titleOf } from './service';

/** How often each server polls alert_instances.updated_at: changes made by any server instance reach every stream. */
export const POLL_MS = 2_000;
/** How far back a poll looks behind its cursor (rows pushed by workstations carry the workstation's updated_at). */
const LOOKBACK_MS = 5 * 60_000;

export type StreamListener = (e: AlertStreamEvent) => void;

/**
 * One poller per server shared by every open stream: started with the first listener, stopped with the last. Each
 * poll reads the instances changed since its cursor and hands each change (a new updated_at, status or level) to
 * every listener, which filters by what its caller may see.
 */
export class AlertChangeFeed {
  private readonly listeners = new Set<StreamListener>();
  private timer: NodeJS.Timeout | null = null;
  private cursor: Date | null = null;
  private readonly seen = new Map<string, string>();
  private running: Promise<void> | null = null;

  constructor(private readonly db: ServerDb) {}

  /** Adds a listener; `ready` resolves once the feed knows what exists (changes after it are reported). */
  subscribe(l: StreamListener): { ready: Promise<void>; unsubscribe: () => void } {
    this.listeners.add(l);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), POLL_MS);
      this.timer.unref();
    }
    const ready = this.cursor === null ? this.poll() : Promise.resolve();
    const unsubscribe = () => {
      this.listeners.delete(l);
      if (this.listeners.size === 0) this.stop();
    };
    return { ready, unsubscribe };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One poll (serialized: a slow one is not overlapped). */
  poll(): Promise<void> {
    this.running ??= this.pollOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pollOnce(): Promise<void> {
    try {
      if (this.cursor === null) {
        const r = await sql<{ m: Date | null }>`SELECT max(updated_at) AS m FROM alert_instances`.execute(
          this.db,
        );
        const m = r.rows[0]?.m;
        this.cursor = m ? new Date(m) : new Date(0);
        // what exists when the feed starts is not news
        const rows = await this.db
          .selectFrom('alert_instances')
          .select(['id', 'updated_at', 'alert_status', 'escalation_level'])
          .where('updated_at', '>=', new Date(this.cursor.getTime() - LOOKBACK_MS))
          .execute();
        for (const row of rows)
          this.seen.set(row.id, `${row.updated_at.getTime()}|${row.alert_status}|${row.escalation_level}`);
        return;
      }
      const from = new Date(this.cursor.getTime() - LOOKBACK_MS);
      const rows = await this.db
        .selectFrom('alert_instances')
        .select(['id', 'updated_at', 'alert_status', 'escalation_level'])
        .where('updated_at', '>=', from)
        .orderBy('updated_at')
        .limit(1000)
        .execute();
      for (const row of rows) {
        const v = `${row.updated_at.getTime()}|${row.alert_status}|${row.escalation_level}`;
        if (this.seen.get(row.id) === v) continue;
        this.seen.set(row.id, v);
        if (row.updated_at > this.cursor) this.cursor = row.updated_at;
        const info = await instanceInfo(this.db, row.id);
        if (!info) continue;
        const event: AlertStreamEvent = {
          id: info.id,
          schoolId: info.schoolId,
          code: info.definition.code,
          priority: info.priority,
          status: info.status,
          title: titleOf(info),
        };
        for (const l of this.listeners) l(event);
      }
      const horizon = this.cursor.getTime() - 2 * LOOKBACK_MS;
      if (this.seen.size > 10_000) {
        for (const [id, v] of this.seen) if (Number(v.split('|')[0]) < horizon) this.seen.delete(id);
      }
    } catch {
      /* the next poll tries again (a database restart must not end the streams) */
    }
  }
}
