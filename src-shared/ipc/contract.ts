import { z } from 'zod';
import {
  AlertPriority,
  AlertStatus,
  AllergenType,
  AllergySeverity,
  ConditionStatus,
  GradeLevel,
  MedicationOrderStatus,
  Sex,
  UserRole,
  VaccinationRoute,
  VaccinationSite,
  VaccinationSource,
  VisitSeverityTriage,
} from '../enums';
export { IpcError, ipcErrorShape, IPC_ERROR_CODES, type IpcErrorShape, type IpcErrorCode } from './errors';
import type { IpcMethodName } from './methods';

/**
 * The one IPC contract between the workstation UI (src-renderer) and the core (src-main): Electron's
 * preload exposes exactly these methods as `window.whiteCross`, and the loopback bridge of browser mode
 * (`npm run workstation`) serves them as `POST /api/ipc/<method>`. Every argument and result is validated
 * with these schemas on the core's side (arguments before the handler runs, results before they leave).
 *
 * Conventions: ids are the database's UUID text; instants are ISO-8601 strings (the core answers in UTC,
 * `2026-03-04T14:05:00.000Z`; it accepts any offset); dates are `YYYY-MM-DD`. Optional result fields are
 * absent, never null. A failure is `{ code, message, field? }` (./errors.ts).
 */

// ---------------------------------------------------------------------------------------------------------
// building blocks

const id = z.string().min(1, 'required').max(64);
const instant = z.iso.datetime({ offset: true, message: 'must be a date and time (ISO-8601)' });
const isoDate = z.iso.date({ message: 'must be a date (YYYY-MM-DD)' });
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'required');
const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const Triage = z.enum(VisitSeverityTriage);
export type Triage = z.infer<typeof Triage>;

/** Vital sign ranges: outside them the core refuses the visit with a field error. */
export const VITAL_RANGES = Object.freeze({
  temperatureC: { min: 32.0, max: 43.3, unit: '°C' },
  temperatureF: { min: 90.0, max: 110.0, unit: '°F' },
  heartRate: { min: 20, max: 250, unit: 'beats/min' },
  systolic: { min: 50, max: 260, unit: 'mmHg' },
  diastolic: { min: 20, max: 180, unit: 'mmHg' },
} as const);

const inRange = (name: keyof typeof VITAL_RANGES, int: boolean) => {
  const r = VITAL_RANGES[name];
  const base = z.number({ message: 'must be a number' });
  return (int ? base.int('must be a whole number') : base)
    .min(r.min, `below ${r.min} ${r.unit}: check the reading`)
    .max(r.max, `above ${r.max} ${r.unit}: check the reading`);
};

/** Common symptom codes (the keys of symptom_tracking.symptoms that outbreak detection reads). */
export const SYMPTOM_CATALOG = Object.freeze([
  { code: 'fever', label: 'Fever' },
  { code: 'cough', label: 'Cough' },
  { code: 'sore_throat', label: 'Sore throat' },
  { code: 'runny_nose', label: 'Runny nose' },
  { code: 'headache', label: 'Headache' },
  { code: 'body_aches', label: 'Body aches' },
  { code: 'nausea', label: 'Nausea' },
  { code: 'vomiting', label: 'Vomiting' },
  { code: 'diarrhea', label: 'Diarrhea' },
  { code: 'abdominal_pain', label: 'Abdominal pain' },
  { code: 'rash', label: 'Rash' },
  { code: 'itching', label: 'Itching' },
  { code: 'eye_redness', label: 'Eye redness' },
  { code: 'eye_discharge', label: 'Eye discharge' },
  { code: 'swollen_glands', label: 'Swollen glands' },
  { code: 'mouth_sores', label: 'Mouth sores' },
  { code: 'shortness_of_breath', label: 'Shortness of breath' },
  { code: 'wheezing', label: 'Wheezing' },
  { code: 'dizziness', label: 'Dizziness' },
  { code: 'fatigue', label: 'Fatigue' },
] as const);

// ---------------------------------------------------------------------------------------------------------
// app: enrollment, session, lock, break-glass

export const AppUser = z.object({ id, name: z.string(), role: z.enum(UserRole) });
export type AppUser = z.infer<typeof AppUser>;

export const AppStatus = z.object({
  /** enrolled to a district server (has a device identity and a local database) */
  enrolled: z.boolean(),
  /** a session exists but is locked (inactivity, OS lock, app.lock): app.unlock with the password */
  locked: z.boolean(),
  /** a nurse is signed in (possibly locked) */
  signedIn: z.boolean(),
  user: AppUser.optional(),
  schoolName: z.string().optional(),
  /** the school's IANA time zone (schools.timezone): every time the UI shows or takes is in it */
  schoolTimeZone: z.string().optional(),
  /** the district server answered recently */
  online: z.boolean(),
  /** online / offline as last found; unknown until the server was probed (at start) or contacted */
  connection: z.enum(['online', 'offline', 'unknown']),
  mode: z.enum(['electron', 'browser']),
  /** the inactivity lock, rounded to whole minutes (at least 1) for display */
  autoLockMinutes: z.number().int().positive(),
  /** the inactivity lock in seconds (exact) */
  autoLockSeconds: z.number().int().positive(),
  /**
   * who set the inactivity lock: an explicit setting at launch on this workstation (flag or environment), the
   * district's policy (received at sign-in and token refresh, kept for offline sign-in), or the default (10 minutes)
   */
  autoLockSource: z.enum(['district', 'workstation', 'default']),
  /** the signed-in nurse has set an unlock PIN on this workstation (the locked screen offers it) */
  pinSet: z.boolean().optional(),
  /** how the database key is protected on this workstation */
  keyProtection: z.enum(['safeStorage', 'passphrase']).optional(),
  /** emergency (break-the-glass) access is active: read-only, audited, until `until` */
  breakGlass: z.object({ reason: z.string(), until: instant }).optional(),
  serverUrl: z.string().optional(),
});
export type AppStatus = z.infer<typeof AppStatus>;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address'))
  .pipe(z.string().max(254));
const password = z.string().min(1, 'required').max(1024);

export const EnrollArgs = z.object({
  serverUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL of the district server' })
    .max(2048),
  enrollmentCode: requiredText(128),
  email,
  password,
  /** optional name for this workstation as the district sees it */
  deviceName: text(100).optional(),
});

/** An unlock PIN: 4 to 8 digits, not one digit repeated nor a run like 1234 or 9876. */
export const Pin = z
  .string()
  .regex(/^\d{4,8}$/, 'must be 4 to 8 digits')
  .refine((p) => !/^(\d)\1+$/.test(p), 'must not be one digit repeated')
  .refine(
    (p) => !'01234567890'.includes(p) && !'09876543210'.includes(p),
    'must not be a run of digits like 1234',
  );

/** Unlock with the password, or with the PIN the nurse set on this workstation (exactly one). */
export const UnlockArgs = z
  .object({ password: password.optional(), pin: z.string().max(8).optional() })
  .superRefine((v, ctx) => {
    if ((v.password === undefined) === (v.pin === undefined))
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'give the password or the PIN' });
    if (v.pin !== undefined && !/^\d{4,8}$/.test(v.pin))
      ctx.addIssue({ code: 'custom', path: ['pin'], message: 'must be 4 to 8 digits' });
  });

export const SetPinArgs = z.object({ password, pin: Pin });

export const SignInArgs = z.object({
  email,
  password,
  /** passphrase mode only, after KEY_SLOT_STALE: the password this workstation last saw for the nurse */
  previousPassword: password.optional(),
});

// ---------------------------------------------------------------------------------------------------------
// today

export const QueueEntry = z.object({
  visitId: id,
  studentId: id,
  studentName: z.string(),
  arrivedAt: instant,
  reason: z.string(),
  triage: Triage.optional(),
});
export const TodayVisit = QueueEntry.extend({
  complaint: z.string(),
  departedAt: instant.optional(),
  returnedToClassAt: instant.optional(),
  sentHome: z.boolean(),
  /** still in the clinic (neither returned to class, sent home nor departed) */
  inClinic: z.boolean(),
});
export const MedDue = z.object({
  studentMedicationId: id,
  studentId: id,
  studentName: z.string(),
  medication: z.string(),
  dose: z.string(),
  route: z.string(),
  dueAt: instant,
  status: z.enum(['DUE', 'MISSED']),
});
export const AlertSummary = z.object({
  id,
  title: z.string(),
  severity: z.enum(AlertPriority),
  status: z.enum(AlertStatus),
  triggeredAt: instant,
  studentId: id.optional(),
  studentName: z.string().optional(),
});
export const TodayResult = z.object({
  /** the school's local date the lists are for */
  date: isoDate,
  queue: z.array(QueueEntry),
  visits: z.array(TodayVisit),
  medsDue: z.array(MedDue),
  alerts: z.array(AlertSummary),
});
export type TodayResult = z.infer<typeof TodayResult>;

// ---------------------------------------------------------------------------------------------------------
// students

export const StudentSearchArgs = z.object({
  query: z.string().trim().min(1, 'type a name, student number or birth date').max(100),
  limit: z.number().int().min(1).max(100).optional(),
});
export const StudentHit = z.object({
  id,
  name: z.string(),
  preferredName: z.string().optional(),
  studentNumber: z.string(),
  birthDate: isoDate,
  grade: z.enum(GradeLevel),
  /** 0..1, higher is better */
  score: z.number().min(0).max(1),
  /** has at least one recorded drug allergy (shown as a flag in results) */
  hasDrugAllergy: z.boolean(),
});
export type StudentHit = z.infer<typeof StudentHit>;

export const ChartStudent = z.object({
  id,
  name: z.string(),
  firstName: z.string(),
  middleName: z.string().optional(),
  lastName: z.string(),
  preferredName: z.string().optional(),
  studentNumber: z.string(),
  birthDate: isoDate,
  grade: z.enum(GradeLevel),
  sex: z.enum(Sex),
  homeroom: z.string().optional(),
  schoolId: id,
  schoolName: z.string().optional(),
});
export const ChartAllergy = z.object({
  id,
  allergen: z.string(),
  allergenType: z.enum(AllergenType),
  severity: z.enum(AllergySeverity),
  reaction: z.string().optional(),
  epinephrineRequired: z.boolean(),
  verified: z.boolean(),
  notes: z.string().optional(),
  isDrugAllergy: z.boolean(),
  /** drug classes this allergy covers (from the drug-allergy cross reference) */
  drugClasses: z.array(z.string()),
});
export const ChartCondition = z.object({
  id,
  name: z.string(),
  icd10Code: z.string().optional(),
  status: z.enum(ConditionStatus),
  severity: z.enum(AllergySeverity).optional(),
  actionPlan: z.string().optional(),
  emergencyPlan: z.string().optional(),
});
export const ChartMedicationOrder = z.object({
  id,
  medicationId: id,
  medication: z.string(),
  drugClass: z.string().optional(),
  dose: z.string(),
  route: z.string(),
  frequency: z.string().optional(),
  /** local times of day, 'HH:MM' */
  scheduleTimes: z.array(z.string()),
  isPrn: z.boolean(),
  prnInstructions: z.string().optional(),
  startDate: isoDate,
  endDate: isoDate.optional(),
  status: z.enum(MedicationOrderStatus),
  prescriber: z.string().optional(),
});
export const ImmunizationDose = z.object({
  id,
  vaccine: z.string(),
  cvx: z.string(),
  mvx: z.string().optional(),
  vaccineName: z.string().optional(),
  doseNumber: z.number().int().optional(),
  administeredOn: isoDate,
  lot: z.string().optional(),
  site: z.enum(VaccinationSite).optional(),
  route: z.enum(VaccinationRoute).optional(),
  source: z.enum(VaccinationSource),
});
export const ImmunizationStatusRow = z.object({
  vaccine: z.string(),
  status: z.enum(['COMPLETE', 'DUE', 'OVERDUE', 'EXEMPT']),
  dosesGiven: z.number().int().min(0),
  dosesRequired: z.number().int().min(0),
  nextDueOn: isoDate.optional(),
});
export const ChartVisit = z.object({
  visitId: id,
  arrivedAt: instant,
  departedAt: instant.optional(),
  reason: z.string(),
  triage: Triage.optional(),
  complaint: z.string(),
  treatment: z.string().optional(),
  sentHome: z.boolean(),
  attendedBy: z.string().optional(),
});
export const SymptomEntry = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a symptom code is lower-case letters, digits and _ (e.g. sore_throat)'),
  label: requiredText(100),
  onset: isoDate.optional(),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
});
export type SymptomEntry = z.infer<typeof SymptomEntry>;
export const ChartSymptoms = z.object({
  id,
  visitId: id.optional(),
  reportedAt: instant,
  onsetDate: isoDate,
  symptoms: z.array(z.object({ code: z.string(), label: z.string() })),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
  diagnosis: z.string().optional(),
});
export const ChartGuardian = z.object({
  id,
  name: z.string(),
  relationship: z.string(),
  phone: z.string(),
  isPrimaryContact: z.boolean(),
  isEmergencyContact: z.boolean(),
});
export const ChartResult = z.object({
  student: ChartStudent,
  guardians: z.array(ChartGuardian),
  allergies: z.array(ChartAllergy),
  conditions: z.array(ChartCondition),
  medicationOrders: z.array(ChartMedicationOrder),
  immunizations: z.object({ doses: z.array(ImmunizationDose), status: z.array(ImmunizationStatusRow) }),
  visits: z.array(ChartVisit),
  symptoms: z.array(ChartSymptoms),
  alerts: z.array(AlertSummary),
});
export type ChartResult = z.infer<typeof ChartResult>;

// ---------------------------------------------------------------------------------------------------------
// catalogs

export const VisitReason = z.object({
  id,
  code: z.string(),
  label: z.string(),
  category: z.string().optional(),
  requiresVitals: z.boolean(),
  requiresParentNotification: z.boolean(),
});
export const CatalogMedication = z.object({
  id,
  name: z.string(),
  genericName: z.string().optional(),
  strength: z.string().optional(),
  route: z.string().optional(),
  drugClass: z.string().optional(),
  /** over the counter: the school may give it from stock without an order for the student (medications.is_otc) */
  otc: z.boolean(),
});

// ---------------------------------------------------------------------------------------------------------
// visits

export const AllergyMatch = z.object({
  allergyId: id,
  allergen: z.string(),
  severity: z.enum(AllergySeverity),
  reaction: z.string().optional(),
  matchedOn: z.enum(['DRUG', 'CLASS']),
  /** what matched: the drug name, or the class (e.g. 'PENICILLINS', 'ANALGESIC') */
  matchedTerm: z.string(),
});
export type AllergyMatch = z.infer<typeof AllergyMatch>;

export const VisitVitals = z
  .object({
    temperatureC: inRange('temperatureC', false).optional(),
    /** alternative to temperatureC (the database stores °F); give one, not both */
    temperatureF: inRange('temperatureF', false).optional(),
    heartRate: inRange('heartRate', true).optional(),
    systolic: inRange('systolic', true).optional(),
    diastolic: inRange('diastolic', true).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.temperatureC !== undefined && v.temperatureF !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['temperatureF'],
        message: 'give the temperature once (°C or °F)',
      });
    if ((v.systolic === undefined) !== (v.diastolic === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.systolic === undefined ? 'systolic' : 'diastolic'],
        message: 'blood pressure needs both systolic and diastolic',
      });
    if (v.systolic !== undefined && v.diastolic !== undefined && v.systolic <= v.diastolic)
      ctx.addIssue({ code: 'custom', path: ['diastolic'], message: 'diastolic must be below systolic' });
  });
export type VisitVitals = z.infer<typeof VisitVitals>;

export const VisitMedication = z.object({
  medicationId: id,
  /** the student's order this dose is given under; absent = stock medication (e.g. OTC per standing order) */
  studentMedicationId: id.optional(),
  dose: requiredText(100),
  route: requiredText(50),
  givenAt: instant,
  /** required when the student's recorded allergies match this drug or its class */
  allergyOverride: z
    .object({ reason: requiredText(500).min(5, 'give a reason (at least 5 characters)') })
    .optional(),
});
export type VisitMedication = z.infer<typeof VisitMedication>;

export const ClassTimeMissed = z.object({
  period: text(20).optional(),
  subject: text(100).optional(),
  minutes: z.number().int('whole minutes').min(0).max(480, 'at most 480 minutes'),
});

export const VisitCreateArgs = z
  .object({
    /** client-generated id of this submission: a second submit with the same key is refused as DUPLICATE */
    idempotencyKey: z.string().min(8).max(64).optional(),
    studentId: id,
    arrivedAt: instant,
    reasonId: id.optional(),
    reasonText: text(200).optional(),
    triage: Triage,
    complaint: requiredText(2000),
    vitals: VisitVitals.optional(),
    treatment: text(4000).optional(),
    medications: z.array(VisitMedication).max(20).optional(),
    sentHome: z.boolean().optional(),
    parentNotifiedAt: instant.optional(),
    followUp: text(2000).optional(),
    classTimeMissed: ClassTimeMissed.optional(),
    returnedToClassAt: instant.optional(),
    departedAt: instant.optional(),
    notes: text(4000).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.reasonId && !v.reasonText)
      ctx.addIssue({ code: 'custom', path: ['reasonId'], message: 'choose a reason or type one' });
    const arrived = Date.parse(v.arrivedAt);
    const after = (field: 'returnedToClassAt' | 'departedAt' | 'parentNotifiedAt', label: string) => {
      const t = v[field];
      if (t !== undefined && Date.parse(t) < arrived)
        ctx.addIssue({ code: 'custom', path: [field], message: `${label} cannot be before arrival` });
    };
    after('returnedToClassAt', 'return to class');
    after('departedAt', 'departure');
    after('parentNotifiedAt', 'parent notification');
    v.medications?.forEach((m, i) => {
      if (Date.parse(m.givenAt) < arrived)
        ctx.addIssue({
          code: 'custom',
          path: ['medications', i, 'givenAt'],
          message: 'given before arrival',
        });
    });
    if (v.sentHome && v.returnedToClassAt)
      ctx.addIssue({
        code: 'custom',
        path: ['returnedToClassAt'],
        message: 'a student sent home does not return to class',
      });
  });
export type VisitCreateArgs = z.infer<typeof VisitCreateArgs>;

// ---------------------------------------------------------------------------------------------------------
// symptoms, MAR, immunizations

export const SymptomsRecordArgs = z.object({
  visitId: id,
  symptoms: z.array(SymptomEntry).min(1, 'record at least one symptom').max(40),
  onsetDate: isoDate.optional(),
  severity: z.enum(['MILD', 'MODERATE', 'SEVERE']).optional(),
  diagnosis: text(200).optional(),
  notes: text(2000).optional(),
});

export const MarRow = z.object({
  administrationId: id.optional(),
  studentMedicationId: id,
  studentId: id,
  studentName: z.string(),
  medication: z.string(),
  dose: z.string(),
  route: z.string(),
  scheduledAt: instant,
  status: z.enum(['SCHEDULED', 'GIVEN', 'MISSED', 'REFUSED', 'HELD', 'NOT_IN_SCHOOL']),
  by: z.string().optional(),
  at: instant.optional(),
  note: z.string().optional(),
});
export type MarRow = z.infer<typeof MarRow>;

export const MarRecordArgs = z
  .object({
    studentMedicationId: id,
    scheduledAt: instant,
    status: z.enum(['GIVEN', 'MISSED', 'REFUSED']),
    /** when the dose was given (GIVEN; default now) */
    givenAt: instant.optional(),
    note: text(1000).optional(),
    /** required when the student's recorded allergies match this drug or its class */
    allergyOverride: z
      .object({ reason: requiredText(500).min(5, 'give a reason (at least 5 characters)') })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== 'GIVEN' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the dose was not given' });
  });

export const ImmunizationRecordArgs = z.object({
  studentId: id,
  cvx: z.string().regex(/^\d{1,3}$/, 'a CVX code is 1-3 digits'),
  mvx: z
    .string()
    .regex(/^[A-Z]{2,3}$/, 'an MVX code is 2-3 capital letters')
    .optional(),
  /** vaccine family for compliance (e.g. 'MMR', 'DTaP'); derived from the CVX code when absent */
  vaccine: text(40).optional(),
  doseNumber: z.number().int().min(1).max(10).optional(),
  lot: text(40).optional(),
  administeredOn: isoDate,
  site: z.enum(VaccinationSite).optional(),
  route: z.enum(VaccinationRoute).optional(),
  source: z.enum(VaccinationSource),
  notes: text(2000).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// sync

export const SyncStatus = z.object({
  online: z.boolean(),
  /** outbox rows not yet acknowledged by the server */
  waiting: z.number().int().min(0),
  lastSyncAt: instant.optional(),
  running: z.boolean(),
  progress: z
    .object({
      phase: z.enum(['push', 'pull']),
      done: z.number().int().min(0),
      total: z.number().int().min(0),
    })
    .optional(),
  /** open conflicts to review */
  conflicts: z.number().int().min(0),
  /** rejections not yet acknowledged */
  rejections: z.number().int().min(0),
  /** local audit entries not yet sent to the district server (it gets them after a successful sync) */
  auditWaiting: z.number().int().min(0).optional(),
  lastError: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncConflict = z.object({
  id,
  table: z.string(),
  rowId: id,
  column: z.string().optional(),
  type: z.enum(['FIELD_LWW', 'EDIT_AFTER_DELETE', 'CONSTRAINT']),
  /** human label, e.g. "Allergy reaction of Ana Diaz" */
  label: z.string(),
  /** the value written here (JSON value; when neither side is this workstation: the value that lost) */
  yours: z.unknown(),
  /** the other side's value (JSON value) */
  theirs: z.unknown(),
  /** true when `yours` is the value the district kept (the other side lost); APPLY_OTHER then applies `theirs` */
  yoursWon: z.boolean(),
  yourHlc: z.string().optional(),
  theirHlc: z.string().optional(),
  at: instant,
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const SyncRejection = z.object({
  id,
  table: z.string(),
  rowId: id,
  code: z.string(),
  reason: z.string(),
  at: instant,
});

// ---------------------------------------------------------------------------------------------------------
// the contract

const m = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => Object.freeze({ args, result });

export const ipcContract = Object.freeze({
  'app.status': m(empty, AppStatus),
  'app.enroll': m(EnrollArgs, ok),
  'app.signIn': m(SignInArgs, AppStatus),
  'app.unlock': m(UnlockArgs, AppStatus),
  'app.setPin': m(SetPinArgs, AppStatus),
  'app.clearPin': m(empty, AppStatus),
  'app.lock': m(empty, AppStatus),
  'app.signOut': m(empty, AppStatus),
  'app.activity': m(empty, empty),
  'app.breakGlass': m(
    z.object({ reason: requiredText(1000).min(10, 'give the reason (at least 10 characters)') }),
    AppStatus,
  ),

  'today.get': m(empty, TodayResult),

  'students.search': m(StudentSearchArgs, z.array(StudentHit)),
  'students.chart': m(z.object({ studentId: id }), ChartResult),

  'catalog.visitReasons': m(empty, z.array(VisitReason)),
  'catalog.medications': m(
    z.object({
      query: text(100),
      limit: z.number().int().min(1).max(100).optional(),
      /** only what may be given from stock without an order (the stock picker) */
      otcOnly: z.boolean().optional(),
    }),
    z.array(CatalogMedication),
  ),

  'clinicVisits.checkAllergies': m(
    z.object({ studentId: id, medicationId: id }),
    z.object({ matches: z.array(AllergyMatch) }),
  ),
  'clinicVisits.create': m(VisitCreateArgs, z.object({ visitId: id })),
  'clinicVisits.excuseNote': m(z.object({ visitId: id }), z.object({ html: z.string() })),

  'symptoms.record': m(SymptomsRecordArgs, z.object({ id })),

  'mar.today': m(empty, z.array(MarRow)),
  'mar.record': m(MarRecordArgs, z.object({ id })),

  'immunizations.record': m(ImmunizationRecordArgs, z.object({ id })),

  'sync.status': m(empty, SyncStatus),
  'sync.now': m(empty, SyncStatus),
  'sync.conflicts': m(empty, z.array(SyncConflict)),
  /**
   * KEEP_SERVER keeps the value the district holds now (the one that won, `yours` when `yoursWon`); APPLY_OTHER
   * applies the value that lost (`yours`, or `theirs` when `yoursWon`). Both need the server: online only.
   */
  'sync.resolveConflict': m(
    z.object({
      id,
      choice: z.enum(['KEEP_SERVER', 'APPLY_OTHER']),
      reason: requiredText(1000).min(5, 'give a reason (at least 5 characters)'),
    }),
    empty,
  ),
  'sync.rejections': m(empty, z.array(SyncRejection)),
});

export type IpcContract = typeof ipcContract;
export type IpcMethod = keyof IpcContract;
/** What the caller passes (zod input: optional fields may be omitted). */
export type IpcArgs<M extends IpcMethod> = z.input<IpcContract[M]['args']>;
/** What the handler receives after validation (defaults applied, strings trimmed). */
export type IpcParsedArgs<M extends IpcMethod> = z.output<IpcContract[M]['args']>;
export type IpcResult<M extends IpcMethod> = z.output<IpcContract[M]['result']>;
export type WhiteCrossApi = { [M in IpcMethod]: (args: IpcArgs<M>) => Promise<IpcResult<M>> };

export const IPC_METHODS: readonly IpcMethod[] = Object.freeze(Object.keys(ipcContract) as IpcMethod[]);
export const isIpcMethod = (name: string): name is IpcMethod =>
  Object.prototype.hasOwnProperty.call(ipcContract, name);

export { ipcChannel, IPC_METHOD_NAMES } from './methods';

// the name list of ./methods.ts and the contract's keys are the same set (a compile error otherwise)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameMethods: Same<IpcMethod, IpcMethodName> = true;
void _sameMethods;

/** The loopback bridge (browser mode): path, token header and answer envelope. */
export const BRIDGE_PATH_PREFIX = '/api/ipc/';
export const BRIDGE_TOKEN_HEADER = 'x-white-cross-token';
export type BridgeEnvelope<R> =
  { ok: true; result: R } | { ok: false; error: { code: string; message: string; field?: string } };
