import { cellList, oneOf, table } from '../helpers';

/**
 * The drug catalog of the demo district (ingredient level, RxNorm ingredient RxCUIs), written as a reference
 * table (one row a line, cells separated by '|', lists by ';').
 */

export type DrugClass =
  | 'ANALGESIC'
  | 'ANTIBIOTIC'
  | 'ANTIHISTAMINE'
  | 'ANTIHYPERTENSIVE'
  | 'BRONCHODILATOR'
  | 'STIMULANT'
  | 'INSULIN'
  | 'OTHER';
const DRUG_CLASSES: readonly DrugClass[] = [
  'ANALGESIC',
  'ANTIBIOTIC',
  'ANTIHISTAMINE',
  'ANTIHYPERTENSIVE',
  'BRONCHODILATOR',
  'STIMULANT',
  'INSULIN',
  'OTHER',
];

export interface DrugDef {
  readonly key: string;
  readonly name: string;
  readonly rxnorm: string;
  readonly cls: DrugClass;
  /** Narrower pharmacologic class (PENICILLINS, SULFONAMIDES, NSAIDS...), used by allergy cross-references. */
  readonly subclass: string;
  readonly brands: readonly string[];
  readonly forms: readonly string[];
  readonly strengths: readonly string[];
  readonly routes: readonly string[];
  readonly schedule?: 'II' | 'III' | 'IV' | 'V';
  readonly pregnancy: string;
  readonly indications: string;
  readonly contraindications: string;
  readonly warnings: string;
  readonly sideEffects: readonly string[];
  /** Labeler part of its NDCs (5 digits). */
  readonly labeler: string;
}

// key | name | RxNorm ingredient RxCUI | class | subclass | brands | dosage forms | strengths | routes | DEA schedule | pregnancy category | NDC labeler | indications | contraindications | warnings | side effects
const DRUG_TABLE = `
acetaminophen | Acetaminophen | 161 | ANALGESIC | ANALGESICS, NON-OPIOID | Tylenol; Panadol; FeverAll | tablet; chewable tablet; oral suspension; suppository | 80mg; 160mg/5mL; 325mg; 500mg | oral; rectal |  | B | 50580 | Mild to moderate pain; fever. | Severe hepatic impairment or active liver disease. | Hepatotoxicity above 75 mg/kg/day (pediatric) or 4 g/day; check all combination products for acetaminophen. | nausea; rash; hepatotoxicity (overdose)
ibuprofen | Ibuprofen | 5640 | ANALGESIC | NSAIDS | Advil; Motrin | tablet; chewable tablet; oral suspension | 100mg/5mL; 100mg; 200mg; 400mg | oral |  | C | 00573 | Mild to moderate pain, fever, dysmenorrhea. | NSAID or aspirin-induced asthma or urticaria; active GI bleeding. | GI bleeding and ulceration; renal impairment with dehydration; cardiovascular risk with long-term use. | dyspepsia; nausea; GI bleeding; rash
naproxen | Naproxen | 7258 | ANALGESIC | NSAIDS | Aleve; Naprosyn | tablet; oral suspension | 220mg; 250mg; 500mg | oral |  | C | 00280 | Dysmenorrhea, musculoskeletal pain, juvenile arthritis. | NSAID hypersensitivity; perioperative CABG pain. | GI bleeding; cardiovascular thrombotic events. | dyspepsia; headache; edema
aspirin | Aspirin | 1191 | ANALGESIC | SALICYLATES | Bayer Aspirin; Ecotrin | tablet; chewable tablet | 81mg; 325mg | oral |  | D | 00280 | Pain, fever, antiplatelet therapy (adults); Kawasaki disease under specialist care. | Children and teenagers with viral illness (Reye syndrome); bleeding disorders. | Reye syndrome in children with influenza or varicella; GI bleeding. | GI upset; bleeding; tinnitus
amoxicillin | Amoxicillin | 723 | ANTIBIOTIC | PENICILLINS | Amoxil; Moxatag | capsule; chewable tablet; oral suspension | 250mg; 500mg; 400mg/5mL; 250mg/5mL | oral |  | B | 00093 | Streptococcal pharyngitis, acute otitis media, sinusitis, community-acquired pneumonia. | History of serious hypersensitivity to penicillins or other beta-lactams. | Anaphylaxis in penicillin-allergic patients; rash with mononucleosis; C. difficile diarrhea. | diarrhea; rash; nausea
amoxicillin-clavulanate | Amoxicillin / Clavulanate | 19711 | ANTIBIOTIC | PENICILLINS | Augmentin | tablet; oral suspension | 875mg/125mg; 600mg/42.9mg/5mL | oral |  | B | 43598 | Otitis media, sinusitis, animal bites, skin infections with beta-lactamase producers. | Penicillin hypersensitivity; prior cholestatic jaundice with amoxicillin-clavulanate. | Hepatic dysfunction; C. difficile diarrhea. | diarrhea; diaper rash; nausea
penicillin-v | Penicillin V | 7984 | ANTIBIOTIC | PENICILLINS | Veetids | tablet; oral solution | 250mg; 500mg; 250mg/5mL | oral |  | B | 00093 | Streptococcal pharyngitis, rheumatic fever prophylaxis. | Penicillin hypersensitivity. | Anaphylaxis; superinfection. | nausea; diarrhea; rash
cephalexin | Cephalexin | 2231 | ANTIBIOTIC | CEPHALOSPORINS | Keflex | capsule; oral suspension | 250mg; 500mg; 250mg/5mL | oral |  | B | 68180 | Skin and soft tissue infections, streptococcal pharyngitis, UTI. | Cephalosporin hypersensitivity. | Cross-reactivity in patients with immediate-type penicillin allergy (about 1-2%). | diarrhea; nausea; rash
azithromycin | Azithromycin | 18631 | ANTIBIOTIC | MACROLIDES | Zithromax; Z-Pak | tablet; oral suspension | 250mg; 500mg; 200mg/5mL | oral |  | B | 00069 | Pharyngitis in penicillin allergy, pertussis, community-acquired pneumonia. | Cholestatic jaundice with prior azithromycin. | QT prolongation; hepatotoxicity. | diarrhea; abdominal pain; nausea
clarithromycin | Clarithromycin | 21212 | ANTIBIOTIC | MACROLIDES | Biaxin | tablet; oral suspension | 250mg; 500mg; 250mg/5mL | oral |  | C | 00074 | Pharyngitis, sinusitis, H. pylori eradication. | QT prolongation history; use with colchicine in renal impairment. | Strong CYP3A4 inhibitor: many interactions. | taste disturbance; diarrhea; nausea
smx-tmp | Sulfamethoxazole / Trimethoprim | 10831 | ANTIBIOTIC | SULFONAMIDES | Bactrim; Bactrim DS; Septra | tablet; oral suspension | 400mg/80mg; 800mg/160mg; 200mg/40mg/5mL | oral |  | D | 49708 | Urinary tract infection, MRSA skin infection, Pneumocystis prophylaxis. | Sulfonamide hypersensitivity; infants under 2 months; megaloblastic anemia from folate deficiency. | Stevens-Johnson syndrome and toxic epidermal necrolysis; hyperkalemia; blood dyscrasias. | rash; nausea; photosensitivity
doxycycline | Doxycycline | 3640 | ANTIBIOTIC | TETRACYCLINES | Vibramycin; Doryx | capsule; tablet | 50mg; 100mg | oral |  | D | 00069 | Acne, Lyme disease, Rocky Mountain spotted fever, MRSA skin infection. | Tetracycline hypersensitivity. | Photosensitivity; esophageal irritation (take with water, upright); intracranial hypertension. | photosensitivity; nausea; esophagitis
ciprofloxacin | Ciprofloxacin | 2551 | ANTIBIOTIC | FLUOROQUINOLONES | Cipro | tablet; otic suspension | 250mg; 500mg | oral; otic |  | C | 00085 | Complicated UTI, otitis externa (otic). | Use with tizanidine; myasthenia gravis. | Tendinitis and tendon rupture; peripheral neuropathy; QT prolongation. | nausea; diarrhea; tendinopathy
bacitracin | Bacitracin | 1291 | ANTIBIOTIC | TOPICAL ANTIBACTERIALS | Baciguent | ointment | 500 units/g | topical |  | C | 00168 | Minor cuts, scrapes and burns. | Bacitracin hypersensitivity. | Contact dermatitis. | contact dermatitis
cetirizine | Cetirizine | 20610 | ANTIHISTAMINE | H1 ANTIHISTAMINES, SECOND GENERATION | Zyrtec | tablet; chewable tablet; oral solution | 5mg; 10mg; 1mg/mL | oral |  | B | 50580 | Allergic rhinitis, urticaria. | Hypersensitivity to cetirizine or hydroxyzine. | Somnolence in some patients. | somnolence; dry mouth; fatigue
loratadine | Loratadine | 28889 | ANTIHISTAMINE | H1 ANTIHISTAMINES, SECOND GENERATION | Claritin; Alavert | tablet; oral solution | 10mg; 5mg/5mL | oral |  | B | 11523 | Allergic rhinitis, chronic urticaria. | Loratadine hypersensitivity. | Hepatic impairment: lower starting dose. | headache; somnolence; dry mouth
diphenhydramine | Diphenhydramine | 3498 | ANTIHISTAMINE | H1 ANTIHISTAMINES, FIRST GENERATION | Benadryl | capsule; oral liquid; chewable tablet | 25mg; 12.5mg/5mL; 12.5mg | oral |  | B | 50580 | Allergic reactions (adjunct to epinephrine), urticaria, pruritus. | Neonates; use as a sedative in children. | Sedation and paradoxical excitation in children; additive CNS depression. | drowsiness; dry mouth; paradoxical excitation
albuterol | Albuterol | 435 | BRONCHODILATOR | BETA-2 AGONISTS, SHORT-ACTING | ProAir HFA; Ventolin HFA; Proventil HFA | inhalation aerosol; nebulizer solution | 90mcg/actuation; 2.5mg/3mL | inhalation |  | C | 59310 | Acute bronchospasm in asthma; exercise-induced bronchoconstriction prevention. | Albuterol hypersensitivity. | Paradoxical bronchospasm; tachycardia; hypokalemia at high doses. | tremor; tachycardia; nervousness
fluticasone | Fluticasone | 41126 | OTHER | INHALED CORTICOSTEROIDS | Flovent HFA; Flonase | inhalation aerosol; nasal spray | 44mcg/actuation; 110mcg/actuation; 50mcg/spray | inhalation; nasal |  | C | 00173 | Persistent asthma maintenance; allergic rhinitis (nasal). | Primary treatment of status asthmaticus. | Oral candidiasis; growth velocity reduction in children. | oral thrush; hoarseness
montelukast | Montelukast | 88249 | OTHER | LEUKOTRIENE RECEPTOR ANTAGONISTS | Singulair | tablet; chewable tablet; oral granules | 4mg; 5mg; 10mg | oral |  | B | 00006 | Asthma maintenance, allergic rhinitis. | Montelukast hypersensitivity. | Boxed warning: serious neuropsychiatric events (agitation, sleep disturbance, suicidal thinking). | headache; sleep disturbance; agitation
prednisone | Prednisone | 8640 | OTHER | CORTICOSTEROIDS, SYSTEMIC | Deltasone; Rayos | tablet; oral solution | 5mg; 10mg; 20mg; 5mg/5mL | oral |  | C | 00054 | Asthma exacerbation (short burst), inflammatory conditions. | Systemic fungal infections; live vaccines at immunosuppressive doses. | Hyperglycemia; mood changes; immunosuppression; adrenal suppression after prolonged use. | increased appetite; insomnia; mood changes
epinephrine | Epinephrine | 3992 | OTHER | ALPHA/BETA ADRENERGIC AGONISTS | EpiPen; EpiPen Jr; Auvi-Q; Adrenaclick | auto-injector; nasal spray | 0.1mg; 0.15mg; 0.3mg; 2mg/spray | intramuscular; subcutaneous; nasal |  | C | 49502 | Emergency treatment of anaphylaxis (type I allergic reactions). | None in a life-threatening anaphylaxis emergency. | Inject into the anterolateral thigh only; call 911 after use; a second dose may be needed in 5-15 minutes. | pallor; tremor; palpitations; anxiety
glucagon | Glucagon | 4832 | OTHER | ANTIHYPOGLYCEMICS | Baqsimi; Gvoke; GlucaGen | nasal powder; auto-injector; injection kit | 3mg; 0.5mg; 1mg | nasal; subcutaneous; intramuscular |  | B | 00002 | Severe hypoglycemia in patients with diabetes. | Pheochromocytoma; insulinoma. | Turn the student on their side after dosing (vomiting risk); call 911. | nausea; vomiting; headache
dextrose | Glucose | 4850 | OTHER | ANTIHYPOGLYCEMICS | Dex4; Glucolift; Insta-Glucose | chewable tablet; oral gel | 4g; 15g | oral |  | A | 63812 | Mild to moderate hypoglycemia (15 g fast-acting carbohydrate, recheck in 15 minutes). | Unable to swallow safely (use glucagon). | Recheck blood glucose after 15 minutes. | nausea
insulin-lispro | Insulin Lispro | 86009 | INSULIN | INSULINS, RAPID-ACTING | Humalog; Admelog; Lyumjev | injection solution; prefilled pen | 100 units/mL | subcutaneous |  | B | 00002 | Type 1 diabetes: prandial (meal) and correction doses. | During episodes of hypoglycemia. | Hypoglycemia; hypokalemia; never share pens. | hypoglycemia; injection site reaction
insulin-aspart | Insulin Aspart | 51428 | INSULIN | INSULINS, RAPID-ACTING | NovoLog; Fiasp | injection solution; prefilled pen | 100 units/mL | subcutaneous |  | B | 00169 | Type 1 diabetes: prandial and correction doses. | During episodes of hypoglycemia. | Hypoglycemia; hypokalemia. | hypoglycemia; injection site reaction
insulin-glargine | Insulin Glargine | 274783 | INSULIN | INSULINS, LONG-ACTING | Lantus; Basaglar; Toujeo | injection solution; prefilled pen | 100 units/mL; 300 units/mL | subcutaneous |  | C | 00088 | Basal insulin for type 1 diabetes. | During episodes of hypoglycemia; diabetic ketoacidosis treatment. | Do not mix with other insulins; hypoglycemia. | hypoglycemia; lipodystrophy
methylphenidate | Methylphenidate | 6901 | STIMULANT | CNS STIMULANTS | Ritalin; Methylin; Concerta; Metadate CD | tablet; chewable tablet; extended-release tablet; oral solution | 5mg; 10mg; 20mg; 18mg ER; 36mg ER | oral | II | C | 00078 | Attention-deficit/hyperactivity disorder (ADHD). | MAO inhibitor use within 14 days; marked anxiety or agitation; glaucoma. | Boxed warning: abuse and dependence (Schedule II); appetite suppression and growth; count and log every dose. | decreased appetite; insomnia; headache; stomachache
dexmethylphenidate | Dexmethylphenidate | 114491 | STIMULANT | CNS STIMULANTS | Focalin; Focalin XR | tablet; extended-release capsule | 2.5mg; 5mg; 10mg | oral | II | C | 00078 | ADHD. | MAO inhibitor use within 14 days. | Boxed warning: abuse and dependence (Schedule II). | decreased appetite; insomnia
amphetamine-salts | Amphetamine Aspartate / Amphetamine Sulfate / Dextroamphetamine Saccharate / Dextroamphetamine Sulfate | 822929 | STIMULANT | CNS STIMULANTS | Adderall; Adderall XR | tablet; extended-release capsule | 5mg; 10mg; 20mg | oral | II | C | 57844 | ADHD, narcolepsy. | MAO inhibitor use within 14 days; symptomatic cardiovascular disease; history of drug abuse. | Boxed warning: abuse and dependence (Schedule II); sudden death with structural heart disease. | decreased appetite; insomnia; irritability
lisdexamfetamine | Lisdexamfetamine | 700810 | STIMULANT | CNS STIMULANTS | Vyvanse | capsule; chewable tablet | 20mg; 30mg; 40mg | oral | II | C | 59417 | ADHD (age 6 and older). | MAO inhibitor use within 14 days. | Boxed warning: abuse and dependence (Schedule II). | decreased appetite; insomnia; dry mouth
guanfacine | Guanfacine | 40114 | ANTIHYPERTENSIVE | ALPHA-2 ADRENERGIC AGONISTS | Intuniv; Tenex | extended-release tablet; tablet | 1mg; 2mg; 3mg | oral |  | B | 54092 | ADHD (extended-release), hypertension. | Guanfacine hypersensitivity. | Rebound hypertension on abrupt withdrawal; sedation. | somnolence; fatigue; hypotension
clonidine | Clonidine | 2599 | ANTIHYPERTENSIVE | ALPHA-2 ADRENERGIC AGONISTS | Kapvay; Catapres | tablet; extended-release tablet | 0.1mg; 0.2mg | oral |  | C | 00597 | ADHD (extended-release), hypertension. | Clonidine hypersensitivity. | Rebound hypertension on abrupt withdrawal; bradycardia. | somnolence; dry mouth; bradycardia
propranolol | Propranolol | 8787 | ANTIHYPERTENSIVE | BETA BLOCKERS, NON-SELECTIVE | Inderal; Hemangeol | tablet; oral solution | 10mg; 20mg; 4.28mg/mL | oral |  | C | 00591 | Migraine prophylaxis, hypertension, infantile hemangioma. | Asthma or bronchospasm; sinus bradycardia; heart block. | Bronchospasm in asthma; masks signs of hypoglycemia. | fatigue; bradycardia; bronchospasm
lisinopril | Lisinopril | 29046 | ANTIHYPERTENSIVE | ACE INHIBITORS | Prinivil; Zestril; Qbrelis | tablet; oral solution | 2.5mg; 5mg; 10mg | oral |  | D | 00006 | Hypertension (age 6 and older). | History of angioedema; pregnancy. | Fetal toxicity; angioedema; hyperkalemia. | cough; dizziness; hyperkalemia
diazepam | Diazepam | 3322 | OTHER | BENZODIAZEPINES | Diastat AcuDial; Valtoco; Valium | rectal gel; nasal spray; tablet | 2.5mg; 10mg; 20mg; 5mg/spray | rectal; nasal; oral | IV | D | 00187 | Seizure clusters / prolonged seizures (rescue), anxiety, muscle spasm. | Acute narrow-angle glaucoma; severe respiratory insufficiency. | Boxed warning: respiratory depression with opioids; monitor breathing after rescue dose. | somnolence; ataxia; respiratory depression
midazolam | Midazolam | 6960 | OTHER | BENZODIAZEPINES | Nayzilam | nasal spray | 5mg/spray | nasal | IV | D | 50474 | Seizure clusters (rescue, age 12 and older). | Acute narrow-angle glaucoma. | Boxed warning: respiratory depression with opioids. | somnolence; nasal discomfort; respiratory depression
levetiracetam | Levetiracetam | 114477 | OTHER | ANTICONVULSANTS | Keppra | tablet; oral solution | 250mg; 500mg; 100mg/mL | oral |  | C | 50474 | Epilepsy: partial-onset, myoclonic and generalized tonic-clonic seizures. | Levetiracetam hypersensitivity. | Behavioral changes and irritability; do not stop abruptly. | somnolence; irritability; asthenia
lamotrigine | Lamotrigine | 28439 | OTHER | ANTICONVULSANTS | Lamictal | tablet; chewable dispersible tablet | 25mg; 100mg; 5mg | oral |  | C | 00173 | Epilepsy, bipolar disorder maintenance. | Lamotrigine hypersensitivity. | Boxed warning: serious rash (Stevens-Johnson syndrome), higher risk in children and with valproate. | dizziness; rash; diplopia
valproic-acid | Valproic Acid | 11118 | OTHER | ANTICONVULSANTS | Depakene; Depakote | capsule; delayed-release tablet; oral solution | 250mg; 500mg; 250mg/5mL | oral |  | D | 00074 | Epilepsy, bipolar disorder, migraine prophylaxis. | Hepatic disease; urea cycle disorders; mitochondrial disorders (POLG). | Boxed warning: hepatotoxicity, pancreatitis, fetal risk. | nausea; weight gain; tremor; hair loss
carbamazepine | Carbamazepine | 2002 | OTHER | ANTICONVULSANTS | Tegretol; Epitol | tablet; chewable tablet; oral suspension | 100mg; 200mg; 100mg/5mL | oral |  | D | 00078 | Epilepsy, trigeminal neuralgia. | Bone marrow depression; MAO inhibitor use. | Boxed warning: SJS/TEN (HLA-B*1502), aplastic anemia; strong CYP3A4 inducer. | dizziness; drowsiness; nausea
ondansetron | Ondansetron | 26225 | OTHER | ANTIEMETICS, 5-HT3 ANTAGONISTS | Zofran; Zofran ODT | orally disintegrating tablet; tablet; oral solution | 4mg; 8mg; 4mg/5mL | oral |  | B | 00078 | Nausea and vomiting (chemotherapy, postoperative, gastroenteritis). | Use with apomorphine. | QT prolongation; serotonin syndrome with serotonergic drugs. | headache; constipation; fatigue
sertraline | Sertraline | 36437 | OTHER | SSRIS | Zoloft | tablet; oral concentrate | 25mg; 50mg; 100mg | oral |  | C | 00049 | Depression, anxiety disorders, OCD. | MAO inhibitor use within 14 days; pimozide; disulfiram with the oral concentrate. | Boxed warning: suicidal thoughts in children and adolescents; serotonin syndrome. | nausea; insomnia; diarrhea
fluoxetine | Fluoxetine | 4493 | OTHER | SSRIS | Prozac | capsule; tablet; oral solution | 10mg; 20mg; 20mg/5mL | oral |  | C | 00777 | Depression (age 8 and older), OCD, bulimia. | MAO inhibitor use within 5 weeks; pimozide; thioridazine. | Boxed warning: suicidal thoughts in children and adolescents; long half-life. | nausea; insomnia; anxiety
phenelzine | Phenelzine | 8123 | OTHER | MAO INHIBITORS | Nardil | tablet | 15mg | oral |  | C | 00071 | Treatment-resistant depression (adults). | Stimulants, SSRIs, sympathomimetics, tyramine-rich foods. | Hypertensive crisis; serotonin syndrome. | orthostatic hypotension; insomnia; weight gain
tramadol | Tramadol | 10689 | ANALGESIC | OPIOID ANALGESICS | Ultram | tablet | 50mg | oral | IV | C | 50458 | Moderate to severe pain in adults. | Children under 12; post-tonsillectomy pain under 18; MAO inhibitors. | Boxed warning: respiratory depression, ultra-rapid CYP2D6 metabolism in children; seizures; serotonin syndrome. | nausea; dizziness; constipation
oxycodone | Oxycodone | 7804 | ANALGESIC | OPIOID ANALGESICS | Roxicodone; OxyContin | tablet; oral solution | 5mg; 10mg | oral | II | B | 59011 | Severe acute pain (short course after surgery or injury). | Significant respiratory depression; paralytic ileus. | Boxed warning: addiction, respiratory depression; concomitant benzodiazepines. | constipation; nausea; somnolence
naloxone | Naloxone | 7242 | OTHER | OPIOID ANTAGONISTS | Narcan; Kloxxado | nasal spray; injection solution | 4mg/spray; 8mg/spray; 0.4mg/mL | nasal; intramuscular |  | C | 69547 | Emergency treatment of known or suspected opioid overdose. | Naloxone hypersensitivity. | Call 911; repeat every 2-3 minutes if no response; acute opioid withdrawal. | withdrawal symptoms; nasal dryness
warfarin | Warfarin | 11289 | OTHER | ANTICOAGULANTS, VITAMIN K ANTAGONISTS | Coumadin; Jantoven | tablet | 1mg; 2mg; 5mg | oral |  | X | 00056 | Thromboembolism prophylaxis and treatment (mechanical valves, thrombosis). | Pregnancy; active bleeding. | Boxed warning: major or fatal bleeding; many drug and food interactions (INR monitoring). | bleeding; bruising
fluconazole | Fluconazole | 4450 | OTHER | AZOLE ANTIFUNGALS | Diflucan | tablet; oral suspension | 50mg; 150mg; 40mg/mL | oral |  | D | 00049 | Candidiasis, cryptococcal meningitis. | Use with QT-prolonging CYP3A4 substrates. | Hepatotoxicity; QT prolongation; CYP2C9/3A4 inhibition. | headache; nausea; abdominal pain
isotretinoin | Isotretinoin | 6064 | OTHER | RETINOIDS | Absorica; Claravis; Amnesteem | capsule | 10mg; 20mg; 40mg | oral |  | X | 10631 | Severe recalcitrant nodular acne. | Pregnancy; tetracyclines. | iPLEDGE program; intracranial hypertension with tetracyclines; depression. | dry lips; dry skin; myalgia
ethinyl-estradiol | Ethinyl Estradiol | 4124 | OTHER | ESTROGENS (COMBINED ORAL CONTRACEPTIVES) | Yaz; Loestrin; Sprintec | tablet | 0.02mg; 0.035mg | oral |  | X | 00093 | Contraception, dysmenorrhea, acne (combined with a progestin). | Thrombotic disorders; migraine with aura; smoking over 35. | Reduced efficacy with enzyme inducers (carbamazepine, rifampin). | nausea; breakthrough bleeding; headache
levothyroxine | Levothyroxine | 10582 | OTHER | THYROID HORMONES | Synthroid; Levoxyl; Unithroid | tablet | 25mcg; 50mcg; 75mcg | oral |  | A | 00074 | Hypothyroidism. | Uncorrected adrenal insufficiency. | Take on an empty stomach, 4 hours apart from calcium or iron. | palpitations (overdose); weight loss
calcium-carbonate | Calcium Carbonate | 1897 | OTHER | ANTACIDS | Tums; Rolaids | chewable tablet | 500mg; 750mg | oral |  | C | 00135 | Heartburn, acid indigestion; calcium supplementation. | Hypercalcemia. | Chelates fluoroquinolones, tetracyclines and levothyroxine: separate doses. | constipation; gas
hydrocortisone-topical | Hydrocortisone | 5492 | OTHER | CORTICOSTEROIDS, TOPICAL | Cortaid; Cortizone-10 | cream; ointment | 0.5%; 1% | topical |  | C | 41167 | Minor skin irritation, insect bites, eczema flares. | Topical use on infected skin without antimicrobial treatment. | Not for use on the face for more than a few days. | skin atrophy (prolonged use)
sumatriptan | Sumatriptan | 37418 | OTHER | TRIPTANS | Imitrex; Tosymra | tablet; nasal spray | 25mg; 50mg; 5mg/spray; 20mg/spray | oral; nasal |  | C | 00173 | Acute migraine (nasal spray and tablets used in adolescents). | Ischemic heart disease; hemiplegic migraine; MAO-A inhibitors. | Serotonin syndrome with SSRIs; medication-overuse headache. | tingling; chest tightness; dizziness
`;

export const DRUGS: readonly DrugDef[] = table(DRUG_TABLE, 16).map((c) => {
  const schedule = c(9);
  return {
    key: c(0),
    name: c(1),
    rxnorm: c(2),
    cls: oneOf(c(3), DRUG_CLASSES),
    subclass: c(4),
    brands: cellList(c(5)),
    forms: cellList(c(6)),
    strengths: cellList(c(7)),
    routes: cellList(c(8)),
    ...(schedule === '' ? {} : { schedule: oneOf(schedule, ['II', 'III', 'IV', 'V'] as const) }),
    pregnancy: c(10),
    labeler: c(11),
    indications: c(12),
    contraindications: c(13),
    warnings: c(14),
    sideEffects: cellList(c(15)),
  };
});
