import { z } from 'zod';
import { SourceFormat } from './batch.js';

/**
 * Why a file was set aside. Codes are stable (tests, reports, the import log); the
 * sentence in `quarantineReasonText` is what a clerk reads.
 */
export const QuarantineReason = z.enum([
  'empty-file',
  'unsupported-format',
  'truncated',
  'corrupt',
  'encrypted-pdf',
  'image-too-large',
  'too-many-pages',
  'file-too-large',
  'no-pages',
  'decode-timeout',
  'decode-out-of-memory',
  'decode-crashed',
  'decode-interrupted',
  'not-a-regular-file',
]);
export type QuarantineReason = z.infer<typeof QuarantineReason>;

export const quarantineReasonText: Record<QuarantineReason, string> = {
  'empty-file': 'The file is empty (0 bytes). The scanner may have failed while writing it; scan the pages again.',
  'unsupported-format': 'This is not a scan ChartDesk can read: only TIFF, PDF, JPEG, PNG and PNM (PBM, PGM, PPM) files are accepted.',
  truncated: 'The file is cut short: the scanner or the copy stopped before the end of the file. Scan the pages again.',
  corrupt: 'The file is damaged and its pages cannot be read. Scan the pages again.',
  'encrypted-pdf': 'The PDF is password-protected, so its pages cannot be read. Ask the sender for an unprotected copy.',
  'image-too-large': 'The image is larger than any real page (its header claims absurd dimensions), so it was not opened.',
  'too-many-pages': 'The file has more pages than one batch may hold. Split it into smaller scans.',
  'file-too-large': 'The file is larger than a scan may be. Split it into smaller scans.',
  'no-pages': 'The file contains no pages.',
  'decode-timeout': 'The file took too long to decode and was stopped. It may be damaged or built to stall a reader.',
  'decode-out-of-memory': 'The file needed too much memory to decode and was stopped. It may be damaged or built to exhaust memory.',
  'decode-crashed': 'Reading the file failed unexpectedly. The file may be damaged.',
  'decode-interrupted':
    'The station stopped three times while reading this file, so it was set aside to keep the station running. It may be damaged or built to crash a reader. If the station stopped for another reason (a power cut), an administrator can have it read again.',
  'not-a-regular-file':
    'This was not a file but a link, a pipe or a device in the drop folder. ChartDesk read nothing from it and removed its name from the drop folder (what a link pointed to was not touched). Put the scan itself in the folder.',
};

/**
 * Reasons that say nothing about the file itself (the reader ran out of time or memory, or it or
 * the station died): an administrator may send such a file back to intake to be read again.
 */
export const retryableQuarantineReasons: ReadonlySet<QuarantineReason> = new Set<QuarantineReason>(['decode-timeout', 'decode-out-of-memory', 'decode-crashed', 'decode-interrupted']);

export const QuarantineEntry = z.object({
  id: z.string(),
  originalName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  reason: QuarantineReason,
  /** The sentence for a person. */
  message: z.string(),
  /** A technical detail for support (never PHI: decoder messages only). */
  detail: z.string().nullable(),
  quarantinedAt: z.string(),
  station: z.string(),
  /** When an administrator sent the file back to intake, and who (null: it is still set aside). */
  releasedAt: z.string().nullable(),
  releasedBy: z.string().nullable(),
  /** Retention removed the stored copy: the entry remains, the file cannot be read again. */
  fileRemoved: z.boolean(),
  /** An administrator dealt with it and said how (the note). */
  handledAt: z.string().nullable(),
  handledBy: z.string().nullable(),
  handledNote: z.string().nullable(),
  /** An administrator deleted its stored copy, with a reason; the entry stays on record. */
  deletedAt: z.string().nullable(),
  deletedBy: z.string().nullable(),
  deleteReason: z.string().nullable(),
  /** Still waiting for an administrator: not sent back, handled or deleted (what the badge counts). */
  needsAttention: z.boolean(),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntry>;

export const IntakeOutcome = z.enum(['ingested', 'duplicate', 'quarantined']);
export type IntakeOutcome = z.infer<typeof IntakeOutcome>;

/** One line of the intake log: every file the station received, and what became of it. */
export const IntakeRecord = z.object({
  id: z.string(),
  originalName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  format: SourceFormat.nullable(),
  outcome: IntakeOutcome,
  receivedAt: z.string(),
  batchId: z.string().nullable(),
  batchLabel: z.string().nullable(),
  quarantineId: z.string().nullable(),
  quarantineReason: QuarantineReason.nullable(),
  /** For duplicates: the batch that already holds this file's pages. */
  duplicateOfBatchId: z.string().nullable(),
  duplicateOfBatchLabel: z.string().nullable(),
  /** The file's pages went into an existing batch, as the rescan a document was marked for. */
  rescanOf: z.object({ documentId: z.string(), kind: z.enum(['replace', 'insert-after']) }).nullable(),
});
export type IntakeRecord = z.infer<typeof IntakeRecord>;
