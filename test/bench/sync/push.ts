import { applyGroupingExperiment } from './experiment';
import { postgresInsertLimit } from './limit-postgres';
import { AIM, emitCpu, measured, rate, sec, type Ctx } from './measure';
import { enrollDevices } from './server';

/**
 * Part 2: push ingest from --devices workstations at once (the real client, own tokens, own schools), its limit
 * (the same rows by plain batched multi-row INSERTs from as many writers), and where the time goes.
 */
export async function benchPush(ctx: Ctx): Promise<void> {
  const { o, bdb, emit } = ctx;
  const schools = ctx.district.schools.slice(1);
  const devices = await enrollDevices(
    ctx.server.url,
    { email: ctx.district.adminEmail, password: ctx.district.password },
    schools.map((s) => s.id),
  );
  const { r, server } = await measured(ctx, {
    kind: 'push',
    url: ctx.server.url,
    email: ctx.district.nurseEmail,
    password: ctx.district.password,
    dir: ctx.dir,
    devices,
    changesPerDevice: o.changes,
    batchSize: o.batch,
    seed: o.seed,
    profile: o.profile,
  });
  const statements = bdb.stats.top(12);
  // what a push does while it holds the sync capture lock (taken after its writes, to log their staged changes with
  // sync_log_staged, and held to commit): every push waits for this of every other, so batch / this is the ceiling of
  // ingest whatever the concurrency
  const perPush = (re: RegExp) => {
    const m = bdb.stats.matching(re);
    return r.batches > 0 ? m.ms / r.batches : 0;
  };
  const serialized = {
    log: perPush(/sync_log_staged/),
    audit: perPush(/audit_chain_(lock_)?head|into "audit_logs"|audit chain lock/),
    commit: perPush(/^commit$/),
  };
  const statementMs = bdb.stats.totalMs();
  const handler = ctx.server.routes.get('POST /sync/push');
  const db = bdb.kind;
  if (r.rejections > 0 || r.acked !== r.changes) {
    emit({
      database: db,
      measurement: 'push_warning',
      note: `acked ${r.acked} of ${r.changes} changes, ${r.rejections} rejected`,
    });
  }
  const pushRate = rate(r.acked, r.ms);
  const ids = devices.map((d) => d.deviceId);
  const limit = await postgresInsertLimit(bdb.handle.db, ids, {
    batchSize: o.batch,
    prefix: 'limit-',
    withoutCapture: false,
  });
  const bare = await postgresInsertLimit(bdb.handle.db, ids, {
    batchSize: o.batch,
    prefix: 'bare-',
    withoutCapture: true,
  });
  const limitRate = rate(limit.rows, limit.ms);
  emit({
    database: db,
    measurement: 'push_ingest_changes_per_s',
    devices: r.devices,
    changes: r.acked,
    batches: r.batches,
    batch_size: o.batch,
    seconds: sec(r.ms),
    value: pushRate,
    aim: AIM.pushChangesPerS,
    meets_aim: pushRate >= AIM.pushChangesPerS,
  });
  emit({
    database: db,
    measurement: 'push_limit_changes_per_s',
    rows: limit.rows,
    statements: limit.statements,
    seconds: sec(limit.ms),
    value: limitRate,
  });
  emit({
    database: db,
    measurement: 'push_to_limit_ratio',
    value: Number((pushRate / limitRate).toFixed(3)),
  });
  if (o.profile) {
    const nurse = await bdb.handle.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', ctx.district.nurseEmail)
      .executeTakeFirstOrThrow();
    const x = await applyGroupingExperiment(bdb.handle.db, devices, nurse.id, o.batch);
    for (const [grouping, g] of [
      ['former: one statement per run of one table', x.runs],
      ['as pushed (groupWrites): one statement per table', x.perTable],
    ] as const) {
      emit({
        database: db,
        measurement: 'push_apply_experiment',
        grouping,
        writes: x.writes,
        statements_per_batch: Number((g.statements / Math.max(1, r.batches)).toFixed(1)),
        ms_per_1000: Number(((g.ms * 1000) / Math.max(1, x.writes)).toFixed(1)),
      });
    }
  }
  emit({
    database: db,
    measurement: 'push_limit_without_capture_changes_per_s',
    rows: bare.rows,
    seconds: sec(bare.ms),
    value: rate(bare.rows, bare.ms),
  });
  emit({
    database: db,
    measurement: 'push_time_split',
    wall_s: sec(r.ms),
    server_push_handler_s: sec(handler.ms),
    avg_push_ms: handler.calls > 0 ? Math.round(handler.ms / handler.calls) : null,
    pushes: handler.calls,
    server_cpu_s: server ? sec(server.serverCpuMs) : null,
    db_backend_cpu_s: server?.backendCpuMs != null ? sec(server.backendCpuMs) : null,
    db_statement_s: sec(statementMs),
  });
  const heldMs = serialized.log + serialized.audit + serialized.commit;
  emit({
    database: db,
    measurement: 'push_serialized_ms_per_batch',
    log_ms: Math.round(serialized.log),
    apply_outside_lock_ms: Math.round(perPush(/sync_apply_changes/)),
    audit_ms: Math.round(serialized.audit),
    commit_ms: Math.round(serialized.commit),
    value: Math.round(heldMs),
    ceiling_changes_per_s: heldMs > 0 ? Math.round(r.acked / Math.max(1, r.batches) / (heldMs / 1000)) : null,
  });
  for (const s of statements) {
    emit({
      database: db,
      measurement: 'push_db_statement',
      statement: s.label,
      calls: s.calls,
      ms: Math.round(s.ms),
      ms_per_1000: Number(((s.ms * 1000) / Math.max(1, r.acked)).toFixed(1)),
    });
  }
  emitCpu(ctx, 'push_cpu', 'workstations', r.cpu, r.acked);
  if (server) emitCpu(ctx, 'push_cpu', 'server', server.serverProfile, r.acked);
}
