import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { IndexField } from '../../../shared/domain/delivery.js';
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
export type DeliveryOutcome =
  | { kind: 'delivered'; receipt: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string };

export interface Connector {
  readonly targetId: string;
  deliver(pkg: DeliveryPackage, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Marks a delivered document entered in error at the target, idempotently. */
  retract(retraction: RetractionPackage, signal: AbortSignal): Promise<DeliveryOutcome>;
}

const TargetId = z.string().trim().min(1).max(64);

export { IndexField } from '../../../shared/domain/delivery.js';

const IndexColumn = z.union([IndexField, z.object({ field: IndexField, header: z.string().min(1) })]);

export const FolderIndexLayout = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json') }),
  z.object({
    format: z.literal('delimited'),
    /** Without the dot; import processors often watch for one extension only. */
    extension: z.string().regex(/^[A-Za-z0-9]{1,8}$/).default('csv'),
    delimiter: z.string().length(1).refine((c) => c !== '\r' && c !== '\n', 'a line break cannot be the delimiter').default(','),
    /** Empty means "never quote"; a value that would need quoting then fails the delivery. */
    quote: z.string().max(1).refine((c) => c !== '\r' && c !== '\n', 'a line break cannot be the quote').default('"'),
    header: z.boolean().default(true),
    lineEnding: z.enum(['crlf', 'lf']).default('crlf'),
    columns: z.array(IndexColumn).min(1),
  }),
]);
export type FolderIndexLayout = z.infer<typeof FolderIndexLayout>;

export const FolderTargetConfig = z
  .object({
    kind: z.literal('folder'),
    id: TargetId,
    /** The import folder, often a share (`\\server\share\import`); never created by ChartDesk. */
    path: z.string().min(1).refine((p) => isAbsolute(p) || /^\\\\[^\\]+\\[^\\]+/.test(p), 'the import folder must be an absolute path'),
    index: FolderIndexLayout.default({ format: 'json' }),
    /** A dead share can block a file system call for minutes; give up on an attempt after this. */
    timeoutMs: z.number().int().min(1_000).max(600_000).default(120_000),
    /**
     * Permissions of the files written (octal, e.g. "640" so the import program's group can read
     * them, with the folder's group set and its setgid bit on). Default 600: only this account.
     * Never executable; the owner always reads and writes. Ignored where the share has no modes.
     */
    fileMode: z
      .string()
      .regex(/^0?[0-7]{3}$/, 'give the mode as three octal digits, like 640')
      .refine((m) => (Number.parseInt(m, 8) & 0o111) === 0 && (Number.parseInt(m, 8) & 0o600) === 0o600, 'the owner must read and write, and nobody may execute')
      .optional(),
  })
  .refine((c) => c.index.format !== 'delimited' || c.index.delimiter !== c.index.quote, 'the delimiter and the quote must differ');
export type FolderTargetConfig = z.infer<typeof FolderTargetConfig>;

const Reference = z
  .object({ reference: z.string().min(1).optional(), display: z.string().min(1).optional() })
  .refine((r) => r.reference || r.display, 'give a reference, a display name or both');

const Coding = z.object({ system: z.string().min(1), code: z.string().min(1), display: z.string().min(1).optional() });

export const FhirAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1) }),
  z.object({
    type: z.literal('client-credentials'),
    tokenUrl: z.url({ protocol: /^https?$/ }),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    scope: z.string().min(1).optional(),
    /** RFC 6749 prefers HTTP Basic; some servers only read the form body. */
    clientAuth: z.enum(['basic', 'body']).default('basic'),
  }),
]);
export type FhirAuth = z.infer<typeof FhirAuth>;

export const FhirTargetConfig = z.object({
  kind: z.literal('fhir'),
  id: TargetId,
  /** The FHIR R4 base, e.g. https://fhir.hospital.local/fhir/R4 */
  baseUrl: z.url({ protocol: /^https?$/ }),
  documentIdentifierSystem: z.string().min(1).default('urn:chartdesk:document'),
  /** The assigning authority of the hospital's MRNs, e.g. urn:oid:1.2.840... */
  patientIdentifierSystem: z.string().min(1),
  /** `binary`: a Binary resource in the same transaction; `inline`: base64 in the attachment. */
  attachment: z.enum(['binary', 'inline']).default('binary'),
  category: Coding.optional(),
  author: Reference.optional(),
  custodian: Reference.optional(),
  auth: FhirAuth.default({ type: 'none' }),
  /** PEM file of the hospital's CA, trusted in addition to the public roots. */
  caFile: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
  /** What a correction sets the replaced DocumentReference's status to (IHE MHD allows either; some profiles want 'superseded'). */
  replacedStatus: z.enum(['entered-in-error', 'superseded']).default('entered-in-error'),
});
export type FhirTargetConfig = z.infer<typeof FhirTargetConfig>;

export const TargetConfig = z.discriminatedUnion('kind', [FolderTargetConfig, FhirTargetConfig]);
export type TargetConfig = z.infer<typeof TargetConfig>;
