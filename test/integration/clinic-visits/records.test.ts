import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import {
  enrollAndSync,
  makeCore,
  PASSWORD,
  refusal,
  startDistrict,
  tempDir,
  type District,
} from '../workstation/support';

/**
 * The complete clinic visit through the real workstation core (encrypted SQLite, the write path, the audit trail)
 * against a real district server: new vitals with their ranges, finishing a visit still in the clinic, amending a
 * saved visit with a reason (the visit's update and its amendment row together, on the server after a sync), the
 * amendment history, and the new-visit draft that survives a restart of the core.
 */

let d: District;
let core: WorkstationCore;
const tmp = tempDir('wc-visit-');
const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
const audits = (action: string, table: string) =>
  (
    core.internals
      .context()!
      .sqlite.prepare(`SELECT count(*) AS n FROM local_audit_log WHERE action = ? AND table_name = ?`)
      .get(action, table) as { n: number }
  ).n;

beforeAll(async () => {
  d = await startDistrict();
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp.dispose();
});

const inClinic = (extra: Record<string, unknown> = {}) =>
  core.call('clinicVisits.create', {
    studentId: d.students.kai!,
    arrivedAt: ago(30),
    reasonId: d.reasons.headache,
    triage: 'ROUTINE',
    complaint: `Headache ${Math.random()}`,
    ...extra,
  });

describe('vital signs', () => {
  it('saves glucose, SpO2, respiratory rate, pain and peak flow', async () => {
    const { visitId } = await inClinic({
      vitals: { bloodGlucose: 72, spo2: 97, respiratoryRate: 20, painScore: 4, peakFlow: 310 },
    });
    const v = await core.call('clinicVisits.get', { visitId });
    expect(v.vitals).toEqual({
      bloodGlucose: 72,
      spo2: 97,
      respiratoryRate: 20,
      painScore: 4,
      peakFlow: 310,
    });
    expect(v.inClinic).toBe(true);
  });

  it.each([
    ['bloodGlucose', 700, /vitals\.bloodGlucose.*above 600 mg\/dL.*20–600 mg\/dL/],
    ['spo2', 40, /vitals\.spo2.*below 50 %/],
    ['respiratoryRate', 90, /vitals\.respiratoryRate.*above 80 breaths\/min/],
    ['painScore', 11, /vitals\.painScore.*0–10/],
    ['peakFlow', 20, /vitals\.peakFlow.*below 50 L\/min/],
  ])('refuses %s = %d naming the field and its range', async (name, value, message) => {
    const e = await refusal(inClinic({ vitals: { [name]: value } }));
    expect(e.code).toBe('VALIDATION');
    expect(e.field).toBe(`vitals.${name}`);
    expect(`${e.field}: ${e.message}`).toMatch(message);
  });
});

describe('the symptom checklist in the visit form', () => {
  it('records the symptoms with the visit, in the same transaction', async () => {
    const { visitId } = await inClinic({
      symptoms: [
        { code: 'fever', label: 'Fever' },
        { code: 'cough', label: 'Cough' },
      ],
      vitals: { temperatureF: 101.2 },
    });
    const ctx = core.internals.context()!;
    const row = ctx.sqlite
      .prepare(`SELECT symptoms FROM symptom_tracking WHERE json_extract(symptoms, '$.clinic_visit_id') = ?`)
      .get(visitId) as { symptoms: string };
    expect(JSON.parse(row.symptoms)).toMatchObject({ fever: true, cough: true, temp_f: 101.2 });
    const visits = () =>
      (ctx.sqlite.prepare(`SELECT count(*) AS n FROM clinic_visits`).get() as { n: number }).n;
    const before = visits();
    const e = await refusal(
      inClinic({
        symptoms: [
          { code: 'cough', label: 'Cough' },
          { code: 'cough', label: 'Cough' },
        ],
      }),
    );
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'symptoms.1.code' });
    expect(visits()).toBe(before);
  });
});

describe('finishing a visit still in the clinic', () => {
  it('records the outcome and refuses a second finish', async () => {
    const { visitId } = await inClinic();
    expect((await core.call('today.get', {})).queue.some((q) => q.visitId === visitId)).toBe(true);
    const before = await refusal(
      core.call('clinicVisits.finish', { visitId, disposition: 'SENT_HOME', departedAt: ago(60) }),
    );
    expect(before).toMatchObject({ code: 'VALIDATION', field: 'departedAt' });
    expect(before.message).toMatch(/before the arrival/);
    expect(
      await refusal(core.call('clinicVisits.finish', { visitId, disposition: 'RETURNED_TO_CLASS' })),
    ).toMatchObject({ field: 'returnedToClassAt' });
    await core.call('clinicVisits.finish', {
      visitId,
      disposition: 'RETURNED_TO_CLASS',
      returnedToClassAt: ago(5),
    });
    const v = await core.call('clinicVisits.get', { visitId });
    expect(v).toMatchObject({ inClinic: false, disposition: 'RETURNED_TO_CLASS', sentHome: false });
    expect((await core.call('today.get', {})).queue.some((q) => q.visitId === visitId)).toBe(false);
    const again = await refusal(
      core.call('clinicVisits.finish', { visitId, disposition: 'SENT_HOME', departedAt: ago(1) }),
    );
    expect(again).toMatchObject({ code: 'VALIDATION', field: 'disposition' });
    expect(again.message).toMatch(/already finished/);
    expect(audits('UPDATE', 'clinic_visits')).toBeGreaterThanOrEqual(1);
  });

  it('a visit saved as returned to class is not in the clinic', async () => {
    const { visitId } = await inClinic({ returnedToClassAt: ago(10) });
    expect(
      await refusal(
        core.call('clinicVisits.finish', { visitId, disposition: 'SENT_HOME', departedAt: ago(1) }),
      ),
    ).toMatchObject({ field: 'disposition' });
  });
});

describe('amending a saved visit', () => {
  it('writes the update and its amendment together, shows the history, and syncs both', async () => {
    const { visitId } = await inClinic({ vitals: { heartRate: 90 }, treatment: 'Rest' });
    expect(
      await refusal(core.call('clinicVisits.amend', { visitId, changes: { heartRate: 96 }, reason: '' })),
    ).toMatchObject({ field: 'reason' });
    const range = await refusal(
      core.call('clinicVisits.amend', { visitId, changes: { bloodGlucose: 900 }, reason: 'meter re-read' }),
    );
    expect(range).toMatchObject({ code: 'VALIDATION', field: 'changes.bloodGlucose' });
    expect(range.message).toMatch(/20–600 mg\/dL/);
    expect(
      await refusal(
        core.call('clinicVisits.amend', { visitId, changes: { heartRate: 90 }, reason: 'no change' }),
      ),
    ).toMatchObject({ field: 'changes' });
    expect(
      await refusal(
        core.call('clinicVisits.amend', { visitId, changes: { systolic: 100 }, reason: 'BP taken later' }),
      ),
    ).toMatchObject({ field: 'changes.diastolic' });
    const ctx = core.internals.context()!;
    const n = (t: string) =>
      (
        ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${t} WHERE clinic_visit_id = ?`).get(visitId) as {
          n: number;
        }
      ).n;
    expect(n('clinic_visit_amendments')).toBe(0);

    const { amendmentId } = await core.call('clinicVisits.amend', {
      visitId,
      changes: { heartRate: 96, treatment: 'Rest and water', bloodGlucose: 88 },
      reason: 'Transcription error: rechecked the pulse',
    });
    const v = await core.call('clinicVisits.get', { visitId });
    expect(v.vitals).toMatchObject({ heartRate: 96, bloodGlucose: 88 });
    expect(v.treatment).toBe('Rest and water');
    expect(v.amendments).toHaveLength(1);
    expect(v.amendments[0]).toMatchObject({
      id: amendmentId,
      amendedBy: 'Nora Nightingale',
      reason: 'Transcription error: rechecked the pulse',
    });
    expect(v.amendments[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'heartRate', label: 'Heart rate', old: 90, new: 96 },
        { field: 'treatment', label: 'Treatment', old: 'Rest', new: 'Rest and water' },
        { field: 'bloodGlucose', label: 'Blood glucose (mg/dL)', old: null, new: 88 },
      ]),
    );
    const s = await core.call('sync.now', {});
    expect(s.lastError).toBeUndefined();
    const server = await d.h.db
      .selectFrom('clinic_visits')
      .select(['heart_rate', 'blood_glucose_mg_dl', 'treatment_provided'])
      .where('id', '=', visitId)
      .executeTakeFirst();
    expect(server).toEqual({ heart_rate: 96, blood_glucose_mg_dl: 88, treatment_provided: 'Rest and water' });
    const a = await d.h.db
      .selectFrom('clinic_visit_amendments')
      .select(['reason', 'changes', 'amended_by', 'school_id'])
      .where('id', '=', amendmentId)
      .executeTakeFirst();
    expect(a).toMatchObject({ reason: 'Transcription error: rechecked the pulse', amended_by: d.nurse.id });
    expect(a?.changes).toMatchObject({ heartRate: { old: 90, new: 96 } });
  });
});

describe('the pain score with its scale, and amending any field', () => {
  it('keeps the scale with the score; a faces score must be a face', async () => {
    const { visitId } = await inClinic({ vitals: { painScore: 6, painScale: 'FACES' } });
    expect(await core.call('clinicVisits.get', { visitId })).toMatchObject({
      vitals: { painScore: 6 },
      painScale: 'FACES',
    });
    const odd = await refusal(inClinic({ vitals: { painScore: 5, painScale: 'FACES' } }));
    expect(odd).toMatchObject({ code: 'VALIDATION', field: 'vitals.painScore' });
    expect(odd.message).toMatch(/faces scale scores 0, 2, 4, 6, 8, 10/);
    const plain = await inClinic({ vitals: { painScore: 3 } });
    expect((await core.call('clinicVisits.get', plain)).painScale).toBe('NUMERIC');
    const none = await inClinic();
    expect((await core.call('clinicVisits.get', none)).painScale).toBeUndefined();
    const ctx = core.internals.context()!;
    expect(ctx.sqlite.prepare(`SELECT pain_scale FROM clinic_visits WHERE id = ?`).get(none.visitId)).toEqual(
      {
        pain_scale: null,
      },
    );
  });

  it('amends the pain with its scale, the outcome and the parent notification, refusing bad values by field', async () => {
    const { visitId } = await inClinic({ vitals: { painScore: 6, painScale: 'FACES' } });
    const amend = (changes: Record<string, unknown>, reason = 'Corrected after review') =>
      core.call('clinicVisits.amend', { visitId, changes, reason });
    expect(await refusal(amend({ painScore: 7 }))).toMatchObject({
      code: 'VALIDATION',
      field: 'changes.painScore',
    });
    expect(await refusal(amend({ painScale: 'SMILEYS' }))).toMatchObject({ field: 'changes.painScale' });
    expect(await refusal(amend({ parentNotifiedAt: ago(60) }))).toMatchObject({
      field: 'changes.parentNotifiedAt',
    });
    expect(await refusal(amend({ disposition: 'LEFT' }))).toMatchObject({ field: 'changes.disposition' });
    await amend({ painScore: 7, painScale: 'NUMERIC' }, 'Asked again with the numbers');
    const notified = ago(10);
    await amend(
      { disposition: 'SENT_HOME', departedAt: ago(5), parentNotifiedAt: notified },
      'Left with mother',
    );
    await amend({ painScore: null }, 'Pain not assessed after all');
    const v = await core.call('clinicVisits.get', { visitId });
    expect(v).toMatchObject({ disposition: 'SENT_HOME', sentHome: true, inClinic: false });
    expect(v.parentNotifiedAt).toBe(notified);
    expect(v.vitals.painScore).toBeUndefined();
    expect(v.painScale).toBeUndefined();
    expect(v.amendments.map((a) => a.changes.map((c) => `${c.label}: ${c.old} → ${c.new}`))).toEqual([
      ['Pain score: 6 → 7', 'Pain scale: FACES → NUMERIC'],
      expect.arrayContaining([
        'Outcome: null → SENT_HOME',
        `Parent notified: null → ${notified}`,
        expect.stringMatching(/^Departure: null → /),
      ]),
      ['Pain score: 7 → null', 'Pain scale: NUMERIC → null'],
    ]);
    const row = core.internals
      .context()!
      .sqlite.prepare(`SELECT parent_notified, sent_home, pain_scale FROM clinic_visits WHERE id = ?`)
      .get(visitId);
    expect(row).toEqual({ parent_notified: 1, sent_home: 1, pain_scale: null });
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const server = await d.h.db
      .selectFrom('clinic_visits')
      .select(['pain_score', 'pain_scale', 'disposition', 'parent_notified'])
      .where('id', '=', visitId)
      .executeTakeFirst();
    expect(server).toEqual({
      pain_score: null,
      pain_scale: null,
      disposition: 'SENT_HOME',
      parent_notified: true,
    });
  });

  it('a faces score synced to the district keeps its scale', async () => {
    const { visitId } = await inClinic({ vitals: { painScore: 8, painScale: 'FACES' } });
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const server = await d.h.db
      .selectFrom('clinic_visits')
      .select(['pain_score', 'pain_scale'])
      .where('id', '=', visitId)
      .executeTakeFirst();
    expect(server).toEqual({ pain_score: 8, pain_scale: 'FACES' });
  });
});

describe('the new-visit draft', () => {
  it('is saved, survives a restart of the core, and is discarded', async () => {
    const studentId = d.students.lily!;
    expect(await core.call('clinicVisits.getDraft', { studentId })).toBeNull();
    await core.call('clinicVisits.saveDraft', {
      studentId,
      draft: { complaint: 'Tummy ache', heartRate: '88' },
    });
    const meds = [
      {
        source: 'STOCK',
        orderId: '',
        medicationId: 'ibuprofen-stock',
        medicationName: 'Ibuprofen',
        dose: '200 mg',
        route: 'oral',
        givenAt: '10:05',
      },
    ];
    await core.call('clinicVisits.saveDraft', {
      studentId,
      draft: { complaint: 'Tummy ache, vomited once', painScore: '4', painScale: 'FACES', meds },
    });
    expect(
      await refusal(core.call('clinicVisits.saveDraft', { studentId, draft: { x: 'y'.repeat(70_000) } })),
    ).toMatchObject({ code: 'VALIDATION', field: 'draft' });
    expect(
      await refusal(core.call('clinicVisits.saveDraft', { studentId: 'nobody', draft: {} })),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
    await core.close();
    core = await makeCore(tmp.dir);
    await core.call('app.signIn', { email: d.nurse.email, password: PASSWORD });
    const back = await core.call('clinicVisits.getDraft', { studentId });
    expect(back?.draft).toEqual({
      complaint: 'Tummy ache, vomited once',
      painScore: '4',
      painScale: 'FACES',
      meds,
    });
    expect(audits('UPDATE', 'local_visit_drafts')).toBeGreaterThanOrEqual(2);
    expect(audits('VIEW', 'local_visit_drafts')).toBeGreaterThanOrEqual(1);
    expect(await core.call('clinicVisits.discardDraft', { studentId })).toEqual({ discarded: true });
    expect(await core.call('clinicVisits.getDraft', { studentId })).toBeNull();
    expect(await core.call('clinicVisits.discardDraft', { studentId })).toEqual({ discarded: false });
    // drafts never travel: nothing in the outbox names the table
    const ctx = core.internals.context()!;
    expect(
      ctx.sqlite.prepare(`SELECT count(*) AS n FROM outbox WHERE table_name = 'local_visit_drafts'`).get(),
    ).toEqual({ n: 0 });
  }, 60_000);
});
