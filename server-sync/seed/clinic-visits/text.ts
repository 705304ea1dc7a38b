/** What students say and what nurses do, per visit reason (presenting complaint, treatment, follow-up). */

export interface VisitText {
  readonly complaints: readonly string[];
  readonly treatments: readonly string[];
  /** treatments[i] answers complaints[i]. */
  readonly paired?: boolean;
  /** Treatments when the student went back to class instead of home (replaces a "parent called" text). */
  readonly stayTreatments?: readonly string[];
  /** Follow-up note; with homeOnly, only when the student was sent home. */
  readonly followUp?: string;
  readonly homeOnly?: boolean;
}

export const VISIT_TEXT: Readonly<Record<string, VisitText>> = {
  HEADACHE: {
    complaints: [
      'Headache since morning, 4/10, frontal',
      'Headache after recess, says it is "pounding"',
      'Headache and tired; skipped breakfast',
      'Headache behind the eyes, 5/10, no injury',
    ],
    treatments: [
      'Rest 15 minutes in a quiet room, water and a snack',
      'Water, cool compress, rest; returned to class improved',
      'Rest with lights dimmed; fluids encouraged',
    ],
  },
  STOMACHACHE: {
    complaints: [
      'Stomachache after lunch, no vomiting',
      'Stomach hurts, periumbilical, mild',
      'Stomachache before a test; no fever',
      'Says stomach feels upset, last BM yesterday',
    ],
    treatments: [
      'Rest 10 minutes, restroom, water; returned to class',
      'Saltine crackers and water; observed 15 minutes',
      'Reassurance, restroom, rest; symptoms resolved',
    ],
  },
  NAUSEA_VOMITING: {
    complaints: [
      'Vomited once in the classroom',
      'Nauseated, vomited in the hallway restroom',
      'Feels like throwing up, pale; emesis x1 in clinic',
      'Nausea since lunch, no diarrhea',
    ],
    treatments: [
      'Cleaned up, rest with emesis basin, sips of water; parent called',
      'Rest, clear fluids; classroom disinfected per protocol',
      'Observed; parent called for pickup (exclusion until 24 hours without vomiting)',
    ],
    stayTreatments: ['Rest, sips of clear fluids, observed 20 minutes; felt better and returned to class'],
    followUp: 'Exclude until 24 hours without vomiting; notify the clinic if other family members are ill.',
    homeOnly: true,
  },
  DIARRHEA: {
    complaints: [
      'Loose stools x3 today with cramping',
      'Diarrhea since this morning, stomach cramps',
      'Watery stools twice at school',
    ],
    treatments: [
      'Rest, clear fluids, restroom access; parent called',
      'Hydration; restroom and classroom disinfected; parent called',
    ],
    stayTreatments: ['Restroom, clear fluids, observed; no further episodes, returned to class'],
    followUp: 'Exclude until 24 hours without diarrhea.',
    homeOnly: true,
  },
  FEVER: {
    complaints: [
      'Feels hot, body aches and cough',
      'Chills and headache, teacher noticed flushed face',
      'Fever, sore throat and cough since last night',
      'Feels sick, warm to touch, tired',
    ],
    treatments: [
      'Temperature taken, rest in isolation area, fluids; parent called for pickup',
      'Cool compress, rest apart from others; sent home per fever policy',
      'Masked, rested in the sick room; parent called',
    ],
    followUp: 'Return after 24 hours fever-free without fever-reducing medicine.',
  },
  SORE_THROAT: {
    complaints: [
      'Sore throat, hurts to swallow',
      'Scratchy throat since yesterday, no fever reported',
      'Sore throat and headache, swollen glands',
    ],
    treatments: [
      'Throat inspected, water and lozenge-free rest; returned to class',
      'Temperature checked; warm water; parent advised to see PCP if worse',
    ],
  },
  COUGH_COLD: {
    complaints: [
      'Runny nose and cough',
      'Congestion and cough, no fever',
      'Cough keeping up in class, stuffy nose',
    ],
    treatments: [
      'Tissues, water, hand hygiene reviewed; returned to class',
      'Afebrile; fluids, returned to class',
    ],
  },
  EAR_PAIN: {
    complaints: ['Right ear hurts', 'Left ear pain since the weekend', 'Ear pain and feels muffled'],
    treatments: [
      'Afebrile; warm compress; parent advised to see PCP',
      'Ear inspected externally; parent notified to follow up with PCP',
    ],
  },
  EYE_PROBLEM: {
    complaints: [
      'Red itchy eye, woke up with crust',
      'Both eyes red with yellow discharge',
      'Something in the eye at recess',
      'Eye watery and irritated',
    ],
    treatments: [
      'Crusting and discharge noted; parent called to see PCP (possible conjunctivitis)',
      'Purulent discharge both eyes; parent called to see PCP (possible conjunctivitis)',
      'Eye flushed with saline; no foreign body seen; returned to class',
      'Cool compress, hand hygiene reviewed; returned to class',
    ],
    paired: true,
  },
  RASH: {
    complaints: [
      'Itchy rash on arms',
      'Rash on hands and mouth sores',
      'Red bumps on the legs since yesterday',
    ],
    treatments: [
      'Rash assessed; anti-itch care; parent notified',
      'Rash and mouth sores assessed; parent advised to see PCP (possible hand, foot and mouth disease)',
      'Cool compress; observed',
    ],
    paired: true,
  },
  TOOTHACHE: {
    complaints: ['Toothache, lower left molar', 'Tooth hurts when chewing', 'Loose tooth bleeding a little'],
    treatments: [
      'Warm salt-water rinse; parent told to call the dentist',
      'Gauze pressure; dental referral letter sent home',
    ],
    followUp: 'Dental referral given.',
  },
  MENSTRUAL: {
    complaints: ['Menstrual cramps, 6/10', 'Cramps and lower back pain', 'Cramps, asked for a heat pack'],
    treatments: ['Heat pack, rest 15 minutes, water', 'Heat pack and supplies provided; returned to class'],
  },
  DIZZINESS: {
    complaints: [
      'Felt dizzy in PE',
      'Lightheaded after standing up quickly',
      'Nearly fainted in the lunch line',
    ],
    treatments: [
      'Lay supine with legs raised, juice and crackers, vitals rechecked',
      'Rest, fluids and snack; orthostatic vitals normal',
    ],
  },
  FATIGUE: {
    complaints: [
      'Tired, slept late last night',
      'Does not feel well, no specific complaint',
      'Wants to rest, says tired',
    ],
    treatments: ['Rest 10 minutes, water; returned to class', 'Snack and water; returned to class'],
  },
  ANXIETY: {
    complaints: [
      'Anxious before presentation, chest feels tight',
      'Upset and crying after an argument',
      'Feels panicky, fast breathing',
    ],
    treatments: [
      'Breathing exercises, quiet space 15 minutes; counselor informed',
      'Calm-down strategies; returned to class with counselor check-in',
    ],
  },
  INJURY_PLAYGROUND: {
    complaints: [
      'Fell off the monkey bars, scraped knee',
      'Collided with a classmate at recess, bump on forehead',
      'Scraped hands on the blacktop',
      'Twisted ankle on the playground, can walk',
    ],
    treatments: [
      'Abrasion cleaned with soap and water, bandage applied',
      'Ice pack 10 minutes; no swelling or concussion signs at recheck',
      'Abrasions cleaned with soap and water, bandages applied',
      'Ice and elevation 15 minutes; walking without a limp',
    ],
    paired: true,
  },
  INJURY_PE_SPORTS: {
    complaints: [
      'Rolled right ankle in basketball',
      'Jammed finger catching a ball',
      'Knee pain after running in PE',
      'Hit by a ball on the arm',
    ],
    treatments: [
      'RICE: ice, elevation, rest; walking without limp after 15 minutes',
      'Buddy-taped finger, ice; full range of motion',
      'Ice and rest; parent notified to watch swelling',
      'Ice pack 10 minutes; full range of motion',
    ],
    paired: true,
    followUp: 'Parent to follow up with PCP if swelling or pain persists.',
  },
  HEAD_INJURY: {
    complaints: [
      'Bumped head on a desk, small goose egg',
      'Hit head on the floor during PE',
      'Head collision at recess',
    ],
    treatments: [
      'Ice pack; concussion symptom check negative; observed 20 minutes',
      'Neuro check normal, ice; parent notified with head injury letter',
    ],
    followUp: 'Head injury letter sent home: watch for headache, vomiting, confusion over 24 hours.',
  },
  NOSEBLEED: {
    complaints: [
      'Nosebleed in class',
      'Nose started bleeding during reading',
      'Nosebleed after blowing nose',
    ],
    treatments: [
      'Leaned forward, pressure on the soft part of the nose 10 minutes; bleeding stopped',
      'Pressure and cold compress; resolved in 8 minutes',
    ],
  },
  INSECT_BITE: {
    complaints: ['Bee sting on the hand at recess', 'Mosquito bites, itchy', 'Something bit my leg outside'],
    treatments: [
      'Stinger scraped out, ice; observed 20 minutes for reaction',
      'Cleaned, cool compress; no signs of allergic reaction',
    ],
  },
  SPLINTER_MINOR_WOUND: {
    complaints: ['Splinter in finger from the bench', 'Paper cut', 'Small cut on the thumb in art class'],
    treatments: [
      'Splinter removed with sterile tweezers, cleaned, bandage',
      'Cleaned with soap and water, bandage',
      'Pressure until bleeding stopped, cleaned, bandage',
    ],
    paired: true,
  },
  ALLERGIC_REACTION: {
    complaints: [
      'Hives on the arms after lunch',
      'Lips itchy after a classmate\u2019s snack',
      'Itchy rash and watery eyes',
    ],
    treatments: [
      'Allergy action plan followed; antihistamine; observed 30 minutes',
      'Observed closely; parent notified',
    ],
    followUp: 'Parent notified; review the allergy action plan.',
  },
  ASTHMA: {
    complaints: [
      'Wheezing after running in PE',
      'Coughing and chest tight',
      'Short of breath after recess in the cold',
    ],
    treatments: [
      'Rescue inhaler with spacer per action plan; breathing eased in 15 minutes',
      'Albuterol given, peak flow improved; returned to class',
    ],
  },
  DIABETIC_CHECK: {
    complaints: ['Scheduled blood glucose check before lunch', 'Pre-lunch glucose check and insulin'],
    treatments: ['Blood glucose checked; carbohydrates counted; insulin per DMMP'],
  },
  SEIZURE: {
    complaints: [
      'Seizure in the classroom witnessed by the teacher',
      'Staring spell and unresponsive, then shaking',
      'Teacher reports a seizure at lunch',
    ],
    treatments: [
      'Seizure first aid: timed, side-lying, airway protected; post-ictal rest',
      'Seizure action plan followed; parent called',
    ],
    followUp: 'Seizure log updated; parent to inform the neurologist.',
  },
  VISION_SCREENING: {
    complaints: ['Vision rescreen after failed class screening', 'Teacher referral: squinting at the board'],
    treatments: [
      'Snellen chart rescreen; referral letter sent if failed',
      'Vision screened; results mailed home',
    ],
  },
  HEARING_SCREENING: {
    complaints: [
      'Hearing rescreen after failed screening',
      'Teacher referral: does not respond to instructions',
    ],
    treatments: ['Pure-tone audiometry at 1000, 2000, 4000 Hz; results sent home'],
  },
  HEAD_LICE_CHECK: {
    complaints: ['Itchy scalp, teacher referral', 'Head check after classroom notice'],
    treatments: [
      'Live lice found; parent notified with treatment information',
      'Head check: no live lice; returned to class',
    ],
    paired: true,
  },
  IMMUNIZATION: {
    complaints: ['School vaccination clinic, consent on file'],
    treatments: ['Vaccine given after screening questions; VIS provided; observed 15 minutes'],
  },
};
