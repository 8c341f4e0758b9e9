import type { QcInput } from '../../electron/engine/indexing/qc/qc-checks.js';

/** A page as QC sees it: 300 dpi, read, clean and sharp; `over` says what is different about it. */
export const qcPage = (pageId: string, over: Partial<QcInput['pages'][number]> = {}) => ({
  pageId,
  dpi: 300,
  blank: false,
  brightness: 250,
  contrast: 0.8,
  sharpness: 1.2,
  cutOffGlyphs: 0,
  recognised: true,
  ...over,
});
