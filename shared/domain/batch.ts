import { z } from 'zod';

/** How a page's pixels are stored: bilevel pages stay bilevel end to end. */
export const ColorMode = z.enum(['bilevel', 'gray', 'color']);
export type ColorMode = z.infer<typeof ColorMode>;

export const SourceFormat = z.enum(['tiff', 'pdf', 'jpeg', 'png']);
export type SourceFormat = z.infer<typeof SourceFormat>;

export const BatchStatus = z.enum(['ready']);
export type BatchStatus = z.infer<typeof BatchStatus>;

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

export const BatchSummary = z.object({
  id: z.string(),
  /** Short human label, e.g. "B-000042". */
  label: z.string(),
  status: BatchStatus,
  createdAt: z.string(),
  station: z.string(),
  operator: z.string(),
  pageCount: z.number().int().nonnegative(),
  sourceFileName: z.string(),
  sourceFormat: SourceFormat,
});
export type BatchSummary = z.infer<typeof BatchSummary>;

export const BatchDetail = BatchSummary.extend({
  sourceFiles: z.array(SourceFile),
  pages: z.array(Page),
});
export type BatchDetail = z.infer<typeof BatchDetail>;

/** The variants of a page image the station serves to the UI. */
export const PageImageVariant = z.enum(['thumb', 'view']);
export type PageImageVariant = z.infer<typeof PageImageVariant>;
