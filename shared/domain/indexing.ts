import { z } from 'zod';
import { DocumentState } from './document-state.js';
import { Patient, PatientEvidence, PatientMatch } from './patient.js';
import { DocumentReviewStatus } from './review.js';
import { IsoDate } from './written-dates.js';

/** Dates in the API are ISO 8601 (YYYY-MM-DD) whatever the station's date order: only screens show them for people. */
const isoDate = IsoDate;

export const DocTypeSuggestion = z.object({
  code: z.string(),
  display: z.string(),
  /** 0..1, comparable within one document. */
  score: z.number(),
  source: z.enum(['cover-sheet', 'rules', 'learned']),
  /** The words or phrases on the pages that drove it (explainable suggestions). */
  evidence: z.array(z.string()),
  /**
   * Nothing on the pages backs it (no title, too few telling words, or the learner below its
   * threshold): shown as a guess, never taken by "accept suggestions" or a batch run.
   */
  guess: z.boolean(),
});
export type DocTypeSuggestion = z.infer<typeof DocTypeSuggestion>;

export const DateOfServiceSuggestion = z.object({
  date: isoDate,
  source: z.enum(['cover-sheet', 'text']),
  /** The text it was read from, e.g. "Date of admission: 04/03/2026". */
  evidence: z.string(),
  /** The date the text would be in the other date order (09/02/2026: 2 Sep or 9 Feb), when both are real dates. */
  otherReading: isoDate.nullable(),
});
export type DateOfServiceSuggestion = z.infer<typeof DateOfServiceSuggestion>;

/**
 * Stable QC codes (tests and reports use them); the message is the sentence for the clerk.
 * 'blocking' findings stop confirmation until fixed or overridden with a reason.
 */
export const QcCode = z.enum([
  'patient-mismatch',
  'patient-mismatch-two-patients',
  'missing-patient',
  'missing-document-type',
  'missing-date-of-service',
  'poor-image-resolution',
  'poor-image-exposure',
  'poor-image-blur',
  'poor-image-cut-off',
  'suspected-duplicate',
  'recognition-incomplete',
  /** A printed date of birth is the patient's only when read in the other date order (a warning). */
  'birth-date-other-order',
  /** The cover sheet names another patient than the MRN or name printed on the pages (blocking). */
  'cover-sheet-conflict',
  'blank-page-has-text',
  'image-resolution-unknown',
  /** A note, not a problem: a patient merge moved the document to the surviving patient. */
  'patient-merged',
]);
export type QcCode = z.infer<typeof QcCode>;

export const QcFinding = z.object({
  code: QcCode,
  severity: z.enum(['blocking', 'warning']),
  message: z.string(),
  /** Pages the finding is about (empty: the whole document). */
  pageIds: z.array(z.string()),
  override: z.object({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
});
export type QcFinding = z.infer<typeof QcFinding>;

export const IndexStatus = z.enum(['open', 'confirmed']);
export type IndexStatus = z.infer<typeof IndexStatus>;

/** Everything the indexing screen shows for one document. */
export const DocumentIndexing = z.object({
  documentId: z.string(),
  batchId: z.string(),
  sequence: z.number().int().positive(),
  documentCount: z.number().int().nonnegative(),
  pageIds: z.array(z.string()),
  status: IndexStatus,
  /** Where it stands, in the one word every screen uses (the same as in the batch's document list). */
  state: DocumentState,
  index: z.object({
    patient: Patient.nullable(),
    docType: z.object({ code: z.string(), display: z.string() }).nullable(),
    dateOfService: isoDate.nullable(),
  }),
  suggestions: z.object({
    patients: z.array(PatientMatch),
    docTypes: z.array(DocTypeSuggestion),
    datesOfService: z.array(DateOfServiceSuggestion),
  }),
  /** What the pages say about the patient (barcode/cover-sheet MRNs, OCR'd names and dates). */
  evidence: PatientEvidence,
  qc: z.array(QcFinding),
  /** True when no blocking finding is left without an override. */
  canConfirm: z.boolean(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  /** QC review, once confirmed; a rejection stays here (with its reason) until the clerk confirms again. */
  review: DocumentReviewStatus.nullable(),
});
export type DocumentIndexing = z.infer<typeof DocumentIndexing>;

export const SetIndexInput = z.strictObject({
  documentId: z.string().min(1).max(64),
  /** Omit a field to leave it; null clears it. */
  patientMrn: z.string().trim().min(1).max(64).nullable().optional(),
  docTypeCode: z.string().trim().min(1).max(64).nullable().optional(),
  dateOfService: isoDate.nullable().optional(),
});
export type SetIndexInput = z.infer<typeof SetIndexInput>;

/** Page operations on a batch's split; each can be undone. */
export const LayoutOperation = z.discriminatedUnion('op', [
  /** Starts a new document at this page (the page and those after it move to the new one). */
  z.strictObject({ op: z.literal('split'), pageId: z.string().min(1).max(64) }),
  z.strictObject({ op: z.literal('merge-with-next'), documentId: z.string().min(1).max(64) }),
  /** Moves a page to a position (1-based) in a document, possibly another one. */
  z.strictObject({ op: z.literal('move-page'), pageId: z.string().min(1).max(64), documentId: z.string().min(1).max(64), position: z.number().int().min(1) }),
  /** Turns a page further, clockwise, on top of what recognition did. */
  z.strictObject({ op: z.literal('rotate-page'), pageId: z.string().min(1).max(64), degrees: z.union([z.literal(90), z.literal(180), z.literal(270)]) }),
  /** Takes a page out of its document; it stays recoverable until the batch is closed. */
  z.strictObject({ op: z.literal('delete-page'), pageId: z.string().min(1).max(64) }),
  /** Puts a deleted page back at the end of a document. */
  z.strictObject({ op: z.literal('restore-page'), pageId: z.string().min(1).max(64), documentId: z.string().min(1).max(64) }),
]);
export type LayoutOperation = z.infer<typeof LayoutOperation>;
