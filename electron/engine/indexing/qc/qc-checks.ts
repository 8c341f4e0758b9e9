import type { DocumentType } from '../../../../shared/domain/document-types.js';
import type { QcCode, QcFinding } from '../../../../shared/domain/indexing.js';
import type { Patient } from '../../../../shared/domain/patient.js';
import type { PageIdentifiers } from '../document-evidence.js';
import { nameWords } from '../patient-index/name-folding.js';
import { wordMatch } from '../patient-index/name-match.js';
import { patientTerms } from '../patient-index/patient-index.js';

export interface QcPage {
  pageId: string;
  dpi: number;
  /** The file did not record its resolution (PNM, some PNG and JPEG): `dpi` is a guess. */
  dpiAssumed?: boolean;
  blank: boolean | null;
  brightness: number | null;
  contrast: number | null;
  sharpness: number | null;
  cutOffGlyphs: number | null;
  recognised: boolean;
}

export interface QcInput {
  pages: QcPage[];
  identifiers: PageIdentifiers[];
  coverSheetMrn: string | null;
  patient: Patient | null;
  docType: DocumentType | null;
  dateOfService: string | null;
  /** Patients of the index that the MRNs on the pages belong to (MRN as read -> patient). */
  mrnOwners: ReadonlyMap<string, Patient>;
  /** Pages whose image already belongs to another indexed document. */
  duplicatePageIds: string[];
  overrides: ReadonlyMap<string, { by: string; reason: string; at: string }>;
  /** Pages judged blank on which OCR then found text (see blank-page-text.ts). */
  textOnBlank?: { returned: string[]; setAside: string[] };
}

/**
 * Thresholds, from measured pages (see page-metrics.ts): a crisp 300-dpi scan has sharpness
 * 1.0-1.4, a page blurred by 0.2 mm about 0.24, by 0.4 mm 0.02; contrast below 0.3 is a page
 * too dark or too light to read reliably. Resolution: 200 dpi is the usual minimum for records
 * that may be printed again; below 150 small print is lost.
 */
const RESOLUTION_WARN = 200;
const RESOLUTION_BLOCK = 150;
const SHARPNESS_WARN = 0.3;
const SHARPNESS_BLOCK = 0.08;
const CONTRAST_WARN = 0.3;
const CONTRAST_BLOCK = 0.15;
/** A few cut marks are a stamp or a margin note; a row of them is a line of text off the page. */
const CUT_OFF_WARN = 4;
const CUT_OFF_BLOCK = 25;

const sameMrn = (a: string, b: string) => a.trim() === b.trim() || a.trim().replace(/^0+/, '') === b.trim().replace(/^0+/, '');

function nameFits(name: string, patient: Patient): boolean {
  const terms = [...patientTerms(patient)];
  const words = nameWords(name);
  // A name on the page fits when its words that look like names all match the patient's terms.
  const meaningful = words.filter((w) => w.length >= 2);
  return meaningful.length > 0 && meaningful.every((w) => terms.some((t) => wordMatch(w, t) !== null && wordMatch(w, t) !== 'prefix'));
}

/**
 * The automatic checks on a document, re-run on every change. Pure: the same facts always give
 * the same findings. Patient checks are blocking (the worst thing the station can do is file a
 * page under the wrong patient); image checks warn, and block beyond the unreadable threshold.
 */
export function runQcChecks(input: QcInput): QcFinding[] {
  const findings: QcFinding[] = [];
  const add = (code: QcCode, severity: QcFinding['severity'], message: string, pageIds: string[] = []) =>
    findings.push({ code, severity, message, pageIds, override: input.overrides.get(code) ?? null });

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

  const patient = input.patient;
  if (!patient) add('missing-patient', 'blocking', 'Choose the patient for this document.');
  // Without a chosen patient, the pages are still checked against the patient their MRN names:
  // a label of one patient on another patient's letter is caught before anyone picks either.
  const owners = [...new Set(input.mrnOwners.values())];
  const reference = patient ?? (owners.length === 1 ? owners[0]! : null);
  if (reference) {
    const subject = patient ? `The selected patient (MRN ${reference.mrn})` : `The patient of MRN ${reference.mrn}`;
    const reasons: string[] = [];
    const pages = new Set<string>();
    if (input.coverSheetMrn && !sameMrn(input.coverSheetMrn, reference.mrn)) reasons.push(`the cover sheet says MRN ${input.coverSheetMrn}`);
    const disagree = (pageId: string, reason: string) => {
      reasons.push(reason);
      pages.add(pageId);
    };
    for (const page of input.identifiers) {
      for (const mrn of page.barcodeMrns) if (!sameMrn(mrn, reference.mrn)) disagree(page.pageId, `a patient label reads MRN ${mrn}`);
      for (const mrn of page.printedMrns) if (!sameMrn(mrn, reference.mrn)) disagree(page.pageId, `the printed MRN reads ${mrn}`);
      if (reference.birthDate) for (const dob of page.birthDates) if (dob !== reference.birthDate) disagree(page.pageId, `a date of birth reads ${dob}`);
      for (const name of page.names) if (!nameFits(name, reference)) disagree(page.pageId, `a name reads "${name}"`);
    }
    if (reasons.length > 0) {
      add(
        'patient-mismatch',
        'blocking',
        `${subject} does not match what is on the pages: ${[...new Set(reasons)].join('; ')}.`,
        [...pages],
      );
    }
  }

  if (!input.docType) add('missing-document-type', 'blocking', 'Choose the document type.');
  else if (input.docType.requiresDateOfService && !input.dateOfService) {
    add('missing-date-of-service', 'blocking', `A ${input.docType.display.toLowerCase()} needs a date of service.`);
  }

  const content = input.pages.filter((p) => p.blank !== true);
  const low = content.filter((p) => p.dpi < RESOLUTION_WARN);
  if (low.length > 0) {
    const worst = Math.min(...low.map((p) => p.dpi));
    // A guessed resolution never blocks: the clerk is told it is a guess (below) and decides.
    const worstKnown = Math.min(...low.filter((p) => !p.dpiAssumed).map((p) => p.dpi));
    add(
      'poor-image-resolution',
      worstKnown < RESOLUTION_BLOCK ? 'blocking' : 'warning',
      `Scanned at ${low.every((p) => p.dpiAssumed) ? 'about ' : ''}${Math.round(worst)} dpi; records need at least ${RESOLUTION_WARN} dpi. Rescan at ${RESOLUTION_WARN} dpi or more.`,
      low.map((p) => p.pageId),
    );
  }
  const guessed = content.filter((p) => p.dpiAssumed);
  if (guessed.length > 0) {
    const dpis = [...new Set(guessed.map((p) => Math.round(p.dpi)))].join(' or ');
    add(
      'image-resolution-unknown',
      'warning',
      `The scan file does not record its resolution, so ChartDesk assumed ${dpis} dpi (from the page size where it matched a paper size). The page's size in the PDF depends on it: check the scanner's resolution setting.`,
      guessed.map((p) => p.pageId),
    );
  }
  const faint = content.filter((p) => p.contrast !== null && p.contrast < CONTRAST_WARN);
  if (faint.length > 0) {
    const worst = Math.min(...faint.map((p) => p.contrast!));
    add(
      'poor-image-exposure',
      worst < CONTRAST_BLOCK ? 'blocking' : 'warning',
      'A page is too dark or too light to read reliably. Check the scanner settings and rescan it.',
      faint.map((p) => p.pageId),
    );
  }
  const blurred = content.filter((p) => p.sharpness !== null && p.sharpness < SHARPNESS_WARN);
  if (blurred.length > 0) {
    const worst = Math.min(...blurred.map((p) => p.sharpness!));
    add(
      'poor-image-blur',
      worst < SHARPNESS_BLOCK ? 'blocking' : 'warning',
      'A page is blurred. Rescan it (check the glass and that the sheet lay flat).',
      blurred.map((p) => p.pageId),
    );
  }
  const cut = content.filter((p) => (p.cutOffGlyphs ?? 0) >= CUT_OFF_WARN);
  if (cut.length > 0) {
    const worst = Math.max(...cut.map((p) => p.cutOffGlyphs!));
    add(
      'poor-image-cut-off',
      worst >= CUT_OFF_BLOCK ? 'blocking' : 'warning',
      'Text runs off the edge of a page: part of it was not scanned. Check the paper size and that the sheet went in straight, and rescan it.',
      cut.map((p) => p.pageId),
    );
  }
  if (input.duplicatePageIds.length > 0) {
    add('suspected-duplicate', 'warning', 'These pages were already indexed in another document. Check this is not the same document scanned twice.', input.duplicatePageIds);
  }
  const textOnBlank = input.textOnBlank ?? { returned: [], setAside: [] };
  if (textOnBlank.returned.length > 0 || textOnBlank.setAside.length > 0) {
    add(
      'blank-page-has-text',
      'warning',
      textOnBlank.setAside.length > 0
        ? 'A page set aside as blank next to this document has text on it. Reopen the document if it is confirmed, and move the page into it if it belongs here.'
        : 'A page first set aside as blank has text on it, so it was put back in this document. Check that it belongs here.',
      [...textOnBlank.returned, ...textOnBlank.setAside],
    );
  }
  const pending = input.pages.filter((p) => !p.recognised);
  if (pending.length > 0) add('recognition-incomplete', 'warning', 'Some pages are still being read: suggestions and checks may still change.', pending.map((p) => p.pageId));
  return findings;
}

export const blocksConfirmation = (findings: readonly QcFinding[]) => findings.some((f) => f.severity === 'blocking' && !f.override);
