import type { Random } from './random.js';

/**
 * Invented patients and clinical letters. Everything is plain ASCII English so OCR ground truth
 * can be compared with simple string checks; none of it describes a real person.
 */

export type PatientSex = 'female' | 'male' | 'other' | 'unknown';

export interface FakePatient {
  family: string;
  given: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: PatientSex;
  /** Medical record number: 6 to 10 digits, never starting with 0 (clerks' keypads drop it). */
  mrn: string;
}

// Hyphenated and apostrophe names are the ones indexing code most often mangles, so they are
// over-represented compared with a real population.
const FAMILY_NAMES = [
  'Abbott',
  'Baker',
  'Chen',
  'Dawson',
  'Ellis',
  'Fischer',
  'Garcia',
  'Harrington',
  'Ibrahim',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Morales',
  'Nguyen',
  'Okafor',
  'Patel',
  'Quinn',
  'Romero',
  'Sullivan',
  'Tanaka',
  'Underwood',
  'Vasquez',
  'Whitfield',
  'Young',
  'Zimmerman',
  'MacDonald',
  'McAllister',
  'Van der Berg',
  "O'Brien",
  "O'Connor",
  "D'Angelo",
  "O'Neill",
  'Smith-Jones',
  'Garcia-Lopez',
  'Hughes-Wright',
  'Taylor-Brown',
] as const;

const GIVEN_NAMES_FEMALE = ['Ada', 'Chloe', 'Eleanor', 'Grace', 'Isla', 'Keiko', 'Maria', 'Olivia', 'Rosa', 'Thea', 'Wen', 'Zoe', 'Mary-Kate', 'Anne-Marie'] as const;
const GIVEN_NAMES_MALE = ['Benjamin', 'Daniel', 'Farid', 'Henry', 'Jamal', 'Liam', 'Noah', 'Pavel', 'Samuel', 'Victor', 'Yusuf', 'Jean-Luc', "D'Andre"] as const;

/** Ages in letters are computed against a fixed year: reading the clock would break reproducibility. */
export const LETTER_YEAR = 2025;

const CONDITIONS = [
  'community acquired pneumonia',
  'an exacerbation of chronic obstructive pulmonary disease',
  'cellulitis of the left leg',
  'acute kidney injury',
  'a urinary tract infection',
  'new onset atrial fibrillation',
  'decompensated heart failure',
  'a fall with a fractured right wrist',
  'diabetic ketoacidosis',
  'acute appendicitis',
  'chest pain of uncertain cause',
] as const;

const MEDICATIONS = [
  ['amoxicillin', '500 mg three times daily'],
  ['metformin', '1 g twice daily'],
  ['ramipril', '5 mg once daily'],
  ['atorvastatin', '40 mg at night'],
  ['apixaban', '5 mg twice daily'],
  ['furosemide', '40 mg in the morning'],
  ['paracetamol', '1 g four times daily as required'],
  ['salbutamol', 'two puffs as required'],
  ['bisoprolol', '2.5 mg once daily'],
  ['omeprazole', '20 mg once daily'],
] as const;

const FINDINGS = [
  'Observations were stable throughout the admission.',
  'Blood cultures showed no growth after five days.',
  'A chest radiograph showed consolidation in the right lower zone.',
  'Renal function returned to baseline.',
  'An echocardiogram showed mildly reduced left ventricular function.',
  'Inflammatory markers fell steadily.',
  'The wound was reviewed daily and was clean and dry.',
  'Oxygen saturation remained above ninety four percent on room air.',
  'Physiotherapy assessed mobility and found the patient safe on the stairs.',
  'Pain was well controlled with simple analgesia.',
] as const;

const PLANS = [
  'Please review in the general practice surgery in two weeks.',
  'Repeat blood tests in one week with results to the clinic.',
  'Outpatient follow up has been booked in the cardiology clinic.',
  'The district nurse will visit to check the dressing.',
  'Return to the emergency department if breathing becomes worse.',
  'No further hospital follow up is required.',
] as const;

const CLINICIANS = ['Dr A. Marsh', 'Dr R. Okonjo', 'Dr S. Lindgren', 'Dr P. Varma', 'Dr H. Castillo', 'Dr J. Whitaker'] as const;
const WARDS = ['Ward 4B', 'Ward 7 Respiratory', 'Acute Medical Unit', 'Cedar Ward', 'Surgical Assessment Unit'] as const;

export type LetterKind = 'discharge-summary' | 'progress-note';

export const LETTER_TITLES: Record<LetterKind, string> = {
  'discharge-summary': 'Discharge Summary',
  'progress-note': 'Progress Note',
};

export function fakePatient(random: Random): FakePatient {
  const year = random.int(1931, 2019);
  const month = random.int(1, 12);
  // Day 28 at most keeps every date valid without a calendar table.
  const day = random.int(1, 28);
  const sex: PatientSex = random.chance(0.03) ? random.pick(['other', 'unknown'] as const) : random.pick(['female', 'male'] as const);
  const given = sex === 'female' ? GIVEN_NAMES_FEMALE : sex === 'male' ? GIVEN_NAMES_MALE : [...GIVEN_NAMES_FEMALE, ...GIVEN_NAMES_MALE];
  return {
    family: random.pick(FAMILY_NAMES),
    given: random.pick(given),
    birthDate: `${year}-${pad2(month)}-${pad2(day)}`,
    sex,
    mrn: random.digits(random.int(6, 10), true),
  };
}

/** "O'BRIEN, Ada": how hospital systems print a name on labels and headers. */
export function formatPatientName(patient: FakePatient): string {
  return `${patient.family.toUpperCase()}, ${patient.given}`;
}

/**
 * Paragraphs of a clinical letter. Sentences come from templates, each used at most once per
 * letter, so pages read differently from one another and never repeat themselves.
 */
export function fakeLetterParagraphs(random: Random, kind: LetterKind, count: number, patient?: FakePatient): string[] {
  const age = patient ? LETTER_YEAR - Number(patient.birthDate.slice(0, 4)) : random.int(19, 94);
  const condition = random.pick(CONDITIONS);
  const days = random.int(2, 14);
  const clinician = random.pick(CLINICIANS);
  const ward = random.pick(WARDS);
  const findings = random.shuffle(FINDINGS);
  const plans = random.shuffle(PLANS);
  const [drug, dose] = random.pick(MEDICATIONS);
  const [drug2, dose2] = random.pick(MEDICATIONS.filter(([name]) => name !== drug));
  const opening =
    kind === 'discharge-summary'
      ? `This ${age} year old was admitted to ${ward} with ${condition} and stayed for ${days} days.`
      : `Seen on the ward round by ${clinician} on day ${random.int(1, days)} of admission for ${condition}.`;
  const sentences = random.shuffle([
    ...findings.slice(0, 6),
    ...plans.slice(0, 3),
    kind === 'discharge-summary' ? `Medications on discharge: ${drug} ${dose}, and ${drug2} ${dose2}.` : `Plan: continue ${drug} ${dose} and review again tomorrow morning.`,
    kind === 'discharge-summary' ? `The patient was seen by ${clinician} before discharge.` : 'The patient reports feeling a little better today.',
    'No known drug allergies were recorded.',
    'Family were updated by telephone.',
  ]);
  const paragraphs: string[] = [opening];
  let next = 0;
  while (paragraphs.length < count && next < sentences.length) {
    const take = random.int(2, 3);
    paragraphs.push(sentences.slice(next, next + take).join(' '));
    next += take;
  }
  return paragraphs;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
