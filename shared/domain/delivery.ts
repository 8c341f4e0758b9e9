import { z } from 'zod';

/** Index fields an import processor may ask for, by name, in a delimited index file. */
export const IndexField = z.enum([
  'documentId',
  'mrn',
  'family',
  'given',
  'birthDate',
  'sex',
  'docTypeCode',
  'docTypeSystem',
  'docTypeDisplay',
  'dateOfService',
  'encounter',
  'title',
  'pdfFileName',
  'sha256',
  'sha1',
  'sizeBytes',
  'batch',
  'batchLabel',
  'station',
  'operator',
  'scannedAt',
  'confirmedBy',
  'confirmedAt',
  /** The head of the station's audit chain at delivery, as one token (docs/audit-trail.md). */
  'auditAnchor',
  /** A correction: the document id this one replaces (empty for a first delivery). */
  'replacesDocumentId',
]);
export type IndexField = z.infer<typeof IndexField>;

export const DeliveryState = z.enum(['pending', 'delivering', 'delivered', 'failed', 'held']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** One document on its way to one target (a row of the outbox). */
export const DeliveryItem = z.object({
  id: z.string(),
  documentId: z.string(),
  targetId: z.string(),
  state: DeliveryState,
  attempts: z.number().int().nonnegative(),
  /** The last problem, in words (never patient data). */
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  receipt: z.string().nullable(),
  createdAt: z.string(),
  /**
   * Pages OCR has yet to read that this item waits for: it is sent once they have their text.
   * 0 when it waits for nothing (not pending, or its PDF already made). The engine's rule, once.
   */
  pagesAwaitingText: z.number().int().nonnegative(),
  /** Whether delivery.retry accepts it now (failed, held or waiting). */
  mayRetry: z.boolean(),
  /** Whether delivery.hold accepts it now (waiting or failed). */
  mayHold: z.boolean(),
});
export type DeliveryItem = z.infer<typeof DeliveryItem>;

export const DeliveryTarget = z.object({
  id: z.string(),
  kind: z.enum(['folder', 'fhir']),
  /** Where it goes, for people: the folder path or the server's base URL. */
  description: z.string(),
  enabled: z.boolean(),
});
export type DeliveryTarget = z.infer<typeof DeliveryTarget>;

export const DeliveryOverview = z.object({
  counts: z.record(DeliveryState, z.number().int().nonnegative()),
  /** Confirmed documents waiting for QC review: they join the outbox once a reviewer approves them. */
  awaitingReview: z.number().int().nonnegative(),
  targets: z.array(DeliveryTarget),
  items: z.array(DeliveryItem),
});
export type DeliveryOverview = z.infer<typeof DeliveryOverview>;
