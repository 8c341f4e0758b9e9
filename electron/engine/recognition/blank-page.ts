import type { PageMetrics } from './page-metrics.js';
import type { FoundBarcode } from './recognition-task.js';

/**
 * A page is blank only when nothing is on it: no marks that count (measurePage: ink, a mark
 * bigger than dust, a line of text) and no barcode. A barcode alone is content: a cropped label,
 * an archive sticker's QR code on an otherwise empty sheet. Pages judged blank still get their
 * text checked by OCR later, at low priority (blank-text-check.ts, the recognition scheduler).
 */
export function decideBlank(metrics: Pick<PageMetrics, 'blank'>, barcodes: readonly FoundBarcode[]): boolean {
  return metrics.blank && barcodes.length === 0;
}
