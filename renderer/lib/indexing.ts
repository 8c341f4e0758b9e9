import type { BarcodeOnPage, BatchDetail, BatchDocument, Page } from '../../shared/domain/batch.js';
import { type DateOrder, dateOrderName } from '../../shared/domain/date-order.js';
import type { DateOfServiceSuggestion, DocTypeSuggestion, DocumentIndexing, QcFinding } from '../../shared/domain/indexing.js';
import { type ReadDate, dateSpansIn, formatDateForPeople, otherYearLastOrder, parseTypedDate as readTypedDate, yearLastOrder } from '../../shared/domain/written-dates.js';
import type { MatchKind, Patient, PatientEvidence, PatientIdentifier, PatientMatch, PatientSearchField } from '../../shared/domain/patient.js';
import { mrnKey, sameMrn } from '../../shared/domain/mrn.js';
import type { Highlight } from '../components/PageViewer.js';
import type { PageText } from '../stores/ocr.js';
import { formatServiceDate } from './recognition.js';

/** "O'BRIEN, Mary Bridget": the one way patients are named (shared/domain/patient.ts). */
export { patientName } from '../../shared/domain/patient.js';

const sexNames: Record<Patient['sex'], string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Sex not known' };
export const sexName = (sex: Patient['sex']) => sexNames[sex];

export const birthDateText = (p: Patient): string => (p.birthDate ? `born ${formatServiceDate(p.birthDate) ?? p.birthDate}` : 'birth date not known');

const identifierNames: Record<PatientIdentifier, string> = { mrn: 'MRN', name: 'name', birthDate: 'date of birth' };

const list = (words: string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);

const mrnSourceNames = { barcode: 'patient label', 'cover-sheet': 'cover sheet', ocr: 'page text' } as const;

/**
 * Why a patient is suggested, in a sentence: "MRN 00123456 from the cover sheet and the date of
 * birth agree" or "Weak: only the MRN matched; the name on the page differs".
 */
export const matchSentence = (match: PatientMatch, evidence: PatientEvidence): string => {
  const read = evidence.mrns.find((m) => sameMrn(m.value, match.patient.mrn));
  const parts = match.agreed.map((id) => (id === 'mrn' && read ? `MRN ${read.value} from the ${mrnSourceNames[read.source]}` : identifierNames[id]));
  const agreed = parts.length === 0 ? 'nothing matched exactly' : parts.length === 1 ? `only the ${parts[0]} matched` : `${list(parts)} agree`;
  const disagreed = match.disagreed.length > 0 ? `; the ${list(match.disagreed.map((d) => identifierNames[d]))} on the page ${match.disagreed.length === 1 ? 'differs' : 'differ'}` : '';
  // "Confirms under the other order": said, never counted.
  const printed = evidence.birthDates.find((d) => d.otherReading === match.patient.birthDate);
  const otherOrder = match.otherOrder.includes('birthDate') ? `; the date of birth on the page${printed ? ` (${printed.text})` : ''} fits only if read in the other date order` : '';
  const sentence = `${agreed}${disagreed}${otherOrder}`;
  return match.confidence === 'high' ? capitalise(sentence) : `Weak: ${sentence}`;
};

export const typeSentence = (s: DocTypeSuggestion): string => {
  if (s.source === 'cover-sheet') return 'from the cover sheet';
  const words = s.evidence.length > 0 ? `words: ${s.evidence.slice(0, 4).join(', ')}` : 'no telling words';
  const why = s.source === 'learned' ? `learned from earlier documents; ${words}` : words;
  // A guess is shown for what it is, and A leaves it alone.
  return s.guess ? `Only a guess (A does not take it): ${why}` : why;
};

/** "2 Sep 2026", and when the other date order reads the same text as another day, that day too. */
export const readDateText = (read: Pick<ReadDate, 'date' | 'otherReading'>, order: DateOrder): string =>
  read.otherReading
    ? `${formatDateForPeople(read.date)} (read ${dateOrderName(yearLastOrder(order))}; ${dateOrderName(otherYearLastOrder(order))} it would be ${formatDateForPeople(read.otherReading)})`
    : formatDateForPeople(read.date);

/** Where a date of service was read, and whether the other date order would read it otherwise. */
export const dateSuggestionText = (s: DateOfServiceSuggestion, order: DateOrder): string => {
  const from = s.source === 'cover-sheet' ? 'From the cover sheet' : `Read on the page: “${s.evidence}”`;
  return s.otherReading ? `${from}. Read ${dateOrderName(otherYearLastOrder(order))}, it would be ${formatDateForPeople(s.otherReading)}.` : from;
};

/** What the pages say about a date of birth, for the evidence line: "born 5 Aug 1971 (printed 05/08/1971)". */
export const birthDateEvidenceText = (d: ReadDate): string => `born ${formatDateForPeople(d.date)} (printed ${d.text}${d.otherReading ? `; or ${formatDateForPeople(d.otherReading)}` : ''})`;

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

const matchKindNames: Record<MatchKind, string> = { exact: 'exact', prefix: 'start', phonetic: 'sounds alike', typo: 'one typo' };
const fieldNames: Record<PatientSearchField, string> = { mrn: 'MRN', family: 'Family name', given: 'Given name', birthDate: 'Birth date' };
export const matchedPartText = (m: { field: PatientSearchField; how: MatchKind }) => `${fieldNames[m.field]}: ${matchKindNames[m.how]}`;

/**
 * Reads what a clerk typed as a date ("2026-03-04", "20260304", "04/03/2026", "4 Mar 2026") in the
 * station's date order, keeping the other reading of an ambiguous one so the screen can say it.
 */
export const parseTypedDate = (text: string, order: DateOrder, today: Date = new Date()): ReadDate | null => readTypedDate(text, order, today);

/** How the patient search reads a typed birth date, or null when the query has none. */
export const typedBirthDateText = (query: string, order: DateOrder, today: Date = new Date()): string | null => {
  const read = dateSpansIn(query).flatMap((span) => {
    const date = readTypedDate(span.text, order, today);
    return date ? [date] : [];
  });
  if (read.length === 0) return null;
  return `Birth date read as ${read.map((d) => (d.otherReading ? `${formatDateForPeople(d.date)} (${formatDateForPeople(d.otherReading)} is searched too)` : formatDateForPeople(d.date))).join(', ')}.`;
};

/** The document after `currentId` still to be done, going round to the start; null when all are confirmed. */
export const nextOpenDocument = (batch: BatchDetail, currentId: string | null): BatchDocument | null => {
  const docs = batch.documents;
  const at = docs.findIndex((d) => d.id === currentId);
  for (let i = 1; i <= docs.length; i++) {
    const d = docs[(at + i + docs.length) % docs.length];
    if (d && d.status !== 'confirmed' && d.id !== currentId) return d;
  }
  return null;
};

export const pagesOf = (batch: BatchDetail, document: BatchDocument): Page[] => {
  const byId = new Map(batch.pages.map((p) => [p.id, p]));
  return document.pageIds.map((id) => byId.get(id)).filter((p): p is Page => p !== undefined);
};

/** Page numbers as the clerk sees them in this document: "pages 2 and 3". */
export const findingPagesText = (finding: QcFinding, pageIds: string[]): string | null => {
  if (finding.pageIds.length === 0) return null;
  const numbers = finding.pageIds.map((id) => pageIds.indexOf(id) + 1).filter((n) => n > 0);
  if (numbers.length === 0) return null;
  return numbers.length === 1 ? `page ${numbers[0]}` : `pages ${list(numbers.map(String))}`;
};

export const blockingFindings = (indexing: DocumentIndexing) => indexing.qc.filter((f) => f.severity === 'blocking' && !f.override);

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * Where the identifiers read on the pages are: OCR words that match an MRN, a name or a birth
 * date of the evidence (or of the chosen patient), and the barcodes (an MRN barcode is named so).
 */
export const identifierHighlights = (barcodes: BarcodeOnPage[], words: PageText['words'] | null, evidence: PatientEvidence, patient: Patient | null): Highlight[] => {
  const mrns = new Set([...evidence.mrns.map((m) => mrnKey(m.value)), ...(patient ? [mrnKey(patient.mrn)] : [])].filter((m) => m.length >= 4));
  const names = new Set<string>();
  for (const name of [...evidence.names, ...(patient ? [patient.family, patient.given ?? ''] : [])]) {
    for (const word of name.split(/[\s,]+/)) {
      const f = fold(word);
      if (f.length >= 2) names.add(f);
    }
  }
  const dates = new Set<string>();
  for (const d of evidence.birthDates) {
    for (const word of d.text.split(/\s+/)) {
      const digits = word.replace(/\D/g, '');
      if (digits.length >= 6) dates.add(digits);
    }
  }
  if (patient?.birthDate) {
    const [y, m, d] = patient.birthDate.split('-');
    if (y && m && d) for (const form of [`${y}${m}${d}`, `${d}${m}${y}`, `${m}${d}${y}`]) dates.add(form);
  }
  const out: Highlight[] = [];
  for (const b of barcodes) {
    // A patient label may carry its prefix (MRN:00123456); the value is what names the patient.
    const isMrn = mrns.has(mrnKey(b.text.replace(/^\s*MRN[:=#]?\s*/i, '')));
    out.push({ kind: isMrn ? 'mrn' : 'barcode', label: isMrn ? `MRN barcode ${b.text}` : `Barcode ${b.text}`, box: b.box });
  }
  for (const w of words ?? []) {
    const text = w.text.replace(/^(mrn|dob)[:=#]?/i, '');
    const digits = text.replace(/\D/g, '');
    const folded = fold(text);
    if (digits.length >= 4 && digits.length === folded.length && mrns.has(mrnKey(digits))) out.push({ kind: 'mrn', label: `MRN ${w.text}`, box: w.box });
    else if (digits.length >= 6 && dates.has(digits)) out.push({ kind: 'birth-date', label: `Date of birth ${w.text}`, box: w.box });
    else if (folded.length >= 2 && !/\d/.test(folded) && names.has(folded)) out.push({ kind: 'name', label: `Name ${w.text}`, box: w.box });
  }
  return out;
};
