import type { RasterPage } from './raster-page.js';

/** A page as stored: what was known of it decoded, and its encoded images. */
export interface EncodedPage extends Pick<RasterPage, 'sourcePageNumber' | 'width' | 'height' | 'dpi' | 'dpiAssumed' | 'colorMode'> {
  /** Lossless as scanned: the archive and the source of the PDF later. */
  master: { bytes: Buffer; type: string };
  /** For the screen: big enough to zoom on a page, small enough to send. */
  view: Buffer;
  thumb: Buffer;
}

const VIEW_WIDTH = 1700;
const THUMB_WIDTH = 220;

/**
 * Bilevel pages are stored as CCITT G4 (lossless for 1-bit and a tenth of PNG's size), other
 * pages as PNG unless the file's own bytes can be kept. View and thumbnail are JPEG: the
 * browser shows them and they are derived, never archived.
 */
export async function encodePage(page: RasterPage): Promise<EncodedPage> {
  const master = page.originalMaster ?? (await encodeMaster(page));
  // libjpeg-turbo rather than mozjpeg: a screen image, ~5x faster to encode.
  const screen = (width: number, quality: number) => {
    const pipeline = page.pixels().resize({ width, withoutEnlargement: true });
    return (page.colorMode === 'color' ? pipeline : pipeline.toColourspace('b-w')).jpeg({ quality }).toBuffer();
  };
  const [view, thumb] = [await screen(VIEW_WIDTH, 82), await screen(THUMB_WIDTH, 72)];
  return {
    sourcePageNumber: page.sourcePageNumber,
    width: page.width,
    height: page.height,
    dpi: page.dpi,
    dpiAssumed: page.dpiAssumed,
    colorMode: page.colorMode,
    master,
    view,
    thumb,
  };
}

async function encodeMaster(page: RasterPage): Promise<{ bytes: Buffer; type: string }> {
  const pixelsPerMm = page.dpi / 25.4;
  if (page.colorMode === 'bilevel') {
    const bytes = await page.pixels().removeAlpha().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: pixelsPerMm, yres: pixelsPerMm, resolutionUnit: 'inch' }).toBuffer();
    return { bytes, type: 'image/tiff' };
  }
  const pipeline = page.colorMode === 'gray' ? page.pixels().toColourspace('b-w') : page.pixels();
  const bytes = await pipeline.withDensity(page.dpi).png({ compressionLevel: 6 }).toBuffer();
  return { bytes, type: 'image/png' };
}
