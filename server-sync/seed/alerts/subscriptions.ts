import type { Faker } from '@faker-js/faker';
import type { DistrictRec, StaffRec } from '../district';
import {
  addMinutes,
  insertMany,
  json,
  newId,
  stamps,
  type CatalogIds,
  type ColumnOf,
  type NewRow,
  type SeedContext,
} from '../helpers';

export type Channel = 'IN_APP' | 'EMAIL' | 'SMS' | 'PUSH' | 'VOICE';

/**
 * alert_subscriptions: who wants what, by role (nurses their school's emergencies, medication and compliance
 * alerts with quiet hours; school admins emergencies and outbreaks; the health director outbreaks, emergencies
 * and count discrepancies; auditors system alerts). Draws from the alerts section's random stream `f`, first.
 */
export async function seedAlertSubscriptions(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  f: Faker,
): Promise<void> {
  const director = district.healthDirectorId;
  const subRows: NewRow<'alert_subscriptions'>[] = [];
  const subAt = addMinutes(ctx.setupAt, 240);
  const sub = (
    u: StaffRec,
    def: string | null,
    category: ColumnOf<'alert_subscriptions', 'alert_category'>,
    threshold: ColumnOf<'alert_subscriptions', 'priority_threshold'>,
    channels: Channel[],
    quiet: [string, string] | null,
    weekend: boolean,
  ) =>
    subRows.push({
      id: newId(f, addMinutes(subAt, subRows.length / 100)),
      user_id: u.id,
      alert_definition_id: def ? (catalogs.alerts.get(def) ?? null) : null,
      alert_category: category,
      priority_threshold: threshold,
      delivery_channels: json(channels),
      is_active: true,
      quiet_hours_start: quiet?.[0] ?? null,
      quiet_hours_end: quiet?.[1] ?? null,
      weekend_delivery: weekend,
      ...stamps(subAt),
    });
  for (const u of district.staff) {
    if (u.role === 'NURSE') {
      sub(u, null, 'HEALTH_EMERGENCY', 'HIGH', ['IN_APP', 'SMS'], null, true);
      sub(u, null, 'MEDICATION', null, ['IN_APP', 'EMAIL'], ['20:00', '06:30'], false);
      sub(u, null, 'COMPLIANCE', 'LOW', ['IN_APP'], ['17:00', '07:00'], false);
    } else if (u.role === 'SCHOOL_ADMIN') {
      sub(u, null, 'HEALTH_EMERGENCY', 'CRITICAL', ['IN_APP', 'SMS', 'VOICE'], null, true);
      sub(u, 'OUTBREAK_DETECTED', null, null, ['IN_APP', 'EMAIL'], null, false);
    } else if (u.role === 'DISTRICT_ADMIN') {
      if (u.id === director) {
        sub(u, 'OUTBREAK_DETECTED', null, null, ['IN_APP', 'EMAIL', 'SMS'], null, true);
        sub(u, null, 'HEALTH_EMERGENCY', 'EMERGENCY', ['IN_APP', 'SMS'], ['22:00', '06:00'], true);
        sub(u, 'CONTROLLED_COUNT_DISCREPANCY', null, null, ['IN_APP', 'EMAIL'], null, false);
      } else sub(u, null, 'SYSTEM', null, ['IN_APP', 'EMAIL'], ['18:00', '07:00'], false);
    } else if (u.role === 'AUDITOR') {
      sub(u, null, 'SYSTEM', 'HIGH', ['EMAIL'], null, false);
    }
  }
  await insertMany(ctx.db, 'alert_subscriptions', subRows, ctx.progress);
}
