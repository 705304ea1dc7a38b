import { AIM, emitCpu, measured, rate, sec, type Ctx } from './measure';
import { enrollDevices } from './server';

/**
 * Part 1: a new workstation's first sync of its school (the real client in its own process, from the real server
 * over 127.0.0.1, into an encrypted database), its limit (the same rows by plain prepared INSERTs) and peak RSS.
 */
export async function benchFirstSync(ctx: Ctx): Promise<void> {
  const { o, bdb, emit } = ctx;
  const school = ctx.district.schools[0];
  if (!school) throw new Error('no school to sync');
  const [device] = await enrollDevices(
    ctx.server.url,
    { email: ctx.district.adminEmail, password: ctx.district.password },
    [school.id],
  );
  if (!device) throw new Error('enrollment failed');
  const { r, server } = await measured(ctx, {
    kind: 'first-sync',
    url: ctx.server.url,
    email: ctx.district.nurseEmail,
    password: ctx.district.password,
    dir: ctx.dir,
    device,
    ...(o.page !== undefined ? { pullLimit: o.page } : {}),
    ...(o.commit !== undefined ? { commitRows: o.commit } : {}),
    profile: o.profile,
  });
  const syncRate = rate(r.changes, r.ms);
  const limitRate = rate(r.limit.rows, r.limit.ms);
  const ratio = Number((syncRate / limitRate).toFixed(3));
  const db = bdb.kind;
  emit({
    database: db,
    measurement: 'first_sync_rows_per_s',
    rows: r.changes,
    school_rows: Object.values(school.rows).reduce((a, b) => a + b, 0),
    local_rows: r.localRows,
    pages: r.pages,
    page_size: r.pageSize,
    commits: r.commits,
    rows_per_commit: r.limit.pageSize,
    seconds: sec(r.ms),
    value: syncRate,
    aim: AIM.firstSyncRowsPerS,
    meets_aim: syncRate >= AIM.firstSyncRowsPerS,
  });
  emit({
    database: db,
    measurement: 'first_sync_limit_rows_per_s',
    rows: r.limit.rows,
    transactions: r.limit.pages,
    rows_per_transaction: r.limit.pageSize,
    seconds: sec(r.limit.ms),
    cpu_s: sec(r.limit.cpuMs),
    value: limitRate,
  });
  emit({
    database: db,
    measurement: 'first_sync_limit_table_order_rows_per_s',
    rows: r.limitTableOrder.rows,
    transactions: r.limitTableOrder.pages,
    rows_per_transaction: r.limitTableOrder.pageSize,
    seconds: sec(r.limitTableOrder.ms),
    cpu_s: sec(r.limitTableOrder.cpuMs),
    value: rate(r.limitTableOrder.rows, r.limitTableOrder.ms),
  });
  for (const v of r.limitVariants) {
    emit({
      database: db,
      measurement: 'first_sync_limit_variant_rows_per_s',
      page_size: v.pageSize,
      synchronous: v.synchronous,
      rows: v.rows,
      seconds: sec(v.ms),
      value: rate(v.rows, v.ms),
    });
  }
  emit({
    database: db,
    measurement: 'first_sync_to_limit_ratio',
    value: ratio,
    aim: AIM.firstSyncRatio,
    meets_aim: ratio >= AIM.firstSyncRatio,
  });
  emit({
    database: db,
    measurement: 'first_sync_peak_rss_mb',
    value: r.rssPeakMb,
    before_mb: r.rssBeforeMb,
    db_file_mb: Math.round(r.dbBytes / 1048576),
  });
  const pull = ctx.server.routes.get('GET /sync/pull');
  emit({
    database: db,
    measurement: 'first_sync_time_split',
    total_s: sec(r.ms),
    client_apply_s: sec(r.applyMs),
    client_apply_cpu_s: sec(r.applyCpuMs),
    client_not_applying_s: sec(r.ms - r.applyMs),
    client_transport_s: sec(r.transportMs),
    server_pull_handler_s: sec(pull.ms),
    server_cpu_s: server ? sec(server.serverCpuMs) : null,
    db_backend_cpu_s: server?.backendCpuMs != null ? sec(server.backendCpuMs) : null,
    db_statement_s: sec(bdb.stats.totalMs()),
  });
  const per1000 = (ms: number) => Number(((ms * 1000) / Math.max(1, r.decode.changes)).toFixed(1));
  emit({
    database: db,
    measurement: 'first_sync_decode_ms_per_1000',
    json_parse_ms: per1000(r.decode.jsonMs),
    check_ms: per1000(r.decode.checkMs),
    full_schema_check_ms: per1000(r.decode.fullSchemaMs),
  });
  for (const s of bdb.stats.top(6))
    emit({
      database: db,
      measurement: 'first_sync_db_statement',
      statement: s.label,
      calls: s.calls,
      ms: Math.round(s.ms),
    });
  emitCpu(ctx, 'first_sync_cpu', 'workstation', r.cpu, r.changes);
  if (server) emitCpu(ctx, 'first_sync_cpu', 'server', server.serverProfile, r.changes);
}
