import { oneOf, table } from '../helpers';

/** Well-documented interaction pairs of the catalog's drugs, and the severity levels they are graded on. */

export type InteractionSeverity = 'MINOR' | 'MODERATE' | 'MAJOR' | 'CONTRAINDICATED';

export interface InteractionDef {
  readonly a: string;
  readonly b: string;
  readonly severity: InteractionSeverity;
  readonly type: 'PHARMACOKINETIC' | 'PHARMACODYNAMIC' | 'ADDITIVE_TOXICITY';
  readonly evidence: 'THEORETICAL' | 'CASE_REPORT' | 'CLINICAL_STUDY' | 'WELL_DOCUMENTED';
  readonly onset: 'RAPID' | 'DELAYED';
  readonly quality: 'EXCELLENT' | 'GOOD' | 'FAIR' | 'POOR';
  readonly description: string;
  readonly effects: string;
  readonly management: string;
}

// drug a | drug b | severity | type | evidence | onset | documentation | description | clinical effects | management
const INTERACTION_TABLE = `
methylphenidate | phenelzine | CONTRAINDICATED | PHARMACODYNAMIC | WELL_DOCUMENTED | RAPID | EXCELLENT | CNS stimulants with MAO inhibitors can precipitate hypertensive crisis. | Severe hypertension, headache, hyperpyrexia, arrhythmia. | Do not use methylphenidate during or within 14 days after an MAO inhibitor.
lisdexamfetamine | phenelzine | CONTRAINDICATED | PHARMACODYNAMIC | WELL_DOCUMENTED | RAPID | EXCELLENT | Amphetamines release norepinephrine that MAO inhibitors cannot break down. | Hypertensive crisis, hyperthermia, seizures. | Contraindicated within 14 days of an MAO inhibitor.
amphetamine-salts | phenelzine | CONTRAINDICATED | PHARMACODYNAMIC | WELL_DOCUMENTED | RAPID | EXCELLENT | Amphetamines with MAO inhibitors: hypertensive crisis. | Severe hypertension, hyperpyrexia, death reported. | Contraindicated within 14 days of an MAO inhibitor.
sertraline | phenelzine | CONTRAINDICATED | PHARMACODYNAMIC | WELL_DOCUMENTED | RAPID | EXCELLENT | SSRIs with MAO inhibitors cause serotonin syndrome. | Agitation, hyperthermia, clonus, autonomic instability. | Contraindicated; allow 14 days after stopping the MAO inhibitor.
fluoxetine | tramadol | MAJOR | PHARMACODYNAMIC | CLINICAL_STUDY | RAPID | GOOD | Tramadol with SSRIs raises serotonin syndrome and seizure risk; fluoxetine also inhibits CYP2D6 activation of tramadol. | Serotonin syndrome, seizures, reduced analgesia. | Avoid; choose a non-serotonergic analgesic.
sertraline | tramadol | MAJOR | PHARMACODYNAMIC | CLINICAL_STUDY | RAPID | GOOD | Additive serotonergic effects and lowered seizure threshold. | Serotonin syndrome, seizures. | Avoid the combination or monitor closely for serotonin toxicity.
ibuprofen | warfarin | MAJOR | PHARMACODYNAMIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | NSAIDs inhibit platelet function and injure gastric mucosa in anticoagulated patients. | Increased risk of serious GI and other bleeding. | Use acetaminophen for pain; if an NSAID is unavoidable, monitor INR and bleeding.
aspirin | warfarin | MAJOR | PHARMACODYNAMIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Antiplatelet plus anticoagulant effects. | Major bleeding. | Avoid unless specifically prescribed together by the cardiologist.
smx-tmp | warfarin | MAJOR | PHARMACOKINETIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Sulfamethoxazole inhibits CYP2C9 and displaces warfarin from albumin. | Marked INR elevation and bleeding within days. | Prefer another antibiotic; otherwise reduce the warfarin dose and check INR in 3-5 days.
fluconazole | warfarin | MAJOR | PHARMACOKINETIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Fluconazole inhibits CYP2C9 metabolism of S-warfarin. | INR elevation, bleeding. | Monitor INR closely; consider a warfarin dose reduction.
acetaminophen | warfarin | MODERATE | PHARMACODYNAMIC | CLINICAL_STUDY | DELAYED | GOOD | Regular acetaminophen above 2 g/day for several days can raise the INR. | Increased INR and bleeding risk. | Occasional school doses are acceptable; report regular use to the prescriber.
aspirin | ibuprofen | MODERATE | PHARMACODYNAMIC | CLINICAL_STUDY | RAPID | GOOD | Ibuprofen blocks aspirin access to platelet COX-1 and adds GI toxicity. | Reduced cardioprotective antiplatelet effect; GI bleeding. | Give ibuprofen at least 8 hours before or 30 minutes after immediate-release aspirin.
ibuprofen | lisinopril | MODERATE | PHARMACODYNAMIC | CLINICAL_STUDY | DELAYED | GOOD | NSAIDs blunt the antihypertensive effect of ACE inhibitors and may impair renal function. | Higher blood pressure, hyperkalemia, acute kidney injury with dehydration. | Limit to short courses; keep the student hydrated; monitor blood pressure.
ibuprofen | prednisone | MODERATE | ADDITIVE_TOXICITY | CLINICAL_STUDY | DELAYED | GOOD | Corticosteroids and NSAIDs both increase GI ulceration risk. | GI irritation, ulceration, bleeding. | Prefer acetaminophen during a steroid burst.
albuterol | propranolol | MAJOR | PHARMACODYNAMIC | WELL_DOCUMENTED | RAPID | EXCELLENT | Non-selective beta blockers antagonize beta-2 bronchodilation. | Reduced albuterol response; severe bronchospasm in asthma. | Avoid non-selective beta blockers in asthma; alert the prescriber.
insulin-lispro | propranolol | MODERATE | PHARMACODYNAMIC | CLINICAL_STUDY | DELAYED | GOOD | Beta blockade masks adrenergic warning signs of hypoglycemia and delays recovery. | Unrecognized or prolonged hypoglycemia. | Check blood glucose for any unusual behavior; sweating may be the only sign.
calcium-carbonate | levothyroxine | MODERATE | PHARMACOKINETIC | CLINICAL_STUDY | DELAYED | GOOD | Calcium binds levothyroxine in the gut. | Reduced levothyroxine absorption, hypothyroid symptoms. | Separate the doses by at least 4 hours.
calcium-carbonate | ciprofloxacin | MODERATE | PHARMACOKINETIC | WELL_DOCUMENTED | RAPID | EXCELLENT | Divalent cations chelate fluoroquinolones. | Antibiotic failure. | Give ciprofloxacin 2 hours before or 6 hours after the antacid.
calcium-carbonate | doxycycline | MODERATE | PHARMACOKINETIC | WELL_DOCUMENTED | RAPID | EXCELLENT | Calcium chelates tetracyclines in the gut. | Reduced doxycycline absorption. | Separate by 2-3 hours; do not give antacids at school near a doxycycline dose.
carbamazepine | clarithromycin | MAJOR | PHARMACOKINETIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Clarithromycin strongly inhibits CYP3A4, the main route of carbamazepine clearance. | Carbamazepine toxicity: ataxia, nystagmus, drowsiness, vomiting. | Use azithromycin instead, or monitor carbamazepine levels.
lamotrigine | valproic-acid | MAJOR | PHARMACOKINETIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Valproate inhibits lamotrigine glucuronidation, roughly doubling its level. | Lamotrigine toxicity; higher risk of life-threatening rash in children. | Halve the lamotrigine dose and titrate slowly; report any rash immediately.
carbamazepine | ethinyl-estradiol | MAJOR | PHARMACOKINETIC | WELL_DOCUMENTED | DELAYED | EXCELLENT | Carbamazepine induces CYP3A4 metabolism of estrogens and progestins. | Contraceptive failure, breakthrough bleeding. | Use a non-hormonal or IUD method.
diazepam | oxycodone | MAJOR | ADDITIVE_TOXICITY | WELL_DOCUMENTED | RAPID | EXCELLENT | Benzodiazepines with opioids: boxed warning for profound sedation. | Respiratory depression, coma, death. | Give a seizure rescue dose only with 911 called; monitor breathing; have naloxone ready.
midazolam | oxycodone | MAJOR | ADDITIVE_TOXICITY | WELL_DOCUMENTED | RAPID | EXCELLENT | Additive CNS and respiratory depression. | Respiratory depression, sedation. | Monitor respiration after rescue dosing; call 911.
azithromycin | ondansetron | MODERATE | PHARMACODYNAMIC | CASE_REPORT | RAPID | FAIR | Both prolong the QT interval. | QT prolongation, rare torsades de pointes. | Avoid in students with long QT syndrome; otherwise acceptable short term.
ondansetron | sertraline | MODERATE | PHARMACODYNAMIC | CASE_REPORT | RAPID | FAIR | 5-HT3 antagonists with SSRIs: serotonin syndrome reports. | Serotonin syndrome (rare). | Monitor for agitation, tremor, fever after dosing.
fluoxetine | sumatriptan | MODERATE | PHARMACODYNAMIC | CASE_REPORT | RAPID | FAIR | Triptans with SSRIs: FDA advisory on serotonin syndrome. | Serotonin syndrome (rare). | Usually acceptable; educate on symptoms.
cetirizine | diphenhydramine | MINOR | ADDITIVE_TOXICITY | THEORETICAL | RAPID | FAIR | Two antihistamines give additive sedation and anticholinergic effects. | Drowsiness, dry mouth. | Avoid duplicate antihistamines unless directed by the allergy action plan.
doxycycline | isotretinoin | CONTRAINDICATED | ADDITIVE_TOXICITY | WELL_DOCUMENTED | DELAYED | GOOD | Both cause intracranial hypertension (pseudotumor cerebri). | Severe headache, papilledema, vision loss. | Do not combine.
guanfacine | clarithromycin | MODERATE | PHARMACOKINETIC | CLINICAL_STUDY | DELAYED | GOOD | Strong CYP3A4 inhibitors raise guanfacine exposure about threefold. | Hypotension, bradycardia, sedation. | Halve the guanfacine dose during the course.
clonidine | methylphenidate | MINOR | PHARMACODYNAMIC | CASE_REPORT | DELAYED | FAIR | Combined use reported with rare serious cardiovascular events. | Bradycardia or blood pressure changes. | Commonly prescribed together; monitor heart rate.
`;

export const INTERACTIONS: readonly InteractionDef[] = table(INTERACTION_TABLE, 10).map((c) => ({
  a: c(0),
  b: c(1),
  severity: oneOf(c(2), ['MINOR', 'MODERATE', 'MAJOR', 'CONTRAINDICATED'] as const),
  type: oneOf(c(3), ['PHARMACOKINETIC', 'PHARMACODYNAMIC', 'ADDITIVE_TOXICITY'] as const),
  evidence: oneOf(c(4), ['THEORETICAL', 'CASE_REPORT', 'CLINICAL_STUDY', 'WELL_DOCUMENTED'] as const),
  onset: oneOf(c(5), ['RAPID', 'DELAYED'] as const),
  quality: oneOf(c(6), ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const),
  description: c(7),
  effects: c(8),
  management: c(9),
}));

/** interaction_severity_levels: how each severity is shown and what it requires. */
export const SEVERITY_LEVELS = [
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
