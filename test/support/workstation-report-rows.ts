/**
 * Rows for the workstation report builders' tests: a school day of visits, a student's health facts, a month of
 * MAR doses, an immunization history; names in several scripts (the five the issue names), so a test derives what
 * it expects from the same rows it built.
 */
import type {
  HealthSummaryInput,
  ImmunizationRecordInput,
  MarSheetInput,
  PrintContext,
  VisitLogRow,
} from '../../src-shared/reports/workstation';
import { zonedToUtc } from '../../src-shared/time';

export const NAMES = ['José Ñúñez', 'Nguyễn Thị Ánh', 'Алексей Смирнов', '王小明', 'محمد علي', '김민준'] as const;
export const TZ = 'America/Los_Angeles';
export const print: PrintContext = {
  organization: 'Lincoln Elementary',
  timeZone: TZ,
  printedAtMs: Date.parse('2026-12-07T18:05:00Z'),
  printedBy: 'Nora Nightingale',
};
const at = (date: string, hhmm: string) => new Date(zonedToUtc(date, hhmm, TZ)).toISOString();

/** n visits on `date`, from 8:00 local every 4 minutes; every 7th sent home, every 11th an emergency. */
export function visitRows(date: string, n: number): VisitLogRow[] {
  return Array.from({ length: n }, (_, i) => {
    const m = 8 * 60 + i * 4;
    const hhmm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
    const sentHome = i % 7 === 3;
    const emergency = i % 11 === 5;
    return {
      visitId: `v${i}`,
      arrivedAt: at(date, hhmm(m)),
      returnedAt: sentHome || emergency ? null : at(date, hhmm(m + 15)),
      departedAt: sentHome || emergency ? at(date, hhmm(m + 30)) : null,
      studentName: `${NAMES[i % NAMES.length]} ${i + 1}`,
      grade: String((i % 6) + 1),
      reason: i % 2 === 0 ? 'Headache' : 'Injury',
      complaint: i % 2 === 0 ? 'Headache since lunch' : 'Scraped knee at recess',
      treatment: i % 2 === 0 ? 'Rest, water' : 'Cleaned and bandaged',
      medications: i % 5 === 0 ? 'Acetaminophen 325 mg tablet 1 tablet' : null,
      disposition: emergency ? 'EMERGENCY_TRANSPORT' : sentHome ? 'SENT_HOME' : 'RETURNED_TO_CLASS',
      sentHome,
      minutesMissed: 10 + (i % 4) * 5,
      attendedBy: 'Nora Nightingale',
    };
  });
}

export function healthRows(extra = 0): HealthSummaryInput {
  return {
    print,
    student: {
      name: NAMES[1],
      studentNumber: 'S2001',
      birthDate: '2015-03-09',
      grade: '5',
      sex: 'F',
      homeroom: '12B',
      primaryLanguage: 'Vietnamese',
    },
    allergies: [
      { allergen: 'Peanut', type: 'FOOD', severity: 'LIFE_THREATENING', reaction: 'Anaphylaxis', epinephrine: true, verified: true },
      { allergen: 'Penicillin', type: 'DRUG', severity: 'SEVERE', reaction: 'Hives', epinephrine: false, verified: true },
      ...Array.from({ length: extra }, (_, i) => ({
        allergen: `Pollen ${i + 1}`,
        type: 'ENVIRONMENTAL',
        severity: 'MILD' as const,
        reaction: 'Sneezing, itchy eyes '.repeat(6),
        epinephrine: false,
        verified: false,
      })),
    ],
    conditions: [
      {
        name: 'Asthma',
        icd10: 'J45.909',
        status: 'ACTIVE',
        severity: 'MODERATE',
        actionPlan: 'Albuterol 2 puffs before PE.',
        emergencyPlan: 'If no relief after 2 puffs in 10 minutes, call 911 and the parent. '.repeat(extra > 0 ? 8 : 1),
      },
      ...Array.from({ length: extra }, (_, i) => ({
        name: `Condition ${i + 1}`,
        icd10: null,
        status: 'MANAGED',
        severity: null,
        actionPlan: 'Observe and record. '.repeat(20),
        emergencyPlan: null,
      })),
    ],
    medications: [
      { name: 'Albuterol HFA inhaler', dose: '2 puffs', route: 'inhaled', scheduleTimes: [], prn: true, prnInstructions: 'Wheezing or shortness of breath', prescriber: 'Dr. Алексей Петров' },
      { name: 'Methylphenidate 10 mg tablet', dose: '1 tablet', route: 'oral', scheduleTimes: ['11:30'], prn: false, prnInstructions: null, prescriber: 'Dr. 王医生' },
      ...Array.from({ length: extra }, (_, i) => ({
        name: `Medication ${i + 1}`, dose: '5 mL', route: 'oral', scheduleTimes: ['09:00', '13:00'], prn: false, prnInstructions: null, prescriber: null,
      })),
    ],
    contacts: [
      { name: 'محمد علي', relationship: 'Father', phonePrimary: '(555) 010-2000', phoneSecondary: '(555) 010-2001', primary: false, emergency: true, canPickUp: true, priority: 2 },
      { name: 'José Ñúñez', relationship: 'Uncle', phonePrimary: '(555) 010-3000', phoneSecondary: null, primary: false, emergency: false, canPickUp: true, priority: 3 },
      { name: 'Nguyễn Thị Hoa', relationship: 'Mother', phonePrimary: '(555) 010-1000', phoneSecondary: null, primary: true, emergency: true, canPickUp: true, priority: 1 },
      ...Array.from({ length: extra }, (_, i) => ({
        name: `Contact ${i + 1}`, relationship: 'Neighbor', phonePrimary: `(555) 020-${String(1000 + i)}`, phoneSecondary: null, primary: false, emergency: false, canPickUp: false, priority: 10 + i,
      })),
    ],
  };
}

const nurse = { first: 'Nora', last: 'Nightingale' };
const nurse2 = { first: 'Ned', last: 'Norris' };

/** December 2026 of one student: two scheduled orders (one with two times) and one PRN order. */
export function marRows(): MarSheetInput {
  const month = '2026-12';
  const administrations: MarSheetInput['administrations'][number][] = [];
  for (let d = 1; d <= 4; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    administrations.push({
      id: `a${d}`, orderId: 'o1', medication: 'Methylphenidate 10 mg tablet', scheduledFor: at(date, '11:30'),
      administeredAt: at(date, '11:32'), recordedAt: at(date, '11:33'), status: d === 3 ? 'REFUSED' : 'GIVEN',
      doseGiven: '1 tablet', route: 'oral', by: d === 2 ? nurse2 : nurse, voided: false,
      reasonNotGiven: d === 3 ? 'Student refused' : null, notes: null,
    });
  }
  // a void on Dec 7 re-recorded, and a miss on Dec 8
  administrations.push(
    { id: 'a7v', orderId: 'o1', medication: 'Methylphenidate 10 mg tablet', scheduledFor: at(`${month}-07`, '11:30'), administeredAt: at(`${month}-07`, '11:30'), recordedAt: at(`${month}-07`, '11:31'), status: 'GIVEN', doseGiven: '1 tablet', route: 'oral', by: nurse, voided: true, reasonNotGiven: null, notes: null },
    { id: 'a7', orderId: 'o1', medication: 'Methylphenidate 10 mg tablet', scheduledFor: at(`${month}-07`, '11:30'), administeredAt: at(`${month}-07`, '11:40'), recordedAt: at(`${month}-07`, '11:41'), status: 'GIVEN', doseGiven: '1 tablet', route: 'oral', by: nurse2, voided: false, reasonNotGiven: null, notes: null },
    { id: 'a8', orderId: 'o1', medication: 'Methylphenidate 10 mg tablet', scheduledFor: at(`${month}-08`, '11:30'), administeredAt: null, recordedAt: at(`${month}-08`, '13:00'), status: 'MISSED', doseGiven: null, route: null, by: nurse, voided: false, reasonNotGiven: 'Absent from clinic', notes: null },
    { id: 'b1', orderId: 'o2', medication: 'Amoxicillin 250 mg capsule', scheduledFor: at(`${month}-01`, '08:00'), administeredAt: at(`${month}-01`, '08:05'), recordedAt: at(`${month}-01`, '08:05'), status: 'GIVEN', doseGiven: '1 capsule', route: 'oral', by: nurse, voided: false, reasonNotGiven: null, notes: null },
    { id: 'p1', orderId: 'o3', medication: 'Albuterol HFA inhaler', scheduledFor: null, administeredAt: at(`${month}-02`, '10:15'), recordedAt: at(`${month}-02`, '10:16'), status: 'GIVEN', doseGiven: '2 puffs', route: 'inhaled', by: nurse, voided: false, reasonNotGiven: null, notes: 'Wheezing after recess' },
  );
  return {
    print,
    student: { name: NAMES[0], studentNumber: 'S2002', birthDate: '2014-06-01', grade: '6' },
    month,
    orders: [
      { id: 'o1', medication: 'Methylphenidate 10 mg tablet', dose: '1 tablet', route: 'oral', scheduleTimes: ['11:30'], prn: false, prnInstructions: null, prescriber: 'Dr. Smith', startDate: '2026-09-01', endDate: null, status: 'ACTIVE' },
      { id: 'o2', medication: 'Amoxicillin 250 mg capsule', dose: '1 capsule', route: 'oral', scheduleTimes: ['13:00', '08:00'], prn: false, prnInstructions: null, prescriber: 'Dr. Smith', startDate: '2026-11-28', endDate: '2026-12-05', status: 'ACTIVE' },
      { id: 'o3', medication: 'Albuterol HFA inhaler', dose: '2 puffs', route: 'inhaled', scheduleTimes: [], prn: true, prnInstructions: 'Wheezing', prescriber: null, startDate: '2026-09-01', endDate: null, status: 'ACTIVE' },
    ],
    administrations,
    corrections: [
      { administrationId: 'a7v', kind: 'VOID', reason: 'Recorded for the wrong student', changes: 'voided', by: nurse, at: at(`${month}-07`, '11:38') },
      { administrationId: 'a4', kind: 'CORRECTION', reason: 'Typo in the dose', changes: 'dose given: 2 tablets → 1 tablet', by: nurse2, at: at(`${month}-04`, '12:00') },
    ],
    allergies: ['Peanut (life threatening)'],
  };
}

export function immunizationRows(): ImmunizationRecordInput {
  return {
    print,
    student: { name: NAMES[3], studentNumber: 'S2004', birthDate: '2019-02-01', grade: 'K' },
    state: 'OH',
    doses: [
      { vaccine: 'MMR', cvx: '03', vaccineName: null, doseNumber: 1, administeredOn: '2020-02-10', source: 'HISTORICAL', lot: 'L123', sameDayDuplicate: false },
      { vaccine: 'DTaP', cvx: '20', vaccineName: 'DTaP', doseNumber: 1, administeredOn: '2019-04-01', source: 'REGISTRY', lot: null, sameDayDuplicate: true },
      { vaccine: 'DTaP', cvx: '20', vaccineName: 'DTaP', doseNumber: 1, administeredOn: '2019-04-01', source: 'SIS', lot: null, sameDayDuplicate: true },
      { vaccine: 'DTaP', cvx: '20', vaccineName: 'DTaP', doseNumber: 2, administeredOn: '2019-06-03', source: 'REGISTRY', lot: null, sameDayDuplicate: false },
      { vaccine: 'HepA', cvx: '83', vaccineName: 'Hep A, ped/adol, 2 dose', doseNumber: 1, administeredOn: '2020-02-10', source: 'HISTORICAL', lot: null, sameDayDuplicate: false },
    ],
    status: [
      { vaccine: 'DTaP', status: 'OVERDUE', dosesGiven: 2, dosesRequired: 5, sameDayDuplicates: ['2019-04-01'], nextDueOn: '2019-07-01', overdueSince: '2019-07-01' },
      { vaccine: 'MMR', status: 'DUE', dosesGiven: 1, dosesRequired: 2, nextDueOn: '2027-02-01' },
      { vaccine: 'VAR', status: 'EXEMPT', dosesGiven: 0, dosesRequired: 2 },
    ],
    exemptions: [{ vaccine: 'VAR', type: 'MEDICAL', startDate: '2025-08-01', endDate: null }],
  };
}
