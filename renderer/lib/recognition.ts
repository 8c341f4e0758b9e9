import { useSensitive } from '../stores/sensitive.js';
import type { BatchDetail, BatchDocument, Page, PageRecognition, RecognitionProgress } from '../../shared/domain/batch.js';
import { formatDateForPeople } from '../../shared/domain/written-dates.js';
import { plural } from './format.js';

/** Words below this OCR confidence (0..100) are marked for the clerk to check. */
export const LOW_CONFIDENCE = 60;

/**
 * The size of the image the station shows for a page: as scanned until the fast path has run,
 * then upright (a quarter turn swaps width and height). Barcode and word boxes are in the
 * pixels of the upright image.
 */
export const shownSize = (page: Page): { width: number; height: number } => {
  const r = page.recognition;
  if (r.fastStatus === 'done' && r.uprightWidth && r.uprightHeight) return { width: r.uprightWidth, height: r.uprightHeight };
  const turned = r.fastStatus === 'done' && (r.rotation === 90 || r.rotation === 270);
  return turned ? { width: page.height, height: page.width } : { width: page.width, height: page.height };
};

/** Changes whenever the station replaces the page's screen images. */
/** Changes when the station serves other pixels for the page: turned upright, or unblurred after a stated reason. */
export const imageRevision = (page: Page): string => page.imageRevision + (useSensitive.getState().revealedPages.has(page.id) ? '-revealed' : '');

export type RecognitionPhase = 'checking' | 'reading' | 'done';

export const recognitionPhase = (p: RecognitionProgress): RecognitionPhase => (p.total === 0 ? 'done' : p.fastDone < p.total ? 'checking' : p.ocrDone < p.total ? 'reading' : 'done');

/** One line for a batch's recognition: "Checking 3 of 20 pages", "Reading 7 of 20 pages", "3 documents". */
export const progressText = (p: RecognitionProgress, documentCount: number): string => {
  switch (recognitionPhase(p)) {
    case 'checking':
      return `Checking ${p.fastDone} of ${plural(p.total, 'page')}`;
    case 'reading':
      return `Reading ${p.ocrDone} of ${plural(p.total, 'page')}`;
    case 'done':
      return plural(documentCount, 'document');
  }
};

export const failedText = (p: RecognitionProgress): string | null => (p.failed > 0 ? `${plural(p.failed, 'page')} not read automatically` : null);

/** Set-aside pages: in the batch, in no document. */
export const setAsideLabel = (r: PageRecognition): string | null => {
  switch (r.role) {
    case 'separator':
      return 'Separator sheet';
    case 'cover':
      return 'Cover sheet';
    case 'blank':
      return 'Blank page (set aside)';
    default:
      return null;
  }
};

export const roleText = (r: PageRecognition): string => {
  switch (r.role) {
    case 'content':
      return 'Document page';
    case 'separator':
      return 'Separator sheet (set aside)';
    case 'cover':
      return 'Cover sheet (set aside)';
    case 'blank':
      return 'Blank page (set aside)';
    default:
      return r.fastStatus === 'failed' ? 'Not known' : 'Not checked yet';
  }
};

export const patientSourceText = (source: 'cover-sheet' | 'patient-label') => (source === 'cover-sheet' ? 'from cover sheet' : 'from patient label');

export const originText = (origin: BatchDocument['origin']) => (origin === 'cover' ? 'Started by a cover sheet' : origin === 'separator' ? 'Started by a separator sheet' : 'Start of the file');

export const rotationText = (r: PageRecognition): string => {
  if (r.fastStatus !== 'done' || r.rotation === null) return r.fastStatus === 'failed' ? 'Not known' : 'Not checked yet';
  return r.rotation === 0 ? 'Upright as scanned' : `Turned upright by ${r.rotation}°`;
};

export const skewText = (r: PageRecognition): string => {
  if (r.fastStatus !== 'done' || r.skewDegrees === null) return r.fastStatus === 'failed' ? 'Not known' : 'Not checked yet';
  const degrees = Math.abs(r.skewDegrees);
  if (degrees < 0.1) return 'Straight as scanned';
  return `Straightened by ${degrees.toFixed(1)}°`;
};

export const blankText = (r: PageRecognition): string => (r.blank === null ? (r.fastStatus === 'failed' ? 'Not known' : 'Not checked yet') : r.blank ? 'Yes' : 'No');

export const ocrStatusText = (r: PageRecognition): string => {
  switch (r.ocrStatus) {
    case 'pending':
      return r.fastStatus === 'pending' ? 'Waiting' : 'Reading text…';
    case 'failed':
      return 'Could not read the text';
    case 'done':
      return r.ocrConfidence === null || r.ocrConfidence <= 0 ? (r.blank ? 'Nothing to read' : 'Text read') : `Text read, ${Math.round(r.ocrConfidence)}% confidence`;
  }
};

export const pageFailed = (r: PageRecognition) => r.fastStatus === 'failed' || r.ocrStatus === 'failed';

export const FAILED_SENTENCE = 'Could not read this page automatically; it stays in the batch.';

/** Friendly barcode format names. */
export const barcodeFormatName = (format: string): string => {
  const names: Record<string, string> = { QRCode: 'QR code', DataMatrix: 'Data Matrix', Code128: 'Code 128', Code39: 'Code 39', Code93: 'Code 93' };
  return names[format] ?? format;
};

/** "2025-03-12" → "12 Mar 2025": the month by name, so nobody can read it in the wrong order. */
export const formatServiceDate = (iso: string | null): string | null => (iso ? formatDateForPeople(iso) : null);

/**
 * The thumbnail strip, in page order: a document's pages under its header, set-aside pages in
 * place. A set-aside sheet between two pages of the same document (the blank back of a
 * single-sided sheet) stays inside that document's group, marked as set aside.
 */
export interface StripEntry {
  page: Page;
  /** Why the page is in no document, or null for a page of the document. */
  aside: string | null;
}

export type StripItem =
  { kind: 'document'; document: BatchDocument; index: number; entries: StripEntry[]; continued: boolean } | { kind: 'aside'; page: Page; label: string } | { kind: 'loose'; pages: Page[] };

export const documentOfPage = (batch: BatchDetail): Map<string, { document: BatchDocument; index: number }> => {
  const map = new Map<string, { document: BatchDocument; index: number }>();
  batch.documents.forEach((document, index) => {
    for (const pageId of document.pageIds) map.set(pageId, { document, index });
  });
  return map;
};

export const stripItems = (batch: BatchDetail): StripItem[] => {
  const docs = documentOfPage(batch);
  const items: StripItem[] = [];
  const seen = new Set<string>();
  const pages = batch.pages;
  /** The document of the next page that belongs to one, skipping set-aside sheets. */
  const nextDocumentAfter = (i: number): string | null => {
    for (let j = i + 1; j < pages.length; j++) {
      const entry = docs.get(pages[j]!.id);
      if (entry) return entry.document.id;
      if (!setAsideLabel(pages[j]!.recognition)) return null;
    }
    return null;
  };
  pages.forEach((page, i) => {
    const entry = docs.get(page.id);
    const last = items[items.length - 1];
    if (entry) {
      if (last?.kind === 'document' && last.document.id === entry.document.id) last.entries.push({ page, aside: null });
      else {
        items.push({ kind: 'document', document: entry.document, index: entry.index, entries: [{ page, aside: null }], continued: seen.has(entry.document.id) });
        seen.add(entry.document.id);
      }
      return;
    }
    const aside = page.deleted ? 'Deleted page' : setAsideLabel(page.recognition);
    if (aside && last?.kind === 'document' && nextDocumentAfter(i) === last.document.id) last.entries.push({ page, aside });
    else if (aside) items.push({ kind: 'aside', page, label: aside });
    else if (last?.kind === 'loose') last.pages.push(page);
    else items.push({ kind: 'loose', pages: [page] });
  });
  return items;
};

/** The first page (sequence) of each document, in order. */
export const documentStarts = (batch: BatchDetail): number[] => {
  const sequenceOf = new Map(batch.pages.map((p) => [p.id, p.sequence]));
  return batch.documents
    .map((d) => Math.min(...d.pageIds.map((id) => sequenceOf.get(id) ?? Number.POSITIVE_INFINITY)))
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
};

export const pageRangeText = (batch: BatchDetail, document: BatchDocument): string => {
  const sequenceOf = new Map(batch.pages.map((p) => [p.id, p.sequence]));
  const numbers = document.pageIds
    .map((id) => sequenceOf.get(id))
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  if (numbers.length === 0) return 'no pages';
  const first = numbers[0]!;
  const last = numbers[numbers.length - 1]!;
  return first === last ? `page ${first}` : `pages ${first}–${last}`;
};

/** Used only to keep hooks unconditional before the batch has loaded. */
export const placeholderPage: Page = {
  id: '',
  sequence: 1,
  sourceFileId: '',
  sourcePageNumber: 1,
  width: 1,
  height: 1,
  dpi: 1,
  colorMode: 'bilevel',
  imageSha256: '',
  imageRevision: '',
  clerkRotation: 0,
  deleted: false,
  purged: false,
  recognition: {
    fastStatus: 'pending',
    ocrStatus: 'pending',
    rotation: null,
    skewDegrees: null,
    blank: null,
    role: null,
    barcodes: [],
    inkCoverage: null,
    contrast: null,
    sharpness: null,
    brightness: null,
    ocrConfidence: null,
    uprightWidth: null,
    uprightHeight: null,
    failureReason: null,
  },
};
