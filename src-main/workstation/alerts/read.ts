import { sql } from 'kysely';
import type { AlertRow, AlertsSummary } from '../../../src-shared/ipc/alerts';
import { IpcError } from '../../../src-shared/ipc/errors';
import { dateTimeIn, localDate, localDayRange, timeIn } from '../../../src-shared/time';
import { fullName, opt, query, type Actor, type WorkstationContext } from '../context';

/**
 * The alerts of the nurse's school (feature 26): the instances raised here or pulled from the district server, with
 * their definitions. An instance belongs to the school by school_id; one without a school is shown only to the
 * user it targets.
 */

const OPEN = ['ACTIVE', 'ESCALATED'] as const;

const priority = sql<AlertRow['priority']>`coalesce(i.priority_override, d.priority_level)`;
const priorityRank = sql`CASE ${priority} WHEN 'EMERGENCY' THEN 0 WHEN 'CRITICAL' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 3 ELSE 4 END`;

function base(ctx: WorkstationContext, actor: Actor) {
  return query
    .selectFrom('alert_instances as i')
    .innerJoin('alert_definitions as d', 'd.id', 'i.alert_definition_id')
    .leftJoin('students as s', (j) =>
      j.on('i.target_entity_type', '=', sql.lit('STUDENT')).onRef('s.id', '=', 'i.target_entity_id'),
    )
    .leftJoin('users as ua', 'ua.id', 'i.acknowledged_by')
    .leftJoin('users as ur', 'ur.id', 'i.resolved_by')
    .select([
      'i.id',
      'd.alert_code',
      'd.alert_name',
      'd.alert_category',
      'd.message_template',
      'd.can_user_dismiss',
      'd.require_acknowledgment',
      priority.as('priority'),
      'i.alert_status',
      'i.triggered_at',
      'i.target_entity_type',
      'i.target_entity_id',
      'i.alert_data',
      'i.acknowledged_at',
      'i.resolved_at',
      'i.resolution_notes',
      's.first_name',
      's.last_name',
      's.preferred_name',
      sql<string | null>`ua.first_name || ' ' || ua.last_name`.as('ack_name'),
      sql<string | null>`ur.first_name || ' ' || ur.last_name`.as('res_name'),
    ])
    .where('i.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('i.school_id', '=', ctx.schoolId),
        eb.and([
          eb('i.school_id', 'is', null),
          eb('i.target_entity_type', '=', 'USER'),
          eb('i.target_entity_id', '=', actor.userId ?? ''),
        ]),
      ]),
    );
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

/** The instance's data (alert_data JSON), or {} when absent or not an object. */
export function alertData(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The definition's template with `{{name}}` replaced by the data's values: an instant as the school's time (today:
 * the time; another day: date and time), a value not recorded as —.
 */
export function fillTemplate(
  template: string,
  data: Record<string, unknown>,
  tz: string,
  today: string,
): string {
  return template.replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/gi, (_whole, name: string) => {
    const v = data[name];
    if (typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v))) {
      const ms = Date.parse(v);
      return localDate(ms, tz) === today ? timeIn(ms, tz) : dateTimeIn(ms, tz, true);
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number').join(', ');
    return '—';
  });
}

function toRow(r: Row, tz: string, today: string): AlertRow {
  const data = alertData(r.alert_data);
  const student =
    r.target_entity_type === 'STUDENT' && r.first_name !== null && r.last_name !== null
      ? fullName({ first_name: r.first_name, last_name: r.last_name, preferred_name: r.preferred_name })
      : undefined;
  const studentName =
    student ?? (typeof data.student_name === 'string' && data.student_name ? data.student_name : undefined);
  return {
    id: r.id,
    code: r.alert_code,
    title: r.alert_name,
    priority: r.priority,
    status: r.alert_status,
    category: opt(r.alert_category),
    triggeredAt: r.triggered_at,
    studentId: r.target_entity_type === 'STUDENT' && student ? opt(r.target_entity_id) : undefined,
    studentName,
    message: r.message_template
      ? fillTemplate(r.message_template, { student_name: studentName, ...data }, tz, today)
      : undefined,
    acknowledgedAt: opt(r.acknowledged_at),
    acknowledgedBy: opt(r.ack_name),
    resolvedAt: opt(r.resolved_at),
    resolvedBy: opt(r.res_name),
    resolutionNotes: opt(r.resolution_notes),
    canDismiss: r.can_user_dismiss === 1,
    requiresAcknowledgment: r.require_acknowledgment === 1,
  };
}

/**
 * The open alerts (ACTIVE, ESCALATED) and those acknowledged today (school time), most urgent first, newest first
 * within a priority. Like Today and the MAR (polled lists), the list is not audited per poll; opening one alert is
 * (alerts.get).
 */
export function listAlerts(ctx: WorkstationContext, actor: Actor, limit = 100): AlertRow[] {
  const tz = ctx.timeZone();
  const today = localDate(ctx.now(), tz);
  const day = localDayRange(today, tz);
  return ctx
    .all(
      base(ctx, actor)
        .where((eb) =>
          eb.or([
            eb('i.alert_status', 'in', OPEN),
            eb.and([
              eb('i.alert_status', '=', 'ACKNOWLEDGED'),
              eb('i.acknowledged_at', '>=', day.from),
              eb('i.acknowledged_at', '<', day.to),
            ]),
          ]),
        )
        .orderBy(sql`CASE WHEN i.alert_status = 'ACKNOWLEDGED' THEN 1 ELSE 0 END`)
        .orderBy(priorityRank)
        .orderBy('i.triggered_at', 'desc')
        .limit(limit),
    )
    .map((r) => toRow(r, tz, today));
}

/** One alert of the school (NOT_FOUND otherwise), without auditing (the caller audits what it does with it). */
export function findAlert(ctx: WorkstationContext, actor: Actor, id: string): AlertRow {
  const r = ctx.first(base(ctx, actor).where('i.id', '=', id));
  if (!r) throw new IpcError('NOT_FOUND', `no alert ${id} at this school`, 'id');
  const tz = ctx.timeZone();
  return toRow(r, tz, localDate(ctx.now(), tz));
}

/** alerts.get: one alert, its message and resolution; the view is audited. */
export function getAlert(ctx: WorkstationContext, actor: Actor, id: string): AlertRow {
  const row = findAlert(ctx, actor, id);
  ctx.audit(actor, 'VIEW', 'alert_instances', id, {
    code: row.code,
    ...(row.studentId ? { student_id: row.studentId } : {}),
  });
  return row;
}

/** The open count and a revision that changes whenever an alert of the school is raised or changes. */
export function alertsSummary(ctx: WorkstationContext, actor: Actor): AlertsSummary {
  const open = ctx.first(
    base(ctx, actor)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.alert_status', 'in', OPEN),
  );
  const rev = ctx.first(
    query
      .selectFrom('alert_instances')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
      .where((eb) => eb.or([eb('school_id', '=', ctx.schoolId), eb('school_id', 'is', null)])),
  );
  return { open: open?.n ?? 0, revision: `${rev?.n ?? 0}:${rev?.at ?? ''}` };
}
