import { ALERT_DEFINITIONS, OUTBREAK_PATTERNS, SCHEDULES, VISIT_REASONS } from './catalogs-clinic';
import { DRUGS, FORMULARY, INTERACTIONS } from './catalogs-drugs';
import type { DistrictRec } from './district';
import {
  insertMany,
  isoDate,
  json,
  sectionFaker,
  addDays,
  addMinutes,
  newId,
  stamps,
  type SeedContext,
  type NewRow,
} from './helpers';

/**
 * District-wide reference catalogs pulled to the workstations: drug_catalog, drug_interactions,
 * interaction_severity_levels, medications (the school formulary), visit_reasons,
 * vaccination_schedules, alert_definitions, outbreak_patterns.
 */

export interface CatalogIds {
  /** drug key -> drug_catalog.id */
  readonly drugs: ReadonlyMap<string, string>;
  /** formulary key -> medications.id */
  readonly medications: ReadonlyMap<string, string>;
  /** reason_code -> visit_reasons.id */
  readonly visitReasons: ReadonlyMap<string, string>;
  /** 'DTaP:5' -> vaccination_schedules.id */
  readonly schedules: ReadonlyMap<string, string>;
  /** alert_code -> alert_definitions.id */
  readonly alerts: ReadonlyMap<string, string>;
  /** pattern key (ILI, GI...) -> outbreak_patterns.id */
  readonly patterns: ReadonlyMap<string, string>;
}

const SEVERITY_LEVELS = [
  {
    code: 'MINOR',
    rank: 1,
    name: 'Minor',
    color: '#2E7D32',
    icon: 'info-circle',
    guidance: 'Clinically minor; usually no change needed. Document and monitor.',
    alert: false,
    physician: false,
    prevent: false,
  },
  {
    code: 'MODERATE',
    rank: 2,
    name: 'Moderate',
    color: '#F9A825',
    icon: 'alert-triangle',
    guidance:
      'May need monitoring, dose spacing or a change of therapy. Check the management notes before giving.',
    alert: true,
    physician: false,
    prevent: false,
  },
  {
    code: 'MAJOR',
    rank: 3,
    name: 'Major',
    color: '#E65100',
    icon: 'alert-octagon',
    guidance:
      'Avoid the combination unless the prescriber confirms in writing; contact the prescriber before giving.',
    alert: true,
    physician: true,
    prevent: false,
  },
  {
    code: 'CONTRAINDICATED',
    rank: 4,
    name: 'Contraindicated',
    color: '#B71C1C',
    icon: 'ban',
    guidance: 'Never give together. Do not administer; notify the prescriber and the parent.',
    alert: true,
    physician: true,
    prevent: true,
  },
] as const;

export async function seedCatalogs(ctx: SeedContext, district: DistrictRec): Promise<CatalogIds> {
  const f = sectionFaker(ctx.options.seed, 'catalogs');
  const at = addMinutes(ctx.setupAt, 120);
  const reviewed = isoDate(addMinutes(ctx.setupAt, -60 * 24 * 45));
  const creator = district.healthDirectorId;

  // drug_catalog
  const drugs = new Map<string, string>();
  const drugRows = DRUGS.map((dr, i): NewRow<'drug_catalog'> => {
    const id = newId(f, addMinutes(at, i / 100));
    drugs.set(dr.key, id);
    const ndc = [0, 1].map(
      () =>
        `${dr.labeler}-${f.string.numeric({ length: 4, allowLeadingZeros: true })}-${f.string.numeric({ length: 2, allowLeadingZeros: true })}`,
    );
    return {
      id,
      drug_name: dr.name,
      generic_name: dr.name.toLowerCase(),
      brand_names: json(dr.brands),
      rxnorm_code: dr.rxnorm,
      ndc_codes: json(ndc),
      drug_class: dr.cls,
      controlled_substance_schedule: dr.schedule ?? null,
      fda_approval_status: 'APPROVED',
      dosage_forms: json(dr.forms),
      strengths: json(dr.strengths),
      administration_routes: json(dr.routes),
      indications: `${dr.indications} Class: ${dr.subclass}.`,
      contraindications: dr.contraindications,
      warnings: dr.warnings,
      side_effects: json(dr.sideEffects),
      pregnancy_category: dr.pregnancy,
      is_active: true,
      last_updated: at,
      data_source: i % 3 === 2 ? 'CLINICAL_PHARMACOLOGY' : 'FDA_DATABASE',
      ...stamps(at),
    };
  });
  await insertMany(ctx.db, 'drug_catalog', drugRows, ctx.progress);

  const pharmacists = [0, 1].map(() => `${f.person.firstName()} ${f.person.lastName()}, PharmD`);
  const interactionRows = INTERACTIONS.map((x, i): NewRow<'drug_interactions'> => {
    const a = drugs.get(x.a);
    const b = drugs.get(x.b);
    if (!a || !b) throw new Error(`interaction ${x.a} + ${x.b} names a drug missing from the catalog`);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    return {
      id: newId(f, addMinutes(at, 1 + i / 100)),
      drug_a_id: lo,
      drug_b_id: hi,
      interaction_severity: x.severity,
      interaction_type: x.type,
      description: x.description,
      clinical_effects: x.effects,
      management_recommendations: x.management,
      evidence_level: x.evidence,
      onset: x.onset,
      documentation_quality: x.quality,
      last_reviewed_date: reviewed,
      reviewed_by: pharmacists[i % 2],
      ...stamps(at),
    };
  });
  await insertMany(ctx.db, 'drug_interactions', interactionRows, ctx.progress);

  await insertMany(
    ctx.db,
    'interaction_severity_levels',
    SEVERITY_LEVELS.map((l, i): NewRow<'interaction_severity_levels'> => ({
      id: newId(f, addMinutes(at, 2 + i / 100)),
      severity_code: l.code,
      severity_rank: l.rank,
      display_name: l.name,
      color_code: l.color,
      icon_name: l.icon,
      clinical_guidance: l.guidance,
      alert_threshold: l.alert,
      require_physician_approval: l.physician,
      prevent_prescribing: l.prevent,
      ...stamps(at),
    })),
    ctx.progress,
  );

  // The school formulary.
  const medications = new Map<string, string>();
  const byKey = new Map(DRUGS.map((dr) => [dr.key, dr]));
  await insertMany(
    ctx.db,
    'medications',
    FORMULARY.map((item, i): NewRow<'medications'> => {
      const dr = byKey.get(item.drug);
      if (!dr)
        throw new Error(`formulary item ${item.key} names drug ${item.drug}, missing from the catalog`);
      const id = newId(f, addMinutes(at, 3 + i / 100));
      medications.set(item.key, id);
      return {
        id,
        name: item.name,
        generic_name: dr.name.toLowerCase(),
        strength: item.strength,
        dosage_form: item.form,
        route: item.route,
        ndc_code: item.ndc,
        rxnorm_code: dr.rxnorm,
        drug_class: dr.cls,
        is_controlled: dr.schedule !== undefined,
        controlled_schedule: dr.schedule ?? null,
        is_otc: item.otc,
        is_active: true,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );

  const visitReasons = new Map<string, string>();
  await insertMany(
    ctx.db,
    'visit_reasons',
    VISIT_REASONS.map((v, i): NewRow<'visit_reasons'> => {
      const id = newId(f, addMinutes(at, 4 + i / 100));
      visitReasons.set(v.code, id);
      return {
        id,
        reason_code: v.code,
        reason_name: v.name,
        reason_category: v.category,
        icd10_codes: json(v.icd10),
        typical_duration_minutes: v.minutes,
        requires_parent_notification: v.notifyParent,
        requires_vital_signs: v.vitals,
        is_active: true,
        display_order: (i + 1) * 10,
        description: v.description,
        ...stamps(at),
      };
    }),
    ctx.progress,
  );

  const schedules = new Map<string, string>();
  await insertMany(
    ctx.db,
    'vaccination_schedules',
    SCHEDULES.map((sd, i): NewRow<'vaccination_schedules'> => {
      const id = newId(f, addMinutes(at, 5 + i / 100));
      schedules.set(`${sd.vaccine}:${sd.dose}`, id);
      return {
        id,
        state_code: district.stateCode,
        vaccine_type: sd.vaccine,
        dose_number: sd.dose,
        minimum_age_months: sd.minAgeMonths,
        maximum_age_months: sd.maxAgeMonths,
        minimum_interval_days: sd.minIntervalDays,
        grade_level: sd.grade,
        required_for_enrollment: sd.required,
        grace_period_days: sd.required ? 14 : 30,
        exemption_allowed: sd.required,
        exemption_types: sd.required ? json(['MEDICAL', 'RELIGIOUS', 'PHILOSOPHICAL']) : null,
        cdc_schedule_reference: sd.reference,
        last_updated: addDays(isoDate(ctx.setupAt), -30),
        ...stamps(at),
      };
    }),
    ctx.progress,
  );

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

  return { drugs, medications, visitReasons, schedules, alerts, patterns };
}
