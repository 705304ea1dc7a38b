import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonValue } from '../../../../src-shared/db/column-types';
import { MAX_CLOCK_DRIFT_MS, parseHlc } from '../../../../src-shared/sync/hlc';
import {
  SCHEMA_VERSION_HEADER,
  pullQuery,
  pullResponse,
  pushRequest,
  pushResponse,
  syncErrorBody,
  type ConflictNotice,
  type PulledChange,
  type PushRejection,
  type SyncErrorBody,
} from '../../../../src-shared/sync/protocol';
import { isSyncedTable, isWorkstationWritable } from '../../../../src-shared/sync/tables';

/**
 * A small district server for the sync client's tests, used until the real one (server-sync/sync/routes.ts) is
 * there. It speaks the protocol's wire format honestly: requests are validated with the protocol's zod schemas,
 * answers are parsed with them before they are sent, and it keeps a real in-memory log (per-device last seq,
 * per-field LWW by HLC, tombstones, conflicts, pull by server sequence scoped by the token's schools).
 */

export type Fault =
  | { readonly kind: 'drop-before' } // the connection dies before the server does anything
  | { readonly kind: 'drop-after' } // the server commits, then the connection dies before the answer
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Record<string, string>;
    };

interface LogEntry extends PulledChange {
  readonly schoolId: string | null;
}

interface RowState {
  schoolId: string | null;
  values: Record<string, JsonValue>;
  fieldHlc: Record<string, string>;
  deleted: boolean;
}

export interface DeviceGrant {
  readonly deviceId: string;
  readonly schools: readonly string[];
}

export class ProtocolServer {
  readonly devices = new Map<string, DeviceGrant>();
  readonly lastSeq = new Map<string, number>();
  readonly log: LogEntry[] = [];
  readonly rows = new Map<string, RowState>();
  readonly conflicts: (ConflictNotice & { schoolId: string | null })[] = [];
  readonly faults: { path: 'push' | 'pull'; fault: Fault }[] = [];
  /** Every request as received: path, schema header, token. */
  readonly requests: { path: string; schema: string | undefined; token: string | undefined }[] = [];
  /** Pushed seqs as the server applied them, per device (to prove nothing is applied twice). */
  readonly appliedSeqs: { deviceId: string; seq: number }[] = [];
  now: () => number = Date.now;
  /** Called with the running count of sync requests as each one arrives (tests kill a client here). */
  onRequest: ((n: number) => void) | null = null;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  grant(token: string, deviceId: string, schools: readonly string[]): void {
    this.devices.set(token, { deviceId, schools });
  }

  /** A change made on the server (reference data, another office's edit): appended to the log. */
  serverChange(c: Omit<PulledChange, 'serverSeq'>, schoolId: string | null = null): void {
    const key = `${c.table}:${c.rowId}`;
    const row = this.rows.get(key) ?? { schoolId, values: {}, fieldHlc: {}, deleted: false };
    if (c.op !== 'REMOVE') Object.assign(row.values, c.columns);
    if (c.op === 'DELETE') row.deleted = true;
    const sid = typeof c.columns.school_id === 'string' ? c.columns.school_id : schoolId;
    row.schoolId = sid;
    if (c.hlc) for (const k of Object.keys(c.columns)) row.fieldHlc[k] = c.hlc;
    if (c.op !== 'REMOVE') this.rows.set(key, row);
    this.log.push({ ...c, serverSeq: this.log.length + 1, schoolId: sid });
  }

  private error(
    res: ServerResponse,
    status: number,
    body: SyncErrorBody | { error: string; message: string },
  ): void {
    if ('expectedSeq' in body || ['CLOCK_DRIFT', 'SEQUENCE_GAP', 'BAD_REQUEST'].includes(body.error))
      syncErrorBody.parse(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname === '/sync/push' ? 'push' : url.pathname === '/sync/pull' ? 'pull' : null;
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const schema = req.headers[SCHEMA_VERSION_HEADER] as string | undefined;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (!path) return this.error(res, 404, { error: 'NOT_FOUND', message: `no route ${url.pathname}` });
    this.requests.push({ path: url.pathname, schema, token });
    this.onRequest?.(this.requests.length);
    const i = this.faults.findIndex((f) => f.path === path);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0]?.fault : undefined;
    if (fault?.kind === 'drop-before') return void req.socket.destroy();
    if (fault?.kind === 'status') {
      res
        .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
        .end(JSON.stringify(fault.body));
      return;
    }
    const device = token ? this.devices.get(token) : undefined;
    if (!device)
      return this.error(res, 401, {
        error: 'UNAUTHORIZED',
        message: 'access token missing, expired or unknown',
      });
    if (!schema || !/^\d+$/.test(schema))
      return this.error(res, 400, {
        error: 'BAD_REQUEST',
        message: `header ${SCHEMA_VERSION_HEADER} is required`,
      });
    const answer =
      path === 'push'
        ? this.push(device, Buffer.concat(chunks).toString('utf8'))
        : this.pull(device, url.searchParams);
    if (fault?.kind === 'drop-after') return void req.socket.destroy();
    if ('error' in answer) return this.error(res, answer.status, answer.error);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  private push(
    device: DeviceGrant,
    text: string,
  ): { body: unknown } | { status: number; error: SyncErrorBody } {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { status: 400, error: { error: 'BAD_REQUEST', message: 'body is not JSON' } };
    }
    const parsed = pushRequest.safeParse(json);
    if (!parsed.success) {
      return {
        status: 400,
        error: {
          error: 'BAD_REQUEST',
          message: parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
        },
      };
    }
    const now = this.now();
    for (const c of parsed.data.changes) {
      if (parseHlc(c.hlc).wallMs - now > MAX_CLOCK_DRIFT_MS) {
        return {
          status: 400,
          error: {
            error: 'CLOCK_DRIFT',
            message: `change ${c.seq}: HLC is more than 5 minutes ahead of the server`,
            serverTime: new Date(now).toISOString(),
          },
        };
      }
    }
    let last = this.lastSeq.get(device.deviceId) ?? 0;
    const first = parsed.data.changes[0];
    if (first && first.seq > last + 1) {
      return {
        status: 409,
        error: {
          error: 'SEQUENCE_GAP',
          message: `expected seq ${last + 1}, got ${first.seq}`,
          expectedSeq: last + 1,
        },
      };
    }
    let applied = 0;
    let duplicates = 0;
    const rejections: PushRejection[] = [];
    const conflicts: ConflictNotice[] = [];
    for (const c of parsed.data.changes) {
      if (c.seq <= last) {
        duplicates++;
        continue;
      }
      if (c.seq !== last + 1) break; // stop at a gap
      last = c.seq;
      this.appliedSeqs.push({ deviceId: device.deviceId, seq: c.seq });
      const reject = (code: PushRejection['code'], reason: string) =>
        rejections.push({ seq: c.seq, table: c.table, rowId: c.rowId, code, reason });
      if (!isSyncedTable(c.table)) {
        reject('UNKNOWN_TABLE', `${c.table} is not a synced table`);
        continue;
      }
      if (!isWorkstationWritable(c.table)) {
        reject('READ_ONLY_TABLE', `${c.table} is district data`);
        continue;
      }
      const key = `${c.table}:${c.rowId}`;
      const row = this.rows.get(key);
      const parentKey =
        typeof c.columns.report_instance_id === 'string'
          ? `report_instances:${c.columns.report_instance_id}`
          : '';
      const schoolId =
        row?.schoolId ??
        (typeof c.columns.school_id === 'string'
          ? c.columns.school_id
          : (this.rows.get(parentKey)?.schoolId ?? null));
      if (schoolId === null || !device.schools.includes(schoolId)) {
        reject('OUT_OF_SCOPE', `school ${String(schoolId)} is not one of this device's schools`);
        continue;
      }
      const state = row ?? { schoolId, values: {}, fieldHlc: {}, deleted: false };
      this.rows.set(key, state);
      const notice = (
        column: string | null,
        type: ConflictNotice['type'],
        winningValue: JsonValue,
        losingValue: JsonValue,
        winningHlc: string | null,
      ) => {
        const n: ConflictNotice = {
          id: `cf-${this.conflicts.length + 1}`,
          table: c.table,
          rowId: c.rowId,
          column,
          type,
          winningValue,
          losingValue,
          winningHlc,
          losingHlc: c.hlc,
          status: 'OPEN',
        };
        this.conflicts.push({ ...n, schoolId });
        conflicts.push(n);
      };
      if (state.deleted) {
        if (c.op === 'UPSERT')
          notice(
            null,
            'EDIT_AFTER_DELETE',
            { deleted_at: state.values.deleted_at ?? null },
            c.columns,
            state.fieldHlc.deleted_at ?? null,
          );
        continue;
      }
      if (c.op === 'DELETE') {
        state.deleted = true;
        const deletedAt =
          typeof c.columns.deleted_at === 'string'
            ? c.columns.deleted_at
            : new Date(parseHlc(c.hlc).wallMs).toISOString();
        state.values.deleted_at = deletedAt;
        state.fieldHlc.deleted_at = c.hlc;
        this.log.push({
          serverSeq: this.log.length + 1,
          table: c.table,
          rowId: c.rowId,
          op: 'DELETE',
          columns: { deleted_at: deletedAt },
          hlc: c.hlc,
          schoolId,
        });
        applied++;
        continue;
      }
      const won: Record<string, JsonValue> = {};
      for (const [col, v] of Object.entries(c.columns)) {
        const current = state.fieldHlc[col];
        if (current !== undefined && current > c.hlc)
          notice(col, 'FIELD_LWW', state.values[col] ?? null, v, current);
        else {
          state.values[col] = v;
          state.fieldHlc[col] = c.hlc;
          won[col] = v;
        }
      }
      if (Object.keys(won).length > 0)
        this.log.push({
          serverSeq: this.log.length + 1,
          table: c.table,
          rowId: c.rowId,
          op: 'UPSERT',
          columns: won,
          hlc: c.hlc,
          schoolId,
        });
      applied++;
    }
    this.lastSeq.set(device.deviceId, last);
    return {
      body: pushResponse.parse({
        ackedThrough: last,
        applied,
        duplicates,
        rejections,
        conflicts,
        serverTime: new Date(now).toISOString(),
      }),
    };
  }

  private pull(
    device: DeviceGrant,
    params: URLSearchParams,
  ): { body: unknown } | { status: number; error: SyncErrorBody } {
    const q = pullQuery.safeParse(Object.fromEntries(params));
    if (!q.success)
      return {
        status: 400,
        error: {
          error: 'BAD_REQUEST',
          message: q.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
        },
      };
    const visible = (e: LogEntry) => e.schoolId === null || device.schools.includes(e.schoolId);
    const after = this.log.filter((e) => e.serverSeq > q.data.after && visible(e));
    const page = after.slice(0, q.data.limit);
    const hasMore = after.length > page.length;
    const lastTaken = page[page.length - 1];
    const nextAfter = hasMore && lastTaken ? lastTaken.serverSeq : Math.max(q.data.after, this.log.length);
    const body = pullResponse.parse({
      changes: page.map(({ schoolId: _s, ...c }) => c),
      nextAfter,
      hasMore,
      remaining: !hasMore ? 0 : q.data.count ? after.length - page.length : null,
      conflicts: this.conflicts
        .filter((c) => c.status === 'OPEN' && (c.schoolId === null || device.schools.includes(c.schoolId)))
        .map(({ schoolId: _s, ...c }) => c),
    });
    return { body };
  }
}
