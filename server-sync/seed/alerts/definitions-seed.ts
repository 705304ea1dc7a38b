import type { Faker } from '@faker-js/faker';
import { addMinutes, insertMany, json, newId, stamps, type NewRow, type SeedContext } from '../helpers';
import { ALERT_DEFINITIONS } from './definitions';

/**
 * alert_definitions, created by the Director of Health Services, from the catalog step's random stream
 * (catalog.ts). Returns alert_code -> alert_definitions.id.
 */
export async function seedAlertDefinitions(
  ctx: SeedContext,
  f: Faker,
  at: Date,
  creator: string,
): Promise<ReadonlyMap<string, string>> {
  const alerts = new Map<string, string>();
  await insertMany(
    ctx.db,
    'alert_definitions',
    ALERT_DEFINITIONS.map((ad, i): NewRow<'alert_definitions'> => {
      const id = newId(f, addMinutes(at, 6 + i / 100));
      alerts.set(ad.code, id);
      return {
        id,
        alert_code: ad.code,
        alert_name: ad.name,
        alert_category: ad.category,
        priority_level: ad.priority,
        alert_conditions: json(ad.conditions),
        escalation_rules: ad.escalation ? json(ad.escalation) : null,
        delivery_channels: json(ad.channels),
        message_template: ad.template,
        is_active: true,
        can_user_dismiss: ad.dismiss,
        require_acknowledgment: ad.ack,
        expiration_minutes: ad.expires,
        created_by: creator,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );
  return alerts;
}
