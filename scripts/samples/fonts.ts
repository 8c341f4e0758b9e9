import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

/**
 * CI machines have no dependable system fonts, and a font that differs between machines would
 * change the pixels (and so the bytes) of every sample. pdfjs-dist ships Liberation Sans, so
 * the pages are always drawn with that, under a private family name that cannot collide with
 * an installed copy.
 */
export const SAMPLE_FONT_FAMILY = 'ChartDeskSampleSans';

let registered = false;

export function ensureSampleFonts(): void {
  if (registered) return;
  const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  for (const file of ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf']) {
    const key = GlobalFonts.registerFromPath(path.join(pdfjsRoot, 'standard_fonts', file), SAMPLE_FONT_FAMILY);
    if (!key) throw new Error(`could not register the sample font ${file} from pdfjs-dist`);
  }
  registered = true;
}

/** CSS font shorthand for a size given in points, at the page's resolution. */
export function sampleFont(points: number, dpi: number, bold = false): string {
  const pixels = (points / 72) * dpi;
  return `${bold ? 'bold ' : ''}${pixels.toFixed(2)}px ${SAMPLE_FONT_FAMILY}`;
}
