/**
 * A scan's resolution guessed from its size in pixels, for files that do not record one (PNM).
 * Scanners scan whole sheets (or the whole glass) at a handful of resolutions, so the pixel
 * width says both: 1275 px wide is a letter or A4 sheet at 150 dpi, 2480 px an A4 sheet at
 * 300. The usual resolutions are at least 20 % apart and letter and A4 widths 3 % apart, so a
 * match within 2.5 % is unambiguous. The guess is still a guess: pages that get it are marked
 * as having an assumed resolution and the QC checks tell the clerk.
 */

/** Sheet widths scanners are fed or set to, in inches (short side): A5, Executive, A4, Letter, Legal and the glass. */
const SHEET_WIDTHS = [5.83, 7.25, 8.27, 8.5];
/** Sheet lengths, in inches (long side): A5, Executive, Letter, A4, the usual flatbed glass (297 mm), Legal. */
const SHEET_LENGTHS = [8.27, 10.5, 11, 11.69, 11.7, 14];
const SCAN_DPIS = [75, 100, 150, 200, 240, 300, 400, 600, 1200];
const TOLERANCE = 0.025;

/**
 * The resolution at which `width` x `height` pixels is a whole sheet of a usual size, portrait
 * or landscape; a sheet fed through a feeder that measures its length (any length from 3 to 17
 * inches) also counts when its width fits. Null when nothing fits.
 */
export function inferScanDpi(width: number, height: number): number | null {
  const nearest = (inches: number, sizes: readonly number[]) => Math.min(...sizes.map((size) => Math.abs(inches - size) / size));
  let best: { dpi: number; error: number } | null = null;
  for (const dpi of SCAN_DPIS) {
    const short = Math.min(width, height) / dpi;
    const long = Math.max(width, height) / dpi;
    const wholeSheet = Math.max(nearest(short, SHEET_WIDTHS), nearest(long, SHEET_LENGTHS));
    // From a feeder: across it is the image's width; the length is whatever was fed.
    const fedLength = height / dpi;
    const fed = fedLength >= 3 && fedLength <= 17 ? nearest(width / dpi, SHEET_WIDTHS) : Infinity;
    // A whole sheet of a known size is the better evidence, so a width-only match ranks after it.
    const error = wholeSheet <= TOLERANCE ? wholeSheet : fed <= TOLERANCE ? TOLERANCE + fed : Infinity;
    if (error < (best?.error ?? Infinity)) best = { dpi, error };
  }
  return best?.dpi ?? null;
}
