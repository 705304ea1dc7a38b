import type { Faker } from '@faker-js/faker';
import { alertInstanceId, alertKey } from '../../../src-shared/alerts';
import type { CatalogIds } from '../helpers';
import { ALERT_DEFINITIONS } from './definitions';
import { formularyName, type AdministrationEvent, type OrderRec } from '../mar';
import type { OutbreakRec } from '../outbreaks';
import type { ClinicalEvent, VisitRec } from '../clinic-visits';
import type { DistrictRec, SchoolRec } from '../district';
import type { MissingDose } from '../immunizations';
import type { StudentRec } from '../students';
import { overdueVaccines } from './overdue';
import { seedAlertSubscriptions, type Channel } from './subscriptions';
import {
  insertMany,
  json,
  sectionFaker,
  addDays,
  addMinutes,
  chance,
  daysBetween,
  localTime,
  newId,
  notAfter,
  pick,
  stamps,
  weighted,
  type SeedContext,
  type NewRow,
  type ColumnOf,
} from '../helpers';

/**
 * Real-time alerts raised by what the seed recorded: alert_subscriptions (who wants what),
 * alert_instances (missed doses, emergencies, epinephrine and seizure rescue, low blood glucose,
 * allergy conflicts, outbreaks, overdue immunizations, frequent visitors, expiring orders) and
 * alert_delivery_log (one row per recipient and channel).
 */

export interface AlertInputs {
  readonly missed: readonly AdministrationEvent[];
  readonly events: readonly ClinicalEvent[];
  readonly outbreaks: readonly OutbreakRec[];
  readonly overdue: readonly { readonly student: StudentRec; readonly missing: readonly MissingDose[] }[];
  readonly orders: readonly OrderRec[];
  readonly visits: readonly VisitRec[];
}

const hex = (f: Faker, n: number): string => f.string.hexadecimal({ length: n, casing: 'lower', prefix: '' });

export async function seedAlerts(
  ctx: SeedContext,
  district: DistrictRec,
  catalogs: CatalogIds,
  input: AlertInputs,
): Promise<void> {
  const f = sectionFaker(ctx.options.seed, 'alerts');
  const staff = new Map(district.staff.map((u) => [u.id, u]));
  const director = district.healthDirectorId;
  const asOf = ctx.options.asOf.getTime();

  await seedAlertSubscriptions(ctx, district, catalogs, f);

  // Instances.
  interface Raise {
    code: string;
    /** the dedupe key the live trigger raises the same thing with (the instance id is alertInstanceId(key)) */
    key: string;
    at: Date;
    school: SchoolRec;
    target: { type: 'STUDENT' | 'SCHOOL'; id: string };
    data: Record<string, unknown>;
    event: string;
    by: string | null;
    handler: string;
    resolution: string;
    /** Still open on asOf regardless of age. */
    open?: boolean;
    resolvedAt?: Date | null;
    priority?: ColumnOf<'alert_instances', 'priority_override'>;
  }
  const raises: Raise[] = [];
  const defByCode = new Map(ALERT_DEFINITIONS.map((d) => [d.code, d]));
  const studentName = (s: StudentRec) => `${s.firstName} ${s.lastName}`;

  for (const m of input.missed) {
    raises.push({
      code: 'MEDICATION_MISSED',
      key: alertKey.missedDose(m.order.id, m.scheduledFor.toISOString()),
      at: addMinutes(m.scheduledFor, 30),
      school: m.student.school,
      target: { type: 'STUDENT', id: m.student.id },
      data: {
        student_name: studentName(m.student),
        medication: formularyName(m.order.medKey),
        scheduled_time: m.scheduledFor.toISOString(),
        student_medication_id: m.order.id,
        administration_id: m.id,
        status: m.status,
      },
      event: 'medication_administration.not_given',
      by: null,
      handler: m.nurseId,
      resolution:
        m.status === 'REFUSED'
          ? 'Student refused; parent notified by phone, prescriber informed.'
          : 'Parent notified; dose not made up per order.',
    });
  }
  for (const e of input.events) {
    const s = e.student;
    const base = {
      at: e.at,
      school: s.school,
      target: { type: 'STUDENT' as const, id: s.id },
      by: e.nurseId,
      handler: e.nurseId,
    };
    if (e.kind === 'LOW_BG')
      raises.push({
        ...base,
        code: 'LOW_BLOOD_GLUCOSE',
        key: `LOW_BLOOD_GLUCOSE:${e.visitId}`,
        data: {
          student_name: studentName(s),
          value: e.data.value_mg_dl,
          value_mg_dl: e.data.value_mg_dl,
          time: e.at.toISOString(),
          visit_id: e.visitId,
        },
        event: 'glucose_reading.low',
        resolution: 'Treated per DMMP; recheck above 70 mg/dL; returned to lunch.',
      });
    if (e.kind === 'EPINEPHRINE')
      raises.push({
        ...base,
        code: 'EPINEPHRINE_ADMINISTERED',
        key: `EPINEPHRINE_ADMINISTERED:${e.visitId}`,
        data: { student_name: studentName(s), ...e.data, time: e.at.toISOString(), visit_id: e.visitId },
        event: 'medication_administration.epinephrine',
        resolution: 'EMS transported; parent met the ambulance; incident report filed.',
      });
    if (e.kind === 'SEIZURE_RESCUE')
      raises.push({
        ...base,
        code: 'SEIZURE_RESCUE_GIVEN',
        key: `SEIZURE_RESCUE_GIVEN:${e.visitId}`,
        data: {
          student_name: studentName(s),
          ...e.data,
          time: e.at.toISOString(),
          ems_status: e.data.ems_called === true ? 'called' : 'not called',
          visit_id: e.visitId,
        },
        event: 'medication_administration.seizure_rescue',
        resolution: 'Seizure stopped; student released to parent or EMS; seizure log updated.',
      });
    if (e.kind === 'EMERGENCY')
      raises.push({
        ...base,
        code: 'EMERGENCY_HEALTH',
        key: alertKey.emergencyVisit(e.visitId),
        priority: 'EMERGENCY',
        data: {
          student_name: studentName(s),
          school: s.school.name,
          ...e.data,
          // as the workstation's trigger words it (src-main/workstation/alerts/triggers.ts)
          ems_called:
            e.data.ems_called === true ? 'yes' : e.data.ems_called === false ? 'no' : 'not recorded',
          visit_id: e.visitId,
        },
        event: 'clinic_visit.triage_emergency',
        resolution: 'Emergency handled per protocol; incident report completed.',
      });
    if (e.kind === 'ALLERGY_WARNING')
      raises.push({
        ...base,
        code: 'ALLERGY_WARNING',
        key: `ALLERGY_WARNING:${e.visitId}`,
        data: {
          student_name: studentName(s),
          reaction: 'documented allergy',
          ...e.data,
          visit_id: e.visitId,
        },
        event: 'medication_administration.allergy_check',
        resolution: 'Medication not given; alternative used.',
      });
  }
  for (const o of input.outbreaks) {
    const lead = o.school.nurseIds[0] ?? director;
    raises.push({
      code: 'OUTBREAK_DETECTED',
      key: alertKey.outbreak(o.id),
      at: addMinutes(o.alertDate, 1),
      school: o.school,
      target: { type: 'SCHOOL', id: o.school.id },
      // the data server-sync/outbreak-alerts.ts raises with (the template's count, days, percent)
      data: {
        outbreak_alert_id: o.id,
        pattern: o.patternName,
        school: o.school.name,
        count: o.affected ?? new Set(o.cases.map((c) => c.visit.student.id)).size,
        days: o.windowDays ?? null,
        percent: o.percent ?? null,
        method: 'threshold',
        date: o.triggerDay,
        reportable: o.reportable,
        case_count: o.cases.length,
      },
      event: 'outbreak_scan.threshold_met',
      by: null,
      handler: lead,
      resolution: 'Cases back to baseline; outbreak closed.',
      resolvedAt: null,
      open: o.cases.some((c) => daysBetween(c.visit.day, ctx.today) <= 9),
    });
  }
  // Overdue immunizations: what the nightly trigger finds on asOf (same rule, same key), raised the morning after
  // the grace period ran out (or the first school day of the year, whichever is later).
  const year = ctx.years[ctx.years.length - 1];
  const overdue = year
    ? await overdueVaccines(
        ctx,
        district.stateCode,
        input.overdue.map((o) => o.student),
      )
    : [];
  for (const o of overdue) {
    if (!year) break;
    const s = o.student;
    const lapsed = addDays(o.dueOn, o.gracePeriodDays + 1);
    const from = s.enrollmentDate > year.start ? s.enrollmentDate : year.start;
    const at = localTime(lapsed > from ? lapsed : from, 6, 5);
    if (at.getTime() > asOf) continue;
    raises.push({
      code: 'IMMUNIZATION_OVERDUE',
      key: alertKey.immunizationOverdue(s.id, o.vaccine, o.dose, o.dueOn),
      at,
      school: s.school,
      target: { type: 'STUDENT', id: s.id },
      data: {
        student_name: studentName(s),
        vaccine: o.vaccine,
        dose: o.dose,
        due_date: o.dueOn,
        school: s.school.name,
      },
      event: 'immunization_overdue',
      by: null,
      handler: s.school.nurseIds[0] ?? director,
      resolution: 'Record updated.',
      open: true,
    });
  }
  // Frequent visitors: more than 10 visits in 30 days (scheduled diabetic checks and vaccinations do not count).
  const byStudent = new Map<string, VisitRec[]>();
  for (const v of input.visits)
    if (v.reason !== 'DIABETIC_CHECK' && v.reason !== 'IMMUNIZATION')
      byStudent.set(v.student.id, [...(byStudent.get(v.student.id) ?? []), v]);
  for (const list of byStudent.values()) {
    list.sort((a, b) => a.arrival.getTime() - b.arrival.getTime());
    for (let i = 10; i < list.length; i++) {
      const v = list[i];
      const w = list[i - 10];
      if (v && w && daysBetween(w.day, v.day) < 30) {
        raises.push({
          code: 'CHRONIC_VISITOR',
          key: `CHRONIC_VISITOR:${v.id}`,
          at: addMinutes(v.arrival, 60),
          school: v.student.school,
          target: { type: 'STUDENT', id: v.student.id },
          data: { student_name: studentName(v.student), count: 11 },
          event: 'visit_frequency',
          by: null,
          handler: v.nurseId,
          resolution: 'Discussed with parent and counselor; 504 team informed.',
        });
        break;
      }
    }
  }
  for (const o of input.orders) {
    const left = daysBetween(ctx.today, o.end);
    if (o.kind === 'ANTIBIOTIC' || left < 0 || left > 14 || daysBetween(o.start, o.end) < 60) continue;
    const at = localTime(addDays(o.end, -14) > ctx.today ? ctx.today : addDays(o.end, -14), 6, 10);
    raises.push({
      code: 'MEDICATION_ORDER_EXPIRING',
      key: `MEDICATION_ORDER_EXPIRING:${o.id}:${o.end}`,
      at,
      school: o.student.school,
      target: { type: 'STUDENT', id: o.student.id },
      data: {
        student_name: studentName(o.student),
        medication: formularyName(o.medKey),
        end_date: o.end,
        student_medication_id: o.id,
      },
      event: 'medication_order.end_date',
      by: null,
      handler: o.student.school.nurseIds[0] ?? director,
      resolution: 'Renewal received.',
      open: true,
    });
  }

  raises.sort(
    (a, b) =>
      a.at.getTime() - b.at.getTime() ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : a.target.id < b.target.id ? -1 : 1),
  );
  const instanceRows: NewRow<'alert_instances'>[] = [];
  const deliveryRows: NewRow<'alert_delivery_log'>[] = [];
  // The demo shows alerts waiting for someone and alerts someone has seen: the latest alerts still open on asOf are
  // ACTIVE, ACKNOWLEDGED, ACTIVE (newest first); in a district too small to have two, the latest closed one older
  // than two hours is left ACKNOWLEDGED.
  const forced = new Map<string, 'ACTIVE' | 'ACKNOWLEDGED'>();
  const due = raises.filter((r) => r.at.getTime() <= asOf);
  due
    .filter((r) => r.open)
    .slice(-3)
    .reverse()
    .forEach((r, i) => forced.set(r.key, i === 1 ? 'ACKNOWLEDGED' : 'ACTIVE'));
  if (![...forced.values()].includes('ACKNOWLEDGED')) {
    const seen = due
      .filter((r) => !r.open && !forced.has(r.key) && asOf - r.at.getTime() >= 2 * 3_600_000)
      .at(-1);
    if (seen) forced.set(seen.key, 'ACKNOWLEDGED');
  }
  const raised = new Set<string>();
  for (const r of raises) {
    if (r.at.getTime() > asOf) continue;
    // One row per key, as raiseAlert keeps it: the first raise wins.
    if (raised.has(r.key)) continue;
    raised.add(r.key);
    const def = defByCode.get(r.code);
    const defId = catalogs.alerts.get(r.code);
    if (!def || !defId) continue;
    const ageH = (asOf - r.at.getTime()) / 3_600_000;
    const emergency = def.priority === 'EMERGENCY' || def.priority === 'CRITICAL';
    const ackAt = notAfter(ctx, addMinutes(r.at, f.number.int({ min: 1, max: emergency ? 4 : 45 })));
    const resolvedAt =
      r.resolvedAt ?? notAfter(ctx, addMinutes(r.at, f.number.int({ min: 15, max: emergency ? 120 : 300 })));
    let status: ColumnOf<'alert_instances', 'alert_status'>;
    const force = forced.get(r.key);
    if (force) status = force;
    else if (r.open)
      status =
        ageH < 24
          ? 'ACTIVE'
          : weighted(f, [
              ['ACKNOWLEDGED', 70],
              ['ACTIVE', 30],
            ]);
    else if (ageH < 2) status = 'ACTIVE';
    else if (ageH < 24) status = chance(f, 0.5) ? 'ACKNOWLEDGED' : 'RESOLVED';
    else status = 'RESOLVED';
    const escalated =
      def.escalation !== null &&
      (def.priority === 'EMERGENCY' || (status !== 'RESOLVED' && ageH > 1 && chance(f, 0.2)));
    const expires = def.expires ? addMinutes(r.at, def.expires) : null;
    if (status === 'ACTIVE' && expires && expires.getTime() < asOf) status = 'EXPIRED';
    const acknowledged = status === 'ACKNOWLEDGED' || status === 'RESOLVED';
    const id = alertInstanceId(r.key);
    const updated = status === 'RESOLVED' ? resolvedAt : acknowledged ? ackAt : r.at;
    instanceRows.push({
      id,
      alert_definition_id: defId,
      triggered_at: r.at,
      triggered_by_user_id: r.by,
      triggered_by_event: r.event,
      target_entity_type: r.target.type,
      target_entity_id: r.target.id,
      priority_override: r.priority ?? null,
      alert_data: json(r.data),
      alert_status: status,
      acknowledged_at: acknowledged ? ackAt : null,
      acknowledged_by: acknowledged ? r.handler : null,
      resolved_at: status === 'RESOLVED' ? resolvedAt : null,
      resolved_by: status === 'RESOLVED' ? r.handler : null,
      resolution_notes: status === 'RESOLVED' ? r.resolution : null,
      escalation_level: escalated ? 1 : 0,
      last_escalated_at: escalated ? notAfter(ctx, addMinutes(r.at, 5)) : null,
      expires_at: expires,
      school_id: r.school.id,
      ...stamps(r.at, updated.getTime() >= r.at.getTime() ? updated : r.at),
    });

    // Who hears about it.
    const recipients: [string, Channel[]][] = r.school.nurseIds.map((n) => [
      n,
      def.channels.filter((c): c is Channel => c === 'IN_APP' || c === 'EMAIL' || c === 'SMS'),
    ]);
    if (def.category === 'HEALTH_EMERGENCY') {
      recipients.push([
        r.school.adminId,
        def.priority === 'EMERGENCY' ? ['IN_APP', 'SMS', 'VOICE'] : ['IN_APP', 'SMS'],
      ]);
      if (r.code === 'OUTBREAK_DETECTED' || def.priority === 'EMERGENCY')
        recipients.push([
          director,
          r.code === 'OUTBREAK_DETECTED' ? ['IN_APP', 'EMAIL', 'SMS'] : ['IN_APP', 'SMS'],
        ]);
    }
    for (const [userId, channels] of recipients) {
      if (!staff.has(userId)) continue;
      for (const channel of channels) {
        const sentAt = notAfter(ctx, new Date(r.at.getTime() + f.number.int({ min: 1_000, max: 20_000 })));
        const outcome: ColumnOf<'alert_delivery_log', 'delivery_status'> =
          channel === 'IN_APP'
            ? 'DELIVERED'
            : weighted(
                f,
                channel === 'EMAIL'
                  ? [
                      ['DELIVERED', 95],
                      ['SENT', 3],
                      ['BOUNCED', 2],
                    ]
                  : [
                      ['DELIVERED', 93],
                      ['SENT', 3],
                      ['FAILED', 4],
                    ],
              );
        const confirmed =
          outcome === 'DELIVERED'
            ? notAfter(ctx, new Date(sentAt.getTime() + f.number.int({ min: 200, max: 9_000 })))
            : null;
        const retries = outcome === 'FAILED' ? f.number.int({ min: 1, max: 3 }) : 0;
        deliveryRows.push({
          id: newId(f, sentAt),
          alert_instance_id: id,
          recipient_user_id: userId,
          delivery_channel: channel,
          sent_at: sentAt,
          delivery_status: outcome,
          delivery_confirmation_at: confirmed,
          failure_reason:
            outcome === 'FAILED'
              ? 'Carrier rejected the message (unreachable handset)'
              : outcome === 'BOUNCED'
                ? '552 5.2.2 Mailbox full'
                : null,
          retry_count: retries,
          next_retry_at: null,
          channel_response: json(
            channel === 'SMS'
              ? {
                  message_sid: `SM${hex(f, 32)}`,
                  status: outcome === 'FAILED' ? 'undelivered' : outcome.toLowerCase(),
                  error_code: outcome === 'FAILED' ? 30003 : null,
                }
              : channel === 'EMAIL'
                ? {
                    smtp_response: outcome === 'BOUNCED' ? '552 5.2.2 Mailbox full' : '250 2.0.0 OK queued',
                    message_id: `<${hex(f, 24)}@${district.domain}>`,
                  }
                : channel === 'VOICE'
                  ? {
                      call_sid: `CA${hex(f, 32)}`,
                      answered_by: pick(f, ['human', 'machine']),
                      duration_s: f.number.int({ min: 18, max: 60 }),
                    }
                  : { websocket: true, devices: 1 },
          ),
          ...stamps(sentAt, confirmed ?? sentAt),
        });
      }
    }
  }
  await insertMany(ctx.db, 'alert_instances', instanceRows, ctx.progress);
  await insertMany(ctx.db, 'alert_delivery_log', deliveryRows, ctx.progress);
}
