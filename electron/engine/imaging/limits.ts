/**
 * What a real page can be. A3 at 600 dpi is 7016 x 9921 px (69.6 Mpx); nothing a hospital
 * scanner writes is larger, and a header that claims more is broken or hostile.
 */
export interface ScanLimits {
  maxPixelsPerPage: number;
  maxPagesPerFile: number;
  maxFileBytes: number;
  /** Longest side of a PDF page, in inches (a 50-inch page is no scanned document). */
  maxPdfPageInches: number;
  /** Resolution used when a file does not record one. */
  assumedDpi: number;
}

export const defaultScanLimits: ScanLimits = {
  maxPixelsPerPage: 70_000_000,
  maxPagesPerFile: 1000,
  maxFileBytes: 1024 * 1024 * 1024,
  maxPdfPageInches: 50,
  assumedDpi: 200,
};
