import { type DateOrder, dateOrderName } from '../../../../shared/domain/date-order.js';
import type { QcCode, QcFinding } from '../../../../shared/domain/indexing.js';
import { type Patient, patientName } from '../../../../shared/domain/patient.js';
import { formatDateForPeople, otherYearLastOrder, yearLastOrder } from '../../../../shared/domain/written-dates.js';
import type { PageIdentifiers } from '../document-evidence.js';
import { nameWords } from '../patient-index/name-folding.js';
import { wordMatch } from '../patient-index/name-match.js';
import { patientTerms } from '../patient-index/patient-index.js';
import { sameMrn } from '../../../../shared/domain/mrn.js';

export interface PatientCheckInput {
  identifiers: PageIdentifiers[];
  coverSheetMrn: string | null;
  /** The patient of the index the cover sheet's MRN names, if any. */
  coverSheetPatient: Patient | null;
  patient: Patient | null;
  /** Patients of the index that the MRNs on the pages belong to (MRN as read -> patient). */
  mrnOwners: ReadonlyMap<string, Patient>;
  /** How the station reads dates (the other-order finding names both readings). */
  dateOrder: DateOrder;
}

type Add = (code: QcCode, severity: QcFinding['severity'], message: string, pageIds?: string[]) => void;

const fullName = (p: Patient) => patientName(p);

function nameFits(name: string, patient: Patient): boolean {
  const terms = [...patientTerms(patient)];
  const words = nameWords(name);
  // A name on the page fits when its words that look like names all match the patient's terms.
  const meaningful = words.filter((w) => w.length >= 2);
  return meaningful.length > 0 && meaningful.every((w) => terms.some((t) => wordMatch(w, t) !== null && wordMatch(w, t) !== 'prefix'));
}

/**
 * What the pages say against a patient, page by page: MRNs, names and dates of birth that are
 * someone else's. A printed date of birth that is the patient's only in the other date order is
 * no disagreement: it is returned apart, for a warning.
 */
function disagreements(identifiers: readonly PageIdentifiers[], patient: Patient) {
  const reasons: string[] = [];
  const pages = new Set<string>();
  const otherOrder: { pageId: string; text: string; date: string; otherReading: string }[] = [];
  const disagree = (pageId: string, reason: string) => {
    reasons.push(reason);
    pages.add(pageId);
  };
  for (const page of identifiers) {
    for (const mrn of page.barcodeMrns) if (!sameMrn(mrn, patient.mrn)) disagree(page.pageId, `a patient label reads MRN ${mrn}`);
    for (const mrn of page.printedMrns) if (!sameMrn(mrn, patient.mrn)) disagree(page.pageId, `the printed MRN reads ${mrn}`);
    if (patient.birthDate) {
      for (const dob of page.birthDates) {
        if (dob.date === patient.birthDate) continue;
        if (dob.otherReading === patient.birthDate) otherOrder.push({ pageId: page.pageId, text: dob.text, date: dob.date, otherReading: dob.otherReading });
        else disagree(page.pageId, `a date of birth reads ${dob.text} (${formatDateForPeople(dob.date)})`);
      }
    }
    for (const name of page.names) if (!nameFits(name, patient)) disagree(page.pageId, `a name reads "${name}"`);
  }
  return { reasons: [...new Set(reasons)], pageIds: [...pages], otherOrder };
}

/**
 * The patient checks (blocking: the worst thing the station can do is file a page under the
 * wrong patient), and the one warning about a date of birth printed in the other order.
 */
export function patientChecks(input: PatientCheckInput, add: Add): void {
  // Several patients named inside one document, whatever the clerk selected.
  const mrnPages = new Map<string, Set<string>>();
  const note = (mrn: string, pageId: string) => {
    const key = [...mrnPages.keys()].find((k) => sameMrn(k, mrn)) ?? mrn;
    mrnPages.set(key, (mrnPages.get(key) ?? new Set()).add(pageId));
  };
  for (const page of input.identifiers) [...page.barcodeMrns, ...page.printedMrns].forEach((m) => note(m, page.pageId));
  if (mrnPages.size > 1) {
    add(
      'patient-mismatch-two-patients',
      'blocking',
      `The pages carry ${mrnPages.size} different MRNs (${[...mrnPages.keys()].join(', ')}): pages from more than one patient are in this document. Split it or move the pages.`,
      [...new Set([...mrnPages.values()].flatMap((s) => [...s]))],
    );
  }

  // The cover sheet against the pages, chosen patient or not: a cover sheet slipped in front of
  // another patient's pages names the wrong patient for all of them.
  const cover = input.coverSheetMrn;
  if (cover) {
    const coverPatient = input.coverSheetPatient;
    const says = `The cover sheet says MRN ${cover}${coverPatient ? ` (${fullName(coverPatient)})` : ''}`;
    const conflicts: string[] = [];
    const pages = new Set<string>();
    for (const page of input.identifiers) {
      for (const mrn of [...page.barcodeMrns, ...page.printedMrns]) {
        if (sameMrn(mrn, cover)) continue;
        const owner = input.mrnOwners.get(mrn);
        conflicts.push(`MRN ${mrn}${owner ? ` (${fullName(owner)})` : ''}`);
        pages.add(page.pageId);
      }
      if (coverPatient) {
        for (const name of page.names) {
          if (nameFits(name, coverPatient)) continue;
          conflicts.push(`the name "${name}"`);
          pages.add(page.pageId);
        }
      }
    }
    if (conflicts.length > 0) {
      add(
        'cover-sheet-conflict',
        'blocking',
        `${says}, but the pages read ${[...new Set(conflicts)].join(' and ')}. The cover sheet may be in front of the wrong pages: check which patient these pages belong to.`,
        [...pages],
      );
    }
  }

  const patient = input.patient;
  if (!patient) add('missing-patient', 'blocking', 'Choose the patient for this document.');
  // Without a chosen patient, the pages are still checked against the patient their MRN names:
  // a label of one patient on another patient's letter is caught before anyone picks either.
  // (The cover sheet has its own check above.)
  const pageMrns = input.identifiers.flatMap((p) => [...p.barcodeMrns, ...p.printedMrns]);
  const owners = [...new Set(pageMrns.flatMap((m) => (input.mrnOwners.get(m) ? [input.mrnOwners.get(m)!] : [])))];
  const reference = patient ?? (owners.length === 1 ? owners[0]! : null);
  const subjectPatient = reference ?? input.coverSheetPatient;
  if (reference) {
    const subject = patient ? `The selected patient (MRN ${reference.mrn})` : `The patient of MRN ${reference.mrn}`;
    const found = disagreements(input.identifiers, reference);
    const reasons = [...(patient && cover && !sameMrn(cover, reference.mrn) ? [`the cover sheet says MRN ${cover}`] : []), ...found.reasons];
    if (reasons.length > 0) add('patient-mismatch', 'blocking', `${subject} does not match what is on the pages: ${reasons.join('; ')}.`, found.pageIds);
  } else if (subjectPatient) {
    // Only the cover sheet names a patient: its check above covers MRNs and names; dates of birth here.
    const found = disagreements(
      input.identifiers.map((p) => ({ ...p, barcodeMrns: [], printedMrns: [], names: [] })),
      subjectPatient,
    );
    if (found.reasons.length > 0) {
      add('patient-mismatch', 'blocking', `The patient of the cover sheet (MRN ${subjectPatient.mrn}) does not match what is on the pages: ${found.reasons.join('; ')}.`, found.pageIds);
    }
  }
  if (subjectPatient) {
    const { otherOrder } = disagreements(input.identifiers, subjectPatient);
    if (otherOrder.length > 0) {
      const first = otherOrder[0]!;
      const read = dateOrderName(yearLastOrder(input.dateOrder));
      const other = dateOrderName(otherYearLastOrder(input.dateOrder));
      add(
        'birth-date-other-order',
        'warning',
        `The date of birth printed as ${first.text} reads ${formatDateForPeople(first.date)} ${read}, as this station reads dates; only read ${other} ` +
          `(${formatDateForPeople(first.otherReading)}) is it the date of birth of MRN ${subjectPatient.mrn}. These pages may write dates ${other}: check the date of service too.`,
        [...new Set(otherOrder.map((o) => o.pageId))],
      );
    }
  }
}
