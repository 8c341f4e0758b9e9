import { type Random, createRandom } from './random.js';

/**
 * Plain-text stand-ins for the documents of each type, as OCR would read them: a heading the
 * way hospitals write it (several variants, some without the catalogue's keywords) and body
 * sentences typical of the type. Used to measure type suggestion, not to train it.
 */
const templates: Record<string, { headings: string[]; sentences: string[] }> = {
  '18842-5': {
    headings: ['DISCHARGE SUMMARY', 'Discharge Letter', 'Inpatient Discharge Summary', 'Summary of Hospital Stay'],
    sentences: [
      'The patient was admitted with community acquired pneumonia and treated with intravenous antibiotics.',
      'Date of discharge 14/02/2026. Discharged home with district nurse follow up.',
      'Medications on discharge: amoxicillin 500 mg three times daily for five days.',
      'Follow up in the respiratory clinic in six weeks.',
    ],
  },
  '11488-4': {
    headings: ['CONSULTATION NOTE', 'Cardiology Consultation', 'Specialist Opinion', 'Consult Note - Neurology'],
    sentences: [
      'Thank you for asking me to see this patient regarding intermittent palpitations.',
      'On examination the pulse was regular and the heart sounds were normal.',
      'My impression is of benign ectopic beats and I have recommended reassurance.',
      'I would be happy to see her again should symptoms progress.',
    ],
  },
  '34117-2': {
    headings: ['HISTORY AND PHYSICAL', 'Admission History and Physical', 'H&P', 'Clerking Note'],
    sentences: [
      'History of present illness: three days of worsening shortness of breath.',
      'Physical examination: alert, oriented, respiratory rate 22, oxygen saturation 93 percent on air.',
      'Past medical history includes hypertension and type 2 diabetes.',
      'Social history: lives alone, independent, ex smoker.',
    ],
  },
  '11506-3': {
    headings: ['PROGRESS NOTE', 'Ward Round Note', 'Daily Progress Note', 'Continuation Notes'],
    sentences: [
      'Subjective: slept well, pain controlled with regular paracetamol.',
      'Objective: afebrile, observations stable overnight.',
      'Assessment and plan: continue current management, mobilise with physiotherapy.',
      'Reviewed on the ward round with the consultant.',
    ],
  },
  '11502-2': {
    headings: ['LABORATORY REPORT', 'Clinical Biochemistry', 'Haematology Results', 'Pathology Report'],
    sentences: [
      'Specimen: venous blood, collected 08:15, received 09:02.',
      'Haemoglobin 128 g/L reference range 115 to 165.',
      'Sodium 139 mmol/L, potassium 4.2 mmol/L, creatinine 88 umol/L.',
      'Results authorised by the duty biomedical scientist.',
    ],
  },
  '18748-4': {
    headings: ['RADIOLOGY REPORT', 'Chest X-Ray Report', 'CT Head Report', 'Ultrasound Abdomen'],
    sentences: [
      'Clinical indication: cough and fever for one week.',
      'Findings: consolidation in the right lower zone, no pleural effusion.',
      'Impression: appearances in keeping with right lower lobe pneumonia.',
      'Reported by the consultant radiologist.',
    ],
  },
  '11504-8': {
    headings: ['OPERATIVE NOTE', 'Operation Note', 'Theatre Record', 'Procedure Note - Laparoscopic Cholecystectomy'],
    sentences: [
      'Procedure performed: laparoscopic cholecystectomy under general anaesthetic.',
      'Surgeon: Mr A Khan. Assistant: Dr L Patel.',
      'Findings: chronically inflamed gallbladder with multiple stones.',
      'Estimated blood loss minimal. Closure with absorbable sutures.',
    ],
  },
  '59284-0': {
    headings: ['CONSENT FORM', 'Consent to Operation or Procedure', 'Patient Agreement to Treatment', 'Informed Consent'],
    sentences: [
      'I consent to the procedure described above and understand the risks explained to me.',
      'Intended benefits and serious or frequently occurring risks have been discussed.',
      'Patient signature and date. Name of health professional obtaining consent.',
      'A copy of this form has been offered to the patient.',
    ],
  },
  '57133-1': {
    headings: ['REFERRAL LETTER', 'Referral to Outpatient Clinic', 'GP Referral', 'Request for Specialist Review'],
    sentences: [
      'Reason for referral: persistent iron deficiency anaemia despite oral replacement.',
      'I would be grateful if you could see this patient in your clinic.',
      'Referred by Dr S Moore, general practitioner.',
      'Current medications and allergies are listed below.',
    ],
  },
  '10160-0': {
    headings: ['MEDICATION LIST', 'Current Medications', 'Drug Chart', 'Medication Administration Record'],
    sentences: ['Ramipril 5 mg once daily in the morning.', 'Metformin 500 mg twice daily with meals.', 'Atorvastatin 20 mg at night.', 'Allergies: penicillin causes rash.'],
  },
  '64290-0': {
    headings: ['INSURANCE CARD', 'Health Insurance Card', 'Member Card', 'Coverage Card (front and back)'],
    sentences: [
      'Member ID XGH 4471 2290 Group number 88213.',
      'Subscriber: the patient. Payer: Northern Health Plan.',
      'Rx BIN 610014 PCN 9999.',
      'Present this card at each visit. Customer service on the back.',
    ],
  },
  '51852-2': {
    headings: ['Dear Dr Moore,', 'Dear Colleague,', 'To whom it may concern', 'Re: your patient'],
    sentences: [
      'Thank you for your letter regarding this patient, whom I saw today.',
      'I have written to the patient directly with the appointment details.',
      'Please do not hesitate to contact me if I can be of further help.',
      'Yours sincerely, Dr J Reid.',
    ],
  },
};

export const documentTextTypes = Object.keys(templates);

export interface GeneratedDocumentText {
  code: string;
  heading: string;
  body: string;
}

/** One document's text of a given type; the same seed gives the same text. */
export function documentText(code: string, seed: number): GeneratedDocumentText {
  const template = templates[code];
  if (!template) throw new Error(`no text template for ${code}`);
  const random: Random = createRandom(seed);
  const sentences = random.shuffle([...template.sentences]).slice(0, 3);
  return { code, heading: `${random.pick(template.headings)}\nPatient: see label`, body: sentences.join('\n') };
}

/**
 * Pages that reach a scanner but are no clinical document: a typing test, filler text, notices,
 * a menu, a rota. No document type fits them; a type suggested for one must be a guess.
 */
const nonClinical: { heading: string[]; sentences: string[] }[] = [
  {
    heading: ['Typing test', 'Keyboard practice', 'TYPING SPEED TEST'],
    sentences: [
      'The quick brown fox jumps over the lazy dog.',
      'Now is the time for all good men to come to the aid of the party.',
      'Pack my box with five dozen liquor jugs.',
      'Sphinx of black quartz, judge my vow.',
      'How vexingly quick daft zebras jump.',
    ],
  },
  {
    heading: ['Lorem ipsum', 'Sample text', 'Placeholder'],
    sentences: [
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit.',
      'Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.',
      'Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.',
      'Duis aute irure dolor in reprehenderit in voluptate velit esse.',
      'Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia.',
    ],
  },
  {
    heading: ['Staff Canteen Menu', 'This Week in the Cafeteria', 'Restaurant Opening Hours'],
    sentences: [
      'Monday: vegetable soup, fish and chips, apple crumble with custard.',
      'Tuesday: chicken curry with rice, a jacket potato bar and fruit salad.',
      'The hot counter is open from noon until two in the afternoon.',
      'Card payments only. Please return your tray to the rack by the door.',
      'A vegetarian option is available every day.',
    ],
  },
  {
    heading: ['Car Park Notice', 'Parking Permits', 'Visitor Parking'],
    sentences: [
      'Level two of the multi storey car park will close for resurfacing next week.',
      'Permit holders may use the overflow car park behind the boiler house.',
      'Vehicles left in the ambulance bay will be removed.',
      'Pay at the machine by the lift before returning to your car.',
      'Blue badge spaces are next to the main entrance.',
    ],
  },
  {
    heading: ['IT Service Desk', 'Password Reset', 'Planned Network Maintenance'],
    sentences: [
      'The network will be unavailable between ten and midnight on Sunday.',
      'To reset your password, press the reset link and follow the steps on screen.',
      'Never share your password with anyone, including the service desk.',
      'Printers on the second floor will be replaced on Thursday.',
      'Call extension 4400 if your computer does not start after the update.',
    ],
  },
  {
    heading: ['Fire Drill', 'Fire Safety Notice', 'Evacuation Procedure'],
    sentences: [
      'The fire alarm will be tested every Wednesday at eleven in the morning.',
      'On hearing a continuous alarm, leave by the nearest marked exit.',
      'Do not use the lifts. Assemble in the car park by the chapel.',
      'Fire doors must be kept closed at all times.',
      'The fire marshal for this floor wears a yellow jacket.',
    ],
  },
  {
    heading: ['Staff Rota', 'Duty Rota - Records Department', 'Holiday Planner'],
    sentences: [
      'Early shift seven until three, late shift one until nine.',
      'Please swap shifts only with the agreement of the team leader.',
      'Annual leave requests for August must be in by the end of May.',
      'Bank holiday cover is shared equally across the team.',
      'Training day for all staff on the first Monday of the month.',
    ],
  },
  {
    heading: ['Shopping list', 'Things to buy', 'Order for the office'],
    sentences: [
      'Milk, bread, butter, eggs and a bag of oranges.',
      'Printer paper, two boxes of blue pens and sticky notes.',
      'Coffee, tea bags, sugar and a packet of biscuits.',
      'Washing up liquid and kitchen roll for the staff room.',
      'Batteries for the wall clock.',
    ],
  },
];

export const nonClinicalKinds = nonClinical.length;

/** A page that is no clinical document, of kind `kind` (0..nonClinicalKinds-1); the same seed gives the same text. */
export function nonClinicalText(kind: number, seed: number): Omit<GeneratedDocumentText, 'code'> {
  const template = nonClinical[kind % nonClinical.length]!;
  const random: Random = createRandom(seed);
  return {
    heading: random.pick(template.heading),
    body: random
      .shuffle([...template.sentences])
      .slice(0, 4)
      .join('\n'),
  };
}
