import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';
import type { ColorMode } from '../../../shared/domain/batch.js';
import type { ScanLimits } from './limits.js';
import { GRAYSCALE_1BPP, type ImageOnPage, imagesOnPage } from './pdf-page-images.js';
import { type FullPageJpeg, fullPageJpeg } from './pdf-page-jpeg.js';
import { type RasterPage, sharp } from './raster-page.js';
import { UnreadableScan } from './unreadable-scan.js';

type PdfJs = typeof PdfJsModule;
let pdfjsModule: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

const require = createRequire(import.meta.url);
/** pdf.js's font data ships in the package: a scan with a text stamp renders without any fetch. */
const standardFontDataUrl = pathToFileURL(join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/').href;

/**
 * Images smaller than this on paper (bullets, rules, tiny logos) do not set a page's resolution:
 * a 16-pixel icon drawn 2 mm wide is "200 dpi" and says nothing about the page.
 */
const MIN_IMAGE_AREA_INCHES = 0.5;

/**
 * A small image drawn on a larger page (a scanned label, a barcode placed by a document system)
 * is rendered at up to this resolution even when the page's main image is coarser, so its bars
 * are not averaged away before the barcode pass sees them. Above it, only the main image decides.
 */
const DETAIL_IMAGE_MAX_DPI = 300;

/**
 * The resolution a page is rendered at: that of its main image (the one covering the most
 * paper), raised to that of any other sizeable image up to DETAIL_IMAGE_MAX_DPI; 100-600 dpi,
 * and within the page's pixel limit. Null for a page without images.
 */
export function pageRenderDpi(images: readonly ImageOnPage[], pageInches: { width: number; height: number }, limits: ScanLimits): number | null {
  const sizeable = images.filter((image) => image.areaInches >= MIN_IMAGE_AREA_INCHES && image.dpi > 0);
  if (sizeable.length === 0) return null;
  const main = sizeable.reduce((a, b) => (b.areaInches > a.areaInches ? b : a));
  const detail = Math.max(...sizeable.map((image) => Math.min(image.dpi, DETAIL_IMAGE_MAX_DPI)));
  const wanted = Math.min(600, Math.max(100, Math.round(Math.max(main.dpi, detail))));
  // A huge page at a fine resolution is rendered coarser rather than refused, down to 100 dpi.
  const fits = Math.floor(Math.sqrt(limits.maxPixelsPerPage / (pageInches.width * pageInches.height)));
  return Math.max(100, Math.min(wanted, fits));
}

/**
 * Renders each page of a PDF at the resolution of the scan embedded in it (see pageRenderDpi),
 * so nothing is lost; a page without images (a typed letter saved as PDF) is rendered at the
 * assumed resolution. Its size on paper is known either way, so its resolution is never marked
 * assumed.
 */
export async function decodePdf(bytes: Buffer, limits: ScanLimits): Promise<RasterPage[]> {
  const pages: RasterPage[] = [];
  for await (const page of decodePdfPages(bytes, limits)) pages.push(page);
  return pages;
}

/**
 * Every page of a PDF, rendered one at a time as the caller asks for the next: a rendered page
 * is its full RGBA raster (a 300-dpi letter page is 34 MB), so a 500-page box must never have
 * all of them in memory at once. The file-level checks (password, page count) come before the
 * first page.
 */
export async function* decodePdfPages(bytes: Buffer, limits: ScanLimits): AsyncGenerator<RasterPage> {
  const pdfjs = await loadPdfJs();
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl,
      stopAtErrors: true,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new UnreadableScan('encrypted-pdf');
    throw new UnreadableScan('corrupt', (error as Error).message?.slice(0, 300) ?? null);
  }

  try {
    if (doc.numPages === 0) throw new UnreadableScan('no-pages');
    if (doc.numPages > limits.maxPagesPerFile) throw new UnreadableScan('too-many-pages', `${doc.numPages} pages`);
    const streams = await pageStreams(bytes, doc.numPages);
    for (let number = 1; number <= doc.numPages; number++) {
      const jpeg = streams ? takenAsItIs(streams, number, limits) : null;
      yield jpeg ? await jpegPage(jpeg, number) : await renderPage(pdfjs, doc, number, limits);
    }
  } finally {
    await doc.destroy();
  }
}

/**
 * pdf-lib holds a copy of every stream of the file while the pages are read; past this size a
 * file is rendered page by page as before, so the decoder stays well inside its memory cap.
 */
const TAKE_AS_IS_MAX_FILE_BYTES = 400 * 1024 * 1024;

/** The file's objects as pdf-lib reads them, to take full-page JPEGs as they are; null when it cannot (then every page is rendered). */
async function pageStreams(bytes: Buffer, pageCount: number): Promise<PDFDocument | null> {
  if (bytes.length > TAKE_AS_IS_MAX_FILE_BYTES) return null;
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    // An encrypted file's streams are ciphertext here (pdf.js decrypts them); a count that
    // differs from pdf.js's means the two read the file differently: trust pdf.js alone.
    return doc.isEncrypted || doc.getPageCount() !== pageCount ? null : doc;
  } catch {
    return null;
  }
}

/** The page's JPEG, when the page is one and it lies inside what rendering would have kept as it is. */
function takenAsItIs(streams: PDFDocument, number: number, limits: ScanLimits): FullPageJpeg | null {
  let jpeg: FullPageJpeg | null;
  try {
    jpeg = fullPageJpeg(streams, number - 1);
  } catch {
    return null;
  }
  if (!jpeg || jpeg.dpi < 100 || jpeg.dpi > 600 || jpeg.width * jpeg.height > limits.maxPixelsPerPage) return null;
  if (Math.max(jpeg.width, jpeg.height) / jpeg.dpi > limits.maxPdfPageInches) return null;
  return jpeg;
}

/**
 * A page that is one JPEG, decoded by libjpeg-turbo at its own resolution: the pixels pdf.js
 * would have painted, without its JavaScript decoder and canvas. The JPEG's bytes are the
 * master when the page is in colour or grey JPEG (nothing is recompressed); a colour JPEG of a
 * grey page is stored grey, as a rendered one is.
 */
async function jpegPage(jpeg: FullPageJpeg, number: number): Promise<RasterPage> {
  // PDF ignores a JPEG's EXIF orientation, so must we.
  const source = () => sharp(jpeg.bytes, { failOn: 'error', autoOrient: false });
  const meta = await source().metadata();
  if (meta.format !== 'jpeg' || meta.width !== jpeg.width || meta.height !== jpeg.height || meta.channels !== jpeg.components) {
    throw new UnreadableScan('corrupt', `page ${number}: the image does not match its description`);
  }
  // Decoded once now so a damaged image is caught at intake, not when someone opens the page.
  const decoded = await source().raw().toBuffer();
  const colorMode: ColorMode = jpeg.components === 1 || isGray(decoded, jpeg.components) ? 'gray' : 'color';
  const base = { sourcePageNumber: number, width: jpeg.width, height: jpeg.height, dpi: jpeg.dpi, dpiAssumed: false, colorMode };
  // The fast path reads a master with its EXIF orientation honoured; PDF showed it without.
  const asScanned = (colorMode === 'color' || jpeg.components === 1) && (meta.orientation ?? 1) === 1;
  return {
    ...base,
    pixels: () => (colorMode === 'gray' ? source().toColourspace('b-w') : source()).withDensity(jpeg.dpi),
    ...(asScanned ? { originalMaster: { bytes: jpeg.bytes, type: 'image/jpeg' } } : {}),
  };
}

async function renderPage(pdfjs: PdfJs, doc: Awaited<ReturnType<PdfJs['getDocument']>['promise']>, number: number, limits: ScanLimits): Promise<RasterPage> {
  const page = await doc.getPage(number);
  const unit = page.getViewport({ scale: 1 });
  const longestInches = Math.max(unit.width, unit.height) / 72;
  if (longestInches > limits.maxPdfPageInches) {
    throw new UnreadableScan('image-too-large', `page ${number} is ${Math.round(longestInches)} inches long`);
  }

  const operators = await page.getOperatorList();
  const images = imagesOnPage(pdfjs.OPS, operators.fnArray, operators.argsArray);
  const dpi = pageRenderDpi(images, { width: unit.width / 72, height: unit.height / 72 }, limits) ?? limits.assumedDpi;

  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.round(viewport.width);
  const height = Math.round(viewport.height);
  if (width * height > limits.maxPixelsPerPage) {
    throw new UnreadableScan('image-too-large', `page ${number} would be ${width} x ${height} pixels`);
  }
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({
    canvas: canvas as never,
    canvasContext: context as never,
    viewport,
  }).promise;
  const rgba = Buffer.from(context.getImageData(0, 0, width, height).data.buffer);
  for (const image of images) {
    if (!image.objId) continue;
    try {
      const store = image.objId.startsWith('g_') ? page.commonObjs : page.objs;
      image.bilevel = (store.get(image.objId) as { kind?: number } | null)?.kind === GRAYSCALE_1BPP;
    } catch {
      // Not resolved: the colour mode is then judged from the rendered pixels.
    }
  }
  page.cleanup();

  const bilevel = images.length > 0 && images.every((image) => image.bilevel);
  const colorMode: ColorMode = bilevel ? 'bilevel' : isGray(rgba, 4) ? 'gray' : 'color';
  const raw = { raw: { width, height, channels: 4 as const } };
  const pixels = () => {
    const base = sharp(rgba, raw).removeAlpha();
    if (colorMode === 'color') return base;
    const gray = base.toColourspace('b-w');
    // Rendering a 1-bit image at its own resolution anti-aliases a little; threshold brings it back to 1 bit.
    return colorMode === 'bilevel' ? gray.threshold(128) : gray;
  };
  // Re-wrap the raw pixels so sharp knows the resolution.
  return { sourcePageNumber: number, width, height, dpi, dpiAssumed: false, colorMode, pixels: () => pixels().withDensity(dpi) };
}

/** Whether every 97th pixel of interleaved RGB(A) pixels is grey. */
function isGray(pixels: Buffer, channels: 3 | 4): boolean {
  const step = channels * 97;
  for (let i = 0; i + 2 < pixels.length; i += step) {
    const r = pixels[i]!;
    const g = pixels[i + 1]!;
    const b = pixels[i + 2]!;
    if (Math.abs(r - g) > 12 || Math.abs(g - b) > 12) return false;
  }
  return true;
}
