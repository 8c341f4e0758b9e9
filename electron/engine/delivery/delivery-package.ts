import type { AuditAnchor } from '../audit/audit-anchor.js';
import type { CaptureRecord } from '../output/pdf-metadata.js';

/**
 * What a connector receives for one confirmed document. Built by the station from the database,
 * never from a file, so it is a plain type rather than a schema.
 */
export interface DeliveryPackage {
  /** Stable per document; used for idempotency end to end. */
  documentId: string;
  /**
   * `bytes` is the PDF to deliver, in memory: the station's kept copy at `path` is encrypted.
   * Hashes are lower-case hex of `bytes`.
   */
  pdf: { path: string; bytes: Buffer; sha256: string; sha1: string; sizeBytes: number };
  index: {
    title: string;
    patient: { mrn: string; family: string; given: string | null; birthDate: string | null; sex: string };
    docType: { code: string; system: string; display: string };
    dateOfService: string | null;
    encounter: string | null;
    batch: { id: string; label: string };
  } & CaptureRecord;
  /**
   * The head of the station's audit chain when this package was built: every delivery carries
   * it out of the station (connectors/audit-anchor-fields.ts, docs/audit-trail.md).
   */
  auditAnchor: AuditAnchor;
  /** A correction: the earlier document this one replaces at the target (see corrections/). */
  replaces?: ReplacedCopy;
}

/** The copy of an earlier document at one target that a correction replaces or retracts. */
export interface ReplacedCopy {
  documentId: string;
  /** The target's own name for it, from its delivery (e.g. DocumentReference/123); null if unknown. */
  receipt: string | null;
  /** When the correction was confirmed: fixed, so every retry writes the same bytes. */
  at: string;
}

/** A delivered document withdrawn as entered in error, with nothing (or, for a folder, a replacement) in its place. */
export interface RetractionPackage {
  /** The outbox's id for this retraction (the correction's id). */
  retractionId: string;
  retracted: ReplacedCopy;
  /** The replacement's document id, when the retraction record stands beside one (folder targets). */
  replacedBy: string | null;
}

/**
 * `retry` is for what may heal by itself (the sender tries again later); `failed` is for what
 * never will without a person (the target refused the document, or the settings are wrong).
 * Reasons are shown to clerks and logged, so they never carry patient data.
 */
export type DeliveryOutcome = { kind: 'delivered'; receipt: string } | { kind: 'retry'; reason: string; retryAfterMs?: number } | { kind: 'failed'; reason: string };

export interface Connector {
  readonly targetId: string;
  deliver(pkg: DeliveryPackage, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Marks a delivered document entered in error at the target, idempotently. */
  retract(retraction: RetractionPackage, signal: AbortSignal): Promise<DeliveryOutcome>;
}
