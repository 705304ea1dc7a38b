import { closeSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkstationDb, WorkstationKeyError } from '../../../src-main/db/open';
import { verifyLocalAudit } from '../../../src-main/workstation/local-db';
import type { WorkstationCore } from '../../../src-main/workstation/core';
import { enrollAndSync, makeCore, PASSWORD, startDistrict, tempDir, type District, refusal } from './support';

/**
 * The workstation core against a real district server on loopback and a real encrypted database: enrollment and
 * first sync, search, chart, a visit with an allergy check, symptoms, the MAR, immunizations, the excuse note,
 * and what is refused (nothing half-saved).
 */

let d: District;
let core: WorkstationCore;
let tmp: { dir: string; dispose(): void };

const err = refusal;
const count = (table: string): number => {
  const ctx = core.internals.context();
  if (!ctx) throw new Error('database closed');
  return (
    ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted_at IS NULL`).get() as { n: number }
  ).n;
};
const outbox = (): number => core.internals.context()!.store.sync.countUnacked();
const recent = (ms: number) => new Date(Date.now() - ms).toISOString();

beforeAll(async () => {
  d = await startDistrict();
  tmp = tempDir('wc-core-');
  core = await makeCore(tmp.dir);
  await enrollAndSync(core, d);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await d?.close();
  tmp?.dispose();
});

describe('enrollment and first sync', () => {
  it('is enrolled, signed in, online, with the school pulled', async () => {
    const s = await core.call('app.status', {});
    expect(s).toMatchObject({
      enrolled: true,
      signedIn: true,
      locked: false,
      online: true,
      mode: 'browser',
      keyProtection: 'passphrase',
      schoolName: 'Alpha Elementary',
      user: { name: 'Nora Nightingale', role: 'NURSE' },
    });
    expect(count('students')).toBe(10);
    const sync = await core.call('sync.status', {});
    expect(sync).toMatchObject({ online: true, waiting: 0, running: false, conflicts: 0, rejections: 0 });
    expect(sync.lastSyncAt).toBeDefined();
  });

  it('refuses a second enrollment', async () => {
    const e = await err(
      core.call('app.enroll', {
        serverUrl: d.url,
        enrollmentCode: 'whatever-code-123',
        email: d.nurse.email,
        password: PASSWORD,
      }),
    );
    expect(e.code).toBe('ALREADY_ENROLLED');
  });

  it('keeps the database encrypted: no SQLite header, and the wrong key does not open it', () => {
    const file = join(tmp.dir, 'workstation.db');
    core.internals.context()!.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    closeSync(fd);
    expect(head.toString('latin1')).not.toBe('SQLite format 3\0');
    expect(() => openWorkstationDb(file, randomBytes(32))).toThrow(WorkstationKeyError);
  });
});

describe('students', () => {
  it('finds a student despite a typo, by student number and by birth date', async () => {
    const typo = await core.call('students.search', { query: 'Jonatan Smiht' });
    expect(typo[0]).toMatchObject({ id: d.students.jonathan, name: 'Jonathan Smith' });
    const partial = await core.call('students.search', { query: 'garcia' });
    expect(partial[0]?.id).toBe(d.students.maria);
    const accent = await core.call('students.search', { query: 'zoe obrien' });
    expect(accent[0]?.id).toBe(d.students.zoe);
    const number = await core.call('students.search', { query: 'S1002' });
    expect(number[0]?.id).toBe(d.students.jonathan);
    const dob = await core.call('students.search', { query: '03/02/2014' });
    expect(dob.map((h) => h.id)).toEqual([d.students.ana]);
    const johns = await core.call('students.search', { query: 'johnson' });
    expect(johns.map((h) => h.name).slice(0, 2)).toEqual(['Samuel Johnson', 'Sara Johnston']);
    expect(johns[0]!.score).toBeGreaterThan(johns[1]!.score);
    expect(await core.call('students.search', { query: 'qqqqzzzz' })).toEqual([]);
    const flagged = await core.call('students.search', { query: 'ana diaz' });
    expect(flagged[0]).toMatchObject({ hasDrugAllergy: true, grade: '6', birthDate: '2014-03-02' });
  });

  it('opens a chart with the drug allergy highlighted, orders and immunization status; the view is audited', async () => {
    const c = await core.call('students.chart', { studentId: d.students.ana! });
    expect(c.student).toMatchObject({
      name: 'Ana Diaz',
      studentNumber: 'S1000',
      schoolName: 'Alpha Elementary',
    });
    expect(c.allergies).toEqual([
      expect.objectContaining({
        allergen: 'Penicillin',
        isDrugAllergy: true,
        severity: 'SEVERE',
        drugClasses: ['PENICILLINS'],
      }),
    ]);
    expect(c.medicationOrders).toEqual([
      expect.objectContaining({ medication: 'Amoxicillin 250 mg capsule', isPrn: true }),
    ]);
    expect(c.immunizations.doses).toHaveLength(1);
    expect(c.immunizations.status).toEqual([
      expect.objectContaining({ vaccine: 'MMR', status: 'OVERDUE', dosesGiven: 1, dosesRequired: 2 }),
    ]);
    const ctx = core.internals.context()!;
    const last = ctx.sqlite
      .prepare(`SELECT action, table_name, record_id FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
      .get();
    expect(last).toEqual({ action: 'VIEW', table_name: 'students', record_id: d.students.ana });
  });

  it('says which field is wrong for an unknown student', async () => {
    const e = await err(core.call('students.chart', { studentId: 'no-such-student' }));
    expect(e).toMatchObject({ code: 'NOT_FOUND', field: 'studentId' });
  });
});

describe('a visit', () => {
  it('checks a drug against the allergies (a class match needs a reason) and an unrelated drug as clean; audited', async () => {
    const amox = await core.call('medicationSafety.check', {
      studentId: d.students.ana!,
      medicationId: d.meds.amoxicillin,
      studentMedicationId: d.orders.anaAmoxicillin,
    });
    expect(amox).toMatchObject({ drug: { name: 'Amoxicillin' }, requires: 'REASON', unknown: [] });
    expect(amox.findings).toEqual([
      expect.objectContaining({
        kind: 'ALLERGY',
        match: 'CLASS',
        with: 'Allergy: Penicillin (severe)',
        blocking: true,
        level: expect.objectContaining({
          severity: 'MAJOR',
          displayName: 'Major',
          color: '#B3261E',
        }) as unknown,
      }),
    ]);
    const ibu = await core.call('medicationSafety.check', {
      studentId: d.students.ana!,
      medicationId: d.meds.ibuprofen,
    });
    expect(ibu).toMatchObject({ drug: { name: 'Ibuprofen' }, findings: [], requires: 'NONE' });
    const last = core.internals
      .context()!
      .sqlite.prepare(`SELECT action, table_name, record_id FROM local_audit_log ORDER BY seq DESC LIMIT 1`)
      .get();
    expect(last).toEqual({ action: 'VIEW', table_name: 'students', record_id: d.students.ana });
  });

  it('refuses a medication matching an allergy without an acknowledgement, and saves nothing', async () => {
    const before = {
      visits: count('clinic_visits'),
      admin: count('medication_administrations'),
      outbox: outbox(),
    };
    const e = await err(
      core.call('clinicVisits.create', {
        studentId: d.students.ana!,
        arrivedAt: recent(20 * 60_000),
        reasonId: d.reasons.fever,
        triage: 'ROUTINE',
        complaint: 'Ear pain and fever',
        medications: [
          {
            medicationId: d.meds.amoxicillin,
            studentMedicationId: d.orders.anaAmoxicillin,
            dose: '250 mg',
            route: 'oral',
            givenAt: recent(10 * 60_000),
          },
        ],
      }),
    );
    expect(e).toMatchObject({
      code: 'SAFETY_OVERRIDE_REQUIRED',
      field: 'medications.0.safetyOverride.reason',
    });
    expect(e.message).toMatch(/Penicillin/);
    expect({
      visits: count('clinic_visits'),
      admin: count('medication_administrations'),
      outbox: outbox(),
    }).toEqual(before);
  });

  it('saves a visit with an acknowledged allergy, vitals, class time missed: one transaction with its outbox rows, audited', async () => {
    const before = { visits: count('clinic_visits'), outbox: outbox() };
    const { visitId } = await core.call('clinicVisits.create', {
      idempotencyKey: 'visit-form-0001',
      studentId: d.students.ana!,
      arrivedAt: recent(30 * 60_000),
      reasonId: d.reasons.fever,
      triage: 'URGENT',
      complaint: 'Fever since this morning',
      vitals: { temperatureC: 38.6, heartRate: 104, systolic: 110, diastolic: 70 },
      treatment: 'Rest, fluids',
      medications: [
        {
          medicationId: d.meds.amoxicillin,
          studentMedicationId: d.orders.anaAmoxicillin,
          dose: '250 mg',
          route: 'oral',
          givenAt: recent(20 * 60_000),
          safetyOverride: { reason: 'Prescriber confirmed tolerance test passed; parent consented' },
        },
      ],
      classTimeMissed: { period: '2', subject: 'Math', minutes: 30 },
      returnedToClassAt: recent(5 * 60_000),
    });
    const ctx = core.internals.context()!;
    const v = ctx.sqlite.prepare(`SELECT * FROM clinic_visits WHERE id = ?`).get(visitId) as Record<
      string,
      unknown
    >;
    expect(v).toMatchObject({
      temperature_f: 101.5,
      heart_rate: 104,
      vital_signs_taken: 1,
      severity_triage: 'URGENT',
    });
    expect(count('clinic_visits')).toBe(before.visits + 1);
    // visit, dose, its safety override, class time: four outbox rows (no alert definitions in this district)
    expect(outbox()).toBe(before.outbox + 4);
    const dose = ctx.sqlite
      .prepare(
        `SELECT administration_status, notes, administered_by FROM medication_administrations WHERE clinic_visit_id = ?`,
      )
      .get(visitId) as { administration_status: string; notes: string; administered_by: string };
    expect(dose).toMatchObject({ administration_status: 'GIVEN', administered_by: d.nurse.id });
    expect(dose.notes).toMatch(
      /Safety override \(major: major allergy conflict: recorded allergy to Penicillin/,
    );
    const actions = ctx.sqlite
      .prepare(`SELECT action, table_name FROM local_audit_log WHERE action = 'CREATE' ORDER BY seq`)
      .all();
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', table_name: 'clinic_visits' },
        { action: 'CREATE', table_name: 'medication_administrations' },
        { action: 'CREATE', table_name: 'medication_safety_overrides' },
      ]),
    );
    expect(verifyLocalAudit(ctx.sqlite)).toBeNull();

    // the same form submitted twice is refused
    const again = await err(
      core.call('clinicVisits.create', {
        idempotencyKey: 'visit-form-0001',
        studentId: d.students.ana!,
        arrivedAt: recent(30 * 60_000),
        reasonText: 'Fever',
        triage: 'URGENT',
        complaint: 'Fever since this morning (again)',
      }),
    );
    expect(again.code).toBe('DUPLICATE');

    // it reaches the district server
    const s = await core.call('sync.now', {});
    expect(s.waiting).toBe(0);
    expect(s.lastError).toBeUndefined();
    const server = await d.h.db
      .selectFrom('clinic_visits')
      .select(['temperature_f', 'attended_by_user_id'])
      .where('id', '=', visitId)
      .executeTakeFirst();
    expect(server).toMatchObject({ attended_by_user_id: d.nurse.id });
    expect(Number(server?.temperature_f)).toBeCloseTo(101.5);

    // the excuse note: when and how long, never why
    const note = await core.call('clinicVisits.excuseNote', { visitId });
    expect(note.html).toMatch(/Ana Diaz/);
    expect(note.html).toMatch(/30 min/);
    expect(note.html).not.toMatch(/Fever|Penicillin|Amoxicillin/);
  });

  it('refuses bad input with the field: vitals out of range, a future arrival, discharge before arrival, a drug not ordered', async () => {
    const base = {
      studentId: d.students.ben!,
      arrivedAt: recent(10 * 60_000),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE' as const,
      complaint: 'Headache',
    };
    const before = { visits: count('clinic_visits'), outbox: outbox() };
    expect(
      await err(core.call('clinicVisits.create', { ...base, vitals: { heartRate: 300 } })),
    ).toMatchObject({
      code: 'VALIDATION',
      field: 'vitals.heartRate',
    });
    expect(
      await err(core.call('clinicVisits.create', { ...base, vitals: { temperatureC: 45 } })),
    ).toMatchObject({
      field: 'vitals.temperatureC',
    });
    expect(
      await err(core.call('clinicVisits.create', { ...base, vitals: { systolic: 80, diastolic: 95 } })),
    ).toMatchObject({
      field: 'vitals.diastolic',
    });
    expect(
      await err(
        core.call('clinicVisits.create', {
          ...base,
          arrivedAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION', field: 'arrivedAt' });
    expect(
      await err(core.call('clinicVisits.create', { ...base, returnedToClassAt: recent(60 * 60_000) })),
    ).toMatchObject({
      field: 'returnedToClassAt',
    });
    expect(
      await err(
        core.call('clinicVisits.create', {
          ...base,
          medications: [
            { medicationId: d.meds.cetirizine, dose: '10 mg', route: 'oral', givenAt: recent(5 * 60_000) },
          ],
        }),
      ),
    ).toMatchObject({ code: 'MEDICATION_NOT_ORDERED', field: 'medications.0.medicationId' });
    expect(
      await err(
        core.call('clinicVisits.create', {
          ...base,
          medications: [
            {
              medicationId: d.meds.amoxicillin,
              studentMedicationId: d.orders.anaAmoxicillin,
              dose: '250 mg',
              route: 'oral',
              givenAt: recent(5 * 60_000),
            },
          ],
        }),
      ),
    ).toMatchObject({ code: 'MEDICATION_NOT_ORDERED', field: 'medications.0.studentMedicationId' });
    expect(await err(core.call('clinicVisits.create', { ...base, reasonId: undefined }))).toMatchObject({
      field: 'reasonId',
    });
    expect({ visits: count('clinic_visits'), outbox: outbox() }).toEqual(before);
  });

  it('refuses text a database cannot store (a NUL, a lone surrogate) naming the field, and saves nothing', async () => {
    const base = {
      studentId: d.students.ben!,
      arrivedAt: recent(10 * 60_000),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE' as const,
      complaint: 'Headache',
    };
    const before = {
      visits: count('clinic_visits'),
      outbox: outbox(),
      audit: core.internals.context()!.sqlite.prepare(`SELECT count(*) AS n FROM local_audit_log`).get(),
    };
    const nul = await err(
      core.call('clinicVisits.create', { ...base, notes: 'pasted from the chart\u0000 note' }),
    );
    expect(nul).toMatchObject({ code: 'VALIDATION', field: 'notes' });
    expect(nul.message).toMatch(/^notes: .*NUL/);
    expect(
      await err(core.call('clinicVisits.create', { ...base, complaint: 'Headache \ud83d since lunch' })),
    ).toMatchObject({ code: 'VALIDATION', field: 'complaint' });
    expect(
      await err(
        core.call('clinicVisits.create', {
          ...base,
          medications: [
            {
              medicationId: d.meds.ibuprofen,
              dose: '200 mg\u0000',
              route: 'PO',
              givenAt: recent(5 * 60_000),
            },
          ],
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION', field: 'medications.0.dose' });
    // not only free text: any string argument (an id, a search) is checked before the schema runs
    expect(
      await err(core.call('clinicVisits.create', { ...base, studentId: `${d.students.ben!}\u0000` })),
    ).toMatchObject({ code: 'VALIDATION', field: 'studentId' });
    expect(await err(core.call('students.search', { query: 'ana\udc00' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'query',
    });
    expect({
      visits: count('clinic_visits'),
      outbox: outbox(),
      audit: core.internals.context()!.sqlite.prepare(`SELECT count(*) AS n FROM local_audit_log`).get(),
    }).toEqual(before);
  });

  it('records an OTC stock dose and symptoms tied to the visit (the JSON outbreak detection reads)', async () => {
    const { visitId } = await core.call('clinicVisits.create', {
      studentId: d.students.ben!,
      arrivedAt: recent(15 * 60_000),
      reasonId: d.reasons.headache,
      triage: 'ROUTINE',
      complaint: 'Headache and sore throat',
      vitals: { temperatureF: 100.4 },
      medications: [
        { medicationId: d.meds.ibuprofen, dose: '200 mg', route: 'oral', givenAt: recent(10 * 60_000) },
      ],
    });
    const today = await core.call('today.get', {});
    expect(today.queue.map((q) => q.visitId)).toContain(visitId);
    const { id } = await core.call('symptoms.record', {
      visitId,
      symptoms: [
        { code: 'headache', label: 'Headache' },
        { code: 'sore_throat', label: 'Sore throat', severity: 'MODERATE' },
        { code: 'ear_ache', label: 'Ear ache' },
      ],
      diagnosis: 'Acute pharyngitis',
      icd10Code: 'j02.9',
      location: 'Classroom',
    });
    const row = core.internals
      .context()!
      .sqlite.prepare(
        `SELECT symptoms, severity_assessment, icd10_code, location_at_onset, student_grade_level, symptom_onset_date
         FROM symptom_tracking WHERE id = ?`,
      )
      .get(id) as {
      symptoms: string;
      severity_assessment: string;
      icd10_code: string;
      location_at_onset: string;
      student_grade_level: string | null;
      symptom_onset_date: string;
    };
    expect(row).toMatchObject({ icd10_code: 'J02.9', location_at_onset: 'Classroom' });
    expect(row.student_grade_level).not.toBeNull();
    expect(row.symptom_onset_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(row.symptoms)).toEqual({
      headache: true,
      sore_throat: true,
      ear_ache: true,
      temp_f: 100.4,
      labels: { ear_ache: 'Ear ache' },
      clinic_visit_id: visitId,
    });
    expect(row.severity_assessment).toBe('MODERATE');
    expect(
      await err(core.call('symptoms.record', { visitId, symptoms: [{ code: 'cough', label: 'Cough' }] })),
    ).toMatchObject({
      code: 'DUPLICATE',
    });
    expect(
      await err(core.call('symptoms.record', { visitId, symptoms: [{ code: 'Bad Code', label: 'x' }] })),
    ).toMatchObject({
      field: 'symptoms.0.code',
    });
    expect(
      await err(
        core.call('symptoms.record', {
          visitId,
          symptoms: [{ code: 'cough', label: 'Cough' }],
          icd10Code: 'flu',
        }),
      ),
    ).toMatchObject({ field: 'icd10Code' });
    const chart = await core.call('students.chart', { studentId: d.students.ben! });
    expect(chart.symptoms[0]).toMatchObject({ visitId, severity: 'MODERATE' });
    expect(chart.symptoms[0]?.symptoms.map((s) => s.label)).toEqual(['Headache', 'Sore throat', 'Ear ache']);
  });
});

describe('medication administration record', () => {
  it('lists today’s scheduled dose and records it once', async () => {
    const mar = await core.call('mar.today', {});
    const dose = mar.find((r) => r.studentMedicationId === d.orders.benAcetaminophen);
    expect(dose).toMatchObject({
      status: 'SCHEDULED',
      studentName: 'Benjamin Okafor',
      medication: 'Acetaminophen 325 mg tablet',
    });
    const missing = await err(
      core.call('mar.record', {
        studentMedicationId: d.orders.benAcetaminophen,
        scheduledAt: dose!.scheduledAt,
        status: 'REFUSED',
      }),
    );
    expect(missing).toMatchObject({ field: 'note' });
    const wrongTime = await err(
      core.call('mar.record', {
        studentMedicationId: d.orders.benAcetaminophen,
        scheduledAt: new Date(Date.parse(dose!.scheduledAt) - 3_600_000).toISOString(),
        status: 'MISSED',
        note: 'x',
      }),
    );
    expect(wrongTime).toMatchObject({ field: 'scheduledAt' });
    {
      const { id } = await core.call('mar.record', {
        studentMedicationId: d.orders.benAcetaminophen,
        scheduledAt: dose!.scheduledAt,
        status: 'REFUSED',
        note: 'Student refused',
      });
      const after = (await core.call('mar.today', {})).find(
        (r) => r.studentMedicationId === d.orders.benAcetaminophen,
      );
      expect(after).toMatchObject({ administrationId: id, status: 'REFUSED', note: 'Student refused' });
      expect(
        await err(
          core.call('mar.record', {
            studentMedicationId: d.orders.benAcetaminophen,
            scheduledAt: dose!.scheduledAt,
            status: 'MISSED',
            note: 'x',
          }),
        ),
      ).toMatchObject({ code: 'DUPLICATE' });
    }
  });
});

describe('immunizations', () => {
  it('records a dose and the status follows', async () => {
    await core.call('immunizations.record', {
      studentId: d.students.ana!,
      cvx: '03',
      mvx: 'MSD',
      lot: 'X1234',
      administeredOn: '2018-04-02',
      site: 'LA',
      route: 'SC',
      source: 'HISTORICAL',
    });
    const c = await core.call('students.chart', { studentId: d.students.ana! });
    expect(c.immunizations.status).toEqual([
      expect.objectContaining({ vaccine: 'MMR', status: 'COMPLETE', dosesGiven: 2 }),
    ]);
    expect(
      await err(
        core.call('immunizations.record', {
          studentId: d.students.ana!,
          cvx: '03',
          administeredOn: '2018-04-02',
          source: 'HISTORICAL',
        }),
      ),
    ).toMatchObject({ code: 'DUPLICATE' });
    expect(
      await err(
        core.call('immunizations.record', {
          studentId: d.students.ana!,
          cvx: '03',
          administeredOn: '2999-01-01',
          source: 'HISTORICAL',
        }),
      ),
    ).toMatchObject({ field: 'administeredOn' });
    expect(
      await err(
        core.call('immunizations.record', {
          studentId: d.students.ana!,
          cvx: 'MMR',
          administeredOn: '2018-01-01',
          source: 'HISTORICAL',
        }),
      ),
    ).toMatchObject({ field: 'cvx' });
  });
});

describe('catalogs', () => {
  it('lists visit reasons and finds medications with a typo', async () => {
    expect((await core.call('catalog.visitReasons', {})).map((r) => r.code).sort()).toEqual([
      'FEVER',
      'HEADACHE',
    ]);
    const m = await core.call('catalog.medications', { query: 'ibuprofn' });
    expect(m[0]).toMatchObject({ id: d.meds.ibuprofen, drugClass: 'ANALGESIC', otc: true });
  });

  it('offers only over-the-counter medications to the stock picker', async () => {
    const all = await core.call('catalog.medications', { query: 'amoxicillin' });
    expect(all[0]).toMatchObject({ id: d.meds.amoxicillin, otc: false });
    const stock = await core.call('catalog.medications', { query: 'amoxicillin', otcOnly: true });
    expect(stock.map((x) => x.id)).not.toContain(d.meds.amoxicillin);
    const everything = await core.call('catalog.medications', { query: '', limit: 100, otcOnly: true });
    expect(everything.length).toBeGreaterThan(0);
    expect(everything.every((x) => x.otc)).toBe(true);
    expect(everything.map((x) => x.id)).toContain(d.meds.ibuprofen);
  });
});

describe('sync conflicts made by a second workstation', () => {
  let other: WorkstationCore;
  const otherDir = tempDir('wc-core-b-');
  afterAll(async () => {
    await other?.close();
    otherDir.dispose();
  });

  it('lists the conflict with both values and applies the nurse’s choice through the district server', async () => {
    other = await makeCore(otherDir.dir);
    await enrollAndSync(other, d, d.nurse2.email);
    await core.call('sync.now', {});
    const a = core.internals.context()!;
    const b = other.internals.context()!;
    const allergyId = (
      a.sqlite.prepare(`SELECT id FROM allergies WHERE allergen = 'Penicillin'`).get() as { id: string }
    ).id;
    // both edit the same field offline; the second workstation's edit is the later one and syncs first
    a.store.update('allergies', allergyId, { reaction: 'Hives on arms (seen today)' });
    await new Promise((r) => setTimeout(r, 5));
    b.store.update('allergies', allergyId, { reaction: 'Rash and wheezing' });
    expect((await other.call('sync.now', {})).lastError).toBeUndefined();
    const s = await core.call('sync.now', {});
    expect(s.conflicts).toBe(1);
    const [c] = await core.call('sync.conflicts', {});
    expect(c).toMatchObject({
      table: 'allergies',
      rowId: allergyId,
      column: 'reaction',
      type: 'FIELD_LWW',
      label: 'Allergy reaction of Ana Diaz',
      yours: 'Hives on arms (seen today)',
      theirs: 'Rash and wheezing',
      yoursWon: false,
    });
    expect(a.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(allergyId)).toEqual({
      reaction: 'Rash and wheezing',
    });
    expect(
      await err(core.call('sync.resolveConflict', { id: c!.id, choice: 'APPLY_OTHER', reason: '' })),
    ).toMatchObject({
      field: 'reason',
    });
    await core.call('sync.resolveConflict', {
      id: c!.id,
      choice: 'APPLY_OTHER',
      reason: 'I examined the student today',
    });
    await core.call('sync.now', {});
    expect(await core.call('sync.conflicts', {})).toEqual([]);
    expect(a.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(allergyId)).toEqual({
      reaction: 'Hives on arms (seen today)',
    });
    const server = await d.h.db
      .selectFrom('allergies')
      .select('reaction')
      .where('id', '=', allergyId)
      .executeTakeFirst();
    expect(server?.reaction).toBe('Hives on arms (seen today)');
    await other.call('sync.now', {});
    expect(b.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(allergyId)).toEqual({
      reaction: 'Hives on arms (seen today)',
    });
  });

  it('when this workstation’s value won, the nurse can still apply the other one', async () => {
    const a = core.internals.context()!;
    const b = other.internals.context()!;
    const allergyId = (
      a.sqlite.prepare(`SELECT id FROM allergies WHERE allergen = 'Penicillin'`).get() as { id: string }
    ).id;
    // the second workstation edits first and syncs first; this one's later edit wins
    b.store.update('allergies', allergyId, { reaction: 'Swollen lips' });
    await new Promise((r) => setTimeout(r, 5));
    a.store.update('allergies', allergyId, { reaction: 'Itching only' });
    expect((await other.call('sync.now', {})).lastError).toBeUndefined();
    expect((await core.call('sync.now', {})).lastError).toBeUndefined();
    const c = (await core.call('sync.conflicts', {})).find((x) => x.rowId === allergyId);
    expect(c).toMatchObject({
      column: 'reaction',
      yours: 'Itching only',
      theirs: 'Swollen lips',
      yoursWon: true,
    });
    await core.call('sync.resolveConflict', {
      id: c!.id,
      choice: 'APPLY_OTHER',
      reason: 'The parent confirmed the swelling',
    });
    await core.call('sync.now', {});
    expect(await core.call('sync.conflicts', {})).toEqual([]);
    const server = await d.h.db
      .selectFrom('allergies')
      .select('reaction')
      .where('id', '=', allergyId)
      .executeTakeFirst();
    expect(server?.reaction).toBe('Swollen lips');
    expect(a.sqlite.prepare(`SELECT reaction FROM allergies WHERE id = ?`).get(allergyId)).toEqual({
      reaction: 'Swollen lips',
    });
  });
});

describe('today', () => {
  it('shows the queue, today’s visits and the dose due or recorded', async () => {
    const t = await core.call('today.get', {});
    expect(t.visits.length).toBeGreaterThanOrEqual(2);
    expect(t.visits.find((v) => v.complaint === 'Fever since this morning')).toMatchObject({
      inClinic: false,
      triage: 'URGENT',
    });
    expect(t.queue.every((q) => t.visits.some((v) => v.visitId === q.visitId && v.inClinic))).toBe(true);
    // the scheduled dose was recorded (REFUSED) above, so it is no longer due
    expect(t.medsDue.find((m) => m.studentMedicationId === d.orders.benAcetaminophen)).toBeUndefined();
  });
});
