import type { z } from 'zod';
import type { AlertInstance, updateDefinitionRequest } from '../../src-shared/api/alerts';
import type { AlertStatus } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';
import { toDefinition, DEFINITION_COLUMNS } from './definitions';
import { titleOf } from './service';

/** Alert instances of the given schools (and, for district roles, the district-wide ones), newest first. */
export async function listInstances(
  db: ServerDb,
  f: {
    readonly schoolIds: readonly string[];
    readonly includeDistrictWide: boolean;
    readonly status: AlertStatus | null;
    readonly code: string | null;
    readonly limit: number;
  },
): Promise<AlertInstance[]> {
  let q = db
    .selectFrom('alert_instances as i')
    .innerJoin('alert_definitions as d', 'd.id', 'i.alert_definition_id')
    .leftJoin('schools as s', 's.id', 'i.school_id')
    .leftJoin('districts as dz', 'dz.id', 's.district_id')
    .select([
      's.timezone as school_tz',
      'dz.timezone as district_tz',
      'i.id as instance_id',
      'i.priority_override',
      'i.alert_status',
      'i.school_id',
      's.name as school_name',
    ])
    .select([
      'i.target_entity_type',
      'i.target_entity_id',
      'i.alert_data',
      'i.triggered_at',
      'i.acknowledged_at',
      'i.acknowledged_by',
      'i.resolved_at',
      'i.resolved_by',
      'i.resolution_notes',
      'i.escalation_level',
      'i.expires_at',
      'i.updated_at as instance_updated_at',
    ])
    .select(DEFINITION_COLUMNS.map((c) => `d.${c}` as const))
    .where('i.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(f.schoolIds.length ? [eb('i.school_id', 'in', f.schoolIds)] : []),
        ...(f.includeDistrictWide ? [eb('i.school_id', 'is', null)] : []),
        eb.val(false),
      ]),
    );
  if (f.status) q = q.where('i.alert_status', '=', f.status);
  if (f.code) q = q.where('d.alert_code', '=', f.code);
  const rows = await q.orderBy('i.triggered_at', 'desc').orderBy('i.id').limit(f.limit).execute();
  return rows.map((r) => {
    const definition = toDefinition(r);
    const data =
      r.alert_data && typeof r.alert_data === 'object' && !Array.isArray(r.alert_data)
        ? (r.alert_data as Record<string, unknown>)
        : {};
    return {
      id: r.instance_id,
      code: definition.code,
      name: definition.name,
      title: titleOf({ definition, data, schoolName: r.school_name, timeZone: r.school_tz ?? r.district_tz }),
      priority: r.priority_override ?? definition.priority,
      status: r.alert_status,
      schoolId: r.school_id,
      targetType: r.target_entity_type,
      targetId: r.target_entity_id,
      data,
      triggeredAt: r.triggered_at.toISOString(),
      acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
      acknowledgedBy: r.acknowledged_by,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      resolvedBy: r.resolved_by,
      resolutionNotes: r.resolution_notes,
      escalationLevel: r.escalation_level,
      expiresAt: r.expires_at?.toISOString() ?? null,
      updatedAt: r.instance_updated_at.toISOString(),
    };
  });
}

export async function updateDefinition(
  db: ServerDb,
  now: Date,
  id: string,
  b: z.infer<typeof updateDefinitionRequest>,
): Promise<void> {
  await db
    .updateTable('alert_definitions')
    .set({
      updated_at: now,
      ...(b.name !== undefined ? { alert_name: b.name } : {}),
      ...(b.priority !== undefined ? { priority_level: b.priority } : {}),
      ...(b.conditions !== undefined ? { alert_conditions: JSON.stringify(b.conditions) } : {}),
      ...(b.escalation !== undefined
        ? { escalation_rules: b.escalation ? JSON.stringify(b.escalation) : null }
        : {}),
      ...(b.channels !== undefined ? { delivery_channels: JSON.stringify(b.channels) } : {}),
      ...(b.template !== undefined ? { message_template: b.template } : {}),
      ...(b.isActive !== undefined ? { is_active: b.isActive } : {}),
      ...(b.requireAck !== undefined ? { require_acknowledgment: b.requireAck } : {}),
      ...(b.canDismiss !== undefined ? { can_user_dismiss: b.canDismiss } : {}),
      ...(b.expirationMinutes !== undefined ? { expiration_minutes: b.expirationMinutes } : {}),
    })
    .where('id', '=', id)
    .execute();
}
