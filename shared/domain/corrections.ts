import { z } from 'zod';
import { DeliveryState } from './delivery.js';
import { DocumentIndexing } from './indexing.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-04.');
const Id = z.string().min(1).max(64);
const Reason = z.string().trim().min(5, 'Say why in a few words.').max(500);

/**
 * Where a correction stands: the replacement is being edited ('open'), waits for a second
 * reviewer, is on its way to the targets the original went to, has arrived everywhere, or
 * cannot be sent without a person. A retraction is never 'open'.
 */
export const CorrectionState = z.enum(['open', 'awaiting-review', 'sending', 'delivered', 'failed', 'cancelled']);
export type CorrectionState = z.infer<typeof CorrectionState>;

/** Where a delivered document stands with respect to corrections. */
export const DeliveredStatus = z.enum(['delivered', 'not-delivered', 'under-correction', 'replaced', 'retracted']);
export type DeliveredStatus = z.infer<typeof DeliveredStatus>;

export const TargetDelivery = z.object({
  targetId: z.string(),
  action: z.enum(['provide', 'replace', 'retract']),
  state: DeliveryState,
  lastError: z.string().nullable(),
  receipt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type TargetDelivery = z.infer<typeof TargetDelivery>;

/** A confirmed document as the Corrections screen and `chartdesk documents list` show it. */
export const DeliveredDocument = z.object({
  documentId: z.string(),
  batchId: z.string().nullable(),
  batchLabel: z.string().nullable(),
  patient: z.object({ mrn: z.string(), name: z.string(), birthDate: z.string().nullable() }).nullable(),
  /** The MRN it was filed under (also when the patient is no longer in the index). */
  mrn: z.string().nullable(),
  docType: z.object({ code: z.string(), display: z.string() }).nullable(),
  dateOfService: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  status: DeliveredStatus,
  deliveries: z.array(TargetDelivery),
  /** The live correction of this document (its replacement, or its retraction). */
  correctionId: z.string().nullable(),
  replacedBy: z.string().nullable(),
  /** This document is itself a replacement of that one. */
  replaces: z.string().nullable(),
  /** Filed under an MRN that a patient merge retired: the surviving MRN, for a one-step correction. */
  mergedInto: z.string().nullable(),
});
export type DeliveredDocument = z.infer<typeof DeliveredDocument>;

export const FindDocumentsInput = z.strictObject({
  /** An MRN (whole or first digits) or a name, as in patient search. */
  patient: z.string().trim().max(200).optional(),
  /** Date of service, inclusive. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  docTypeCode: z.string().trim().max(64).optional(),
  /** A batch label (B-000123) or id. */
  batch: z.string().trim().max(64).optional(),
  /** Only documents that reached at least one target (the default: corrections are for those). */
  deliveredOnly: z.boolean().default(true),
  /** Only documents filed under an MRN a merge retired. */
  mergedOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
});
export type FindDocumentsInput = z.input<typeof FindDocumentsInput>;

export const CorrectionView = z.object({
  correctionId: z.string(),
  kind: z.enum(['replace', 'retract']),
  state: CorrectionState,
  reason: z.string(),
  origin: z.enum(['station', 'cli', 'merge']),
  startedBy: z.string(),
  startedAt: z.string(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  original: DeliveredDocument,
  /** The original's pages, in order, as delivered (some may now be removed or split off). */
  originalPageIds: z.array(z.string()),
  /** The replacement as the indexing screen sees it (QC findings, suggestions), for a replacement. */
  replacement: DocumentIndexing.nullable(),
  removedPageIds: z.array(z.string()),
  splitOff: z.array(z.object({ documentId: z.string(), pageIds: z.array(z.string()), confirmed: z.boolean() })),
  /** The correction's own deliveries (replacement or retraction rows). */
  deliveries: z.array(TargetDelivery),
  /** Whoever confirmed it may not approve it: another reviewer must (Settings > Corrections). */
  needsSecondReviewer: z.boolean(),
});
export type CorrectionView = z.infer<typeof CorrectionView>;

export const CorrectionPolicy = z.strictObject({
  /** A correction made at the station is approved by a second reviewer before it leaves (four eyes). */
  secondReviewer: z.boolean(),
});
export type CorrectionPolicy = z.infer<typeof CorrectionPolicy>;
export const defaultCorrectionPolicy: CorrectionPolicy = { secondReviewer: true };

export const StartCorrectionInput = z.strictObject({ documentId: Id, reason: Reason });
export const RetractInput = z.strictObject({ documentId: Id, reason: Reason });
export const CorrectionRef = z.strictObject({ correctionId: Id });
export const CorrectionIndexInput = z.strictObject({
  correctionId: Id,
  /** Omit a field to leave it. */
  patientMrn: z.string().trim().min(1).max(64).optional(),
  docTypeCode: z.string().trim().min(1).max(64).optional(),
  dateOfService: isoDate.nullable().optional(),
});
export const CorrectionPagesInput = z.strictObject({
  correctionId: Id,
  /** split-off: these pages become a new document for a clerk to index; remove/restore: one page. */
  op: z.enum(['split-off', 'remove', 'restore']),
  pageIds: z.array(Id).min(1).max(2000),
});
