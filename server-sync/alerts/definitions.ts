import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { builtInDefinition, type AlertCategory, type EscalationRules } from '../../src-shared/alerts';
import type { AlertPriority } from '../../src-shared/enums';
import { AlertDeliveryChannel, UserRole } from '../../src-shared/enums';
import type { ServerDb } from '../db/connect';

/** An alert definition as the server works with it (alert_definitions, parsed). */
export interface Definition {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly category: AlertCategory | null;
  readonly priority: AlertPriority;
  readonly conditions: Record<string, unknown>;
  readonly escalation: EscalationRules | null;
  readonly channels: readonly AlertDeliveryChannel[];
  readonly template: string | null;
  readonly isActive: boolean;
  readonly canDismiss: boolean;
  readonly requireAck: boolean;
  readonly expirationMinutes: number | null;
  readonly updatedAt: Date;
}

export const escalationRules = z.object({
  escalate_after_minutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  escalate_to: z.array(z.enum(UserRole)).min(1),
});
const channels = z.array(z.enum(AlertDeliveryChannel));
const conditions = z.record(z.string(), z.unknown());

type Row = {
  id: string;
  alert_code: string;
  alert_name: string;
  alert_category: AlertCategory | null;
  priority_level: AlertPriority;
  alert_conditions: unknown;
  escalation_rules: unknown;
  delivery_channels: unknown;
  message_template: string | null;
  is_active: boolean;
  can_user_dismiss: boolean;
  require_acknowledgment: boolean;
  expiration_minutes: number | null;
  updated_at: Date;
};

export const DEFINITION_COLUMNS = [
  'id',
  'alert_code',
  'alert_name',
  'alert_category',
  'priority_level',
  'alert_conditions',
  'escalation_rules',
  'delivery_channels',
  'message_template',
  'is_active',
  'can_user_dismiss',
  'require_acknowledgment',
  'expiration_minutes',
  'updated_at',
] as const;

/** A stored row, parsed; JSON a definition holds that is not what the rules expect counts as none (never a crash). */
export function toDefinition(r: Row): Definition {
  const esc = escalationRules.safeParse(r.escalation_rules);
  const ch = channels.safeParse(r.delivery_channels);
  const cond = conditions.safeParse(r.alert_conditions);
  return {
    id: r.id,
    code: r.alert_code,
    name: r.alert_name,
    category: r.alert_category,
    priority: r.priority_level,
    conditions: cond.success ? cond.data : {},
    escalation: esc.success ? esc.data : null,
    channels: ch.success ? ch.data : ['IN_APP'],
    template: r.message_template,
    isActive: r.is_active,
    canDismiss: r.can_user_dismiss,
    requireAck: r.require_acknowledgment,
    expirationMinutes: r.expiration_minutes,
    updatedAt: r.updated_at,
  };
}

export async function definitionByCode(db: ServerDb, code: string): Promise<Definition | null> {
  const r = await db
    .selectFrom('alert_definitions')
    .select(DEFINITION_COLUMNS)
    .where('alert_code', '=', code)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toDefinition(r) : null;
}

export async function definitionById(db: ServerDb, id: string): Promise<Definition | null> {
  const r = await db
    .selectFrom('alert_definitions')
    .select(DEFINITION_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? toDefinition(r) : null;
}

/**
 * The definition of a code: the stored row, else the built-in one written now (a database the demo seed did not
 * fill, or a code added to the catalog later). Two servers writing it at once make one row (UNIQUE alert_code).
 */
export async function ensureDefinition(db: ServerDb, code: string, now: Date): Promise<Definition | null> {
  const found = await definitionByCode(db, code);
  if (found) return found;
  const d = builtInDefinition(code);
  if (!d) return null;
  await db
    .insertInto('alert_definitions')
    .values({
      id: uuidv7({ msecs: now.getTime() }),
      alert_code: d.code,
      alert_name: d.name,
      alert_category: d.category,
      priority_level: d.priority,
      alert_conditions: JSON.stringify(d.conditions),
      escalation_rules: d.escalation ? JSON.stringify(d.escalation) : null,
      delivery_channels: JSON.stringify(d.channels),
      message_template: d.template,
      is_active: true,
      can_user_dismiss: d.dismiss,
      require_acknowledgment: d.ack,
      expiration_minutes: d.expires,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('alert_code').doNothing())
    .execute();
  return definitionByCode(db, code);
}

export async function listDefinitions(db: ServerDb): Promise<Definition[]> {
  const rows = await db
    .selectFrom('alert_definitions')
    .select(DEFINITION_COLUMNS)
    .where('deleted_at', 'is', null)
    .orderBy('alert_code')
    .execute();
  return rows.map(toDefinition);
}
