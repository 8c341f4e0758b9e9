import bwipjs from 'bwip-js';

export type BarcodeFormat = 'code128' | 'code39' | 'qrcode' | 'datamatrix' | 'pdf417';

const LINEAR: ReadonlySet<BarcodeFormat> = new Set(['code128', 'code39']);

export function isLinearBarcode(format: BarcodeFormat): boolean {
  return LINEAR.has(format);
}

/**
 * Pixels per module that a real printer would give at this resolution: about 13 mil bars for
 * linear codes and 20 mil cells for 2D codes, never under 2 px so low-dpi test pages still decode.
 */
export function defaultModulePixels(format: BarcodeFormat, dpi: number): number {
  return Math.max(2, Math.round(dpi * (isLinearBarcode(format) ? 0.013 : 0.02)));
}

/**
 * A barcode as a PNG (black on transparent). `barHeightInches` applies to linear codes; bwip-js
 * measures height in millimetres at 72 dpi before scaling, hence the conversion.
 */
export async function renderBarcodePng(format: BarcodeFormat, text: string, options: { dpi: number; modulePixels?: number; barHeightInches?: number }): Promise<Buffer> {
  const scale = options.modulePixels ?? defaultModulePixels(format, options.dpi);
  const barHeightInches = options.barHeightInches ?? 0.5;
  const heightMm = (barHeightInches * options.dpi * 25.4) / (72 * scale);
  return bwipjs.toBuffer({
    bcid: format,
    text,
    scale,
    ...(isLinearBarcode(format) ? { height: heightMm } : {}),
    includetext: false,
  });
}
