import { z } from 'zod';
import { QuarantineReason } from './intake.js';

const QuarantineId = z.string().min(1).max(100);

/** What the station could decode of a quarantined file, for an administrator to look at. */
export const QuarantinePreview = z.discriminatedUnion('decodable', [
  z.object({
    decodable: z.literal(true),
    pages: z.array(z.object({ number: z.number().int().positive(), width: z.number().int().positive(), height: z.number().int().positive(), dpi: z.number().positive() })),
  }),
  /** Decoding it again failed: why, in a sentence for a person. */
  z.object({ decodable: z.literal(false), reason: QuarantineReason, message: z.string() }),
]);
export type QuarantinePreview = z.infer<typeof QuarantinePreview>;

export const QuarantinePageInput = z.strictObject({
  quarantineId: QuarantineId,
  page: z.number().int().min(1).max(10_000),
  variant: z.enum(['view', 'thumb']).default('view'),
});

/** A file's bytes inside an API answer (base64): a page image, or the original to save. */
export const FileBytes = z.object({
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  base64: z.string(),
});
export type FileBytes = z.infer<typeof FileBytes>;

export const QuarantineNoteInput = z.strictObject({
  quarantineId: QuarantineId,
  note: z.string().trim().min(5, 'Say what was done in a few words.').max(500),
});

export const QuarantineDeleteInput = z.strictObject({
  quarantineId: QuarantineId,
  reason: z.string().trim().min(5, 'Say why in a few words.').max(500),
});

/** The name a saved original gets: recognisable, and the only kind of file the desktop window may save besides report tables. */
export const quarantineExportNamePattern = /^chartdesk-quarantine-[0-9a-f]{8}-[\p{L}\p{N} ._()-]{1,120}$/u;
