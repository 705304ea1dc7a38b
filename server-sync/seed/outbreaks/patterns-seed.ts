import type { Faker } from '@faker-js/faker';
import { addMinutes, insertMany, json, newId, stamps, type NewRow, type SeedContext } from '../helpers';
import { OUTBREAK_PATTERNS } from './patterns';

/**
 * outbreak_patterns, created by the Director of Health Services, from the catalog step's random stream
 * (catalog.ts). Returns pattern key (ILI, GI...) -> outbreak_patterns.id.
 */
export async function seedOutbreakPatterns(
  ctx: SeedContext,
  f: Faker,
  at: Date,
  creator: string,
): Promise<ReadonlyMap<string, string>> {
  const patterns = new Map<string, string>();
  await insertMany(
    ctx.db,
    'outbreak_patterns',
    OUTBREAK_PATTERNS.map((p, i): NewRow<'outbreak_patterns'> => {
      const id = newId(f, addMinutes(at, 7 + i / 100));
      patterns.set(p.key, id);
      return {
        id,
        pattern_name: p.name,
        disease_category: p.category,
        symptom_combination: json(p.symptoms),
        threshold_students: p.thresholdStudents,
        threshold_percentage: p.thresholdPercent,
        time_window_days: p.windowDays,
        geographic_clustering: true,
        cluster_radius_meters: 800,
        severity_level: p.severity,
        notification_recipients: json({
          roles: ['NURSE', 'SCHOOL_ADMIN', 'DISTRICT_ADMIN'],
          external: p.reportable ? ['county_health_department'] : [],
        }),
        is_active: true,
        reportable_disease: p.reportable,
        created_by: creator,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );
  return patterns;
}
