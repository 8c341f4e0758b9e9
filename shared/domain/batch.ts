import { z } from 'zod';
import { BatchIndexCounts, DocumentState } from './document-state.js';
import { RejectionReason, ReviewState } from './review.js';

/** How a page's pixels are stored: bilevel pages stay bilevel end to end. */
export const ColorMode = z.enum(['bilevel', 'gray', 'color']);
export type ColorMode = z.infer<typeof ColorMode>;

/** 'pnm': PBM, PGM or PPM, as `scanimage` (SANE) writes. */
export const SourceFormat = z.enum(['tiff', 'pdf', 'jpeg', 'png', 'pnm']);
export type SourceFormat = z.infer<typeof SourceFormat>;

export const BatchStatus = z.enum(['ready']);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const BarcodeOnPage = z.object({
  format: z.string(),
  text: z.string(),
  /** In the upright page image, pixels. */
  box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
});
export type BarcodeOnPage = z.infer<typeof BarcodeOnPage>;

export const RecognitionStatus = z.enum(['pending', 'done', 'failed']);

/** What recognition found on a page. Null fields are not known yet. */
export const PageRecognition = z.object({
  fastStatus: RecognitionStatus,
  ocrStatus: RecognitionStatus,
  /** Degrees clockwise applied to make the page upright. */
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).nullable(),
  skewDegrees: z.number().nullable(),
  blank: z.boolean().nullable(),
  role: z.enum(['content', 'separator', 'cover', 'blank']).nullable(),
  barcodes: z.array(BarcodeOnPage),
  inkCoverage: z.number().nullable(),
  contrast: z.number().nullable(),
  sharpness: z.number().nullable(),
  brightness: z.number().nullable(),
  ocrConfidence: z.number().nullable(),
  /** Size of the upright page image (the one `view` shows and boxes refer to) once known. */
  uprightWidth: z.number().int().positive().nullable(),
  uprightHeight: z.number().int().positive().nullable(),
  /** Why recognition gave up on the page (a stable technical reason, no PHI), when it did. */
  failureReason: z.string().nullable(),
});
export type PageRecognition = z.infer<typeof PageRecognition>;

export const RecognitionProgress = z.object({
  total: z.number().int().nonnegative(),
  fastDone: z.number().int().nonnegative(),
  ocrDone: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type RecognitionProgress = z.infer<typeof RecognitionProgress>;

export const BatchDocument = z.object({
  id: z.string(),
  sequence: z.number().int().positive(),
  /** What started it: the file itself, a separator sheet, or a cover sheet. */
  origin: z.enum(['file', 'separator', 'cover']),
  /** False while later pages of the batch are still being read. */
  complete: z.boolean(),
  pageIds: z.array(z.string()),
  patient: z.object({ mrn: z.string(), source: z.enum(['cover-sheet', 'patient-label']) }).nullable(),
  docType: z.object({ code: z.string(), display: z.string() }).nullable(),
  dateOfService: z.string().nullable(),
  encounter: z.string().nullable(),
  /** The clerk's work on it: 'confirmed' once indexed and confirmed. */
  status: z.enum(['open', 'confirmed']),
  /** Where it stands, in the one word every screen uses (decided by the engine). */
  state: DocumentState,
  /** The index values set so far (by the clerk or accepted suggestions). */
  indexedPatientMrn: z.string().nullable(),
  indexedDocType: z.object({ code: z.string(), display: z.string() }).nullable(),
  /** QC findings not overridden, by severity. */
  qc: z.object({ blocking: z.number().int().nonnegative(), warnings: z.number().int().nonnegative() }),
  /** Where its deliveries stand (the least advanced target decides); null until confirmed. */
  delivery: z
    .object({
      state: z.enum(['pending', 'delivering', 'delivered', 'failed', 'held']),
      lastError: z.string().nullable(),
      /** Pages OCR has yet to read: a waiting document goes out once they have their text. */
      pagesAwaitingText: z.number().int().nonnegative(),
    })
    .nullable(),
  /** Of a type the catalogue marks sensitive: pages are served blurred until a reason is stated. */
  sensitive: z.boolean(),
  /** QC review once confirmed (a rejection stays until confirmed again). */
  review: z.object({ state: ReviewState, reasonCode: RejectionReason.nullable(), reasonText: z.string().nullable() }).nullable(),
});
export type BatchDocument = z.infer<typeof BatchDocument>;

export const Page = z.object({
  id: z.string(),
  /** Position of the page in its batch, 1-based. */
  sequence: z.number().int().positive(),
  sourceFileId: z.string(),
  /** Page number inside the file the scanner wrote, 1-based. */
  sourcePageNumber: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dpi: z.number().positive(),
  colorMode: ColorMode,
  /** SHA-256 of the stored master image (the page store is content-addressed). */
  imageSha256: z.string(),
  /** Changes whenever the station replaces the page's screen images (e.g. turned upright). */
  imageRevision: z.string(),
  /** A further clockwise turn the clerk applied, on top of recognition's. */
  clerkRotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  /** Taken out of its document by the clerk; recoverable until the batch is closed. */
  deleted: z.boolean(),
  /** Its images were removed by retention after delivery; the page's record and hashes stay. */
  purged: z.boolean(),
  recognition: PageRecognition,
});
export type Page = z.infer<typeof Page>;

export const SourceFile = z.object({
  id: z.string(),
  originalName: z.string(),
  format: SourceFormat,
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  pageCount: z.number().int().nonnegative(),
  receivedAt: z.string(),
});
export type SourceFile = z.infer<typeof SourceFile>;

/**
 * Who scanned a batch, as recorded when it was made: the account that held the scanner (or
 * `cli:user@host` for a command-line run) and the name shown then. The id is null for batches
 * recorded before operators had ids. A batch nobody had claimed has no operator (null): it is
 * shown as "Unclaimed", never attributed to a guess.
 */
export const BatchOperator = z.object({ id: z.string().nullable(), name: z.string() });
export type BatchOperator = z.infer<typeof BatchOperator>;

/** How an unclaimed batch is named on screens, in reports and in delivered documents. */
export const UNCLAIMED = 'Unclaimed';

export const BatchSummary = z.object({
  id: z.string(),
  /** Short human label, e.g. "B-000042". */
  label: z.string(),
  status: BatchStatus,
  createdAt: z.string(),
  station: z.string(),
  operator: BatchOperator.nullable(),
  pageCount: z.number().int().nonnegative(),
  sourceFileName: z.string(),
  sourceFormat: SourceFormat,
  recognition: RecognitionProgress,
  documentCount: z.number().int().nonnegative(),
  /** Back-scanning: the project and box the paper came from. */
  project: z.string().nullable(),
  box: z.string().nullable(),
  /** Documents a reviewer sent back to the clerk. */
  returnedByReview: z.number().int().nonnegative(),
  /** Its documents counted by state (to do, blocked, ready, confirmed...): what the list and its filters show. */
  indexing: BatchIndexCounts,
});
export type BatchSummary = z.infer<typeof BatchSummary>;

/** Something about the batch's sheets the clerk must act on (today: cover sheets that describe no pages). */
export const BatchNotice = z.object({
  code: z.enum(['cover-sheet-only', 'cover-sheet-without-pages']),
  message: z.string(),
  pageIds: z.array(z.string()),
});
export type BatchNotice = z.infer<typeof BatchNotice>;

export const BatchDetail = BatchSummary.extend({
  sourceFiles: z.array(SourceFile),
  pages: z.array(Page),
  documents: z.array(BatchDocument),
  /** Page operations are possible once every page has been checked by the fast path. */
  layoutEditable: z.boolean(),
  undoAvailable: z.boolean(),
  /** Days after delivery the station keeps page images (what a purged page's placeholder says). */
  purgeAfterDays: z.number().int().positive(),
  notices: z.array(BatchNotice),
});
export type BatchDetail = z.infer<typeof BatchDetail>;

/** The variants of a page image the station serves to the UI. */
export const PageImageVariant = z.enum(['thumb', 'view']);
export type PageImageVariant = z.infer<typeof PageImageVariant>;
