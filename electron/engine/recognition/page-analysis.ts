import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { boundsOf, boxCorners, turnPoint } from '../imaging/box-geometry.js';
import { ContentStore, type StoreLocation } from '../storage/content-store.js';
import type { GrayImage } from './barcode-reader.js';
import { readPageBarcodes } from './barcode-pass.js';
import { decideBlank } from './blank-page.js';
import { type OrientationDetector, estimateSkew, rotateGray } from './orientation.js';
import { measurePage } from './page-metrics.js';
import type { FastFacts, FastResult, FoundBarcode, QuarterTurn } from './recognition-task.js';

export interface FastPathInput {
  masterSha256: string;
  dpi: number;
  store: StoreLocation;
}

/** Skews smaller than this are left alone: resampling blurs a page more than 0.15° of tilt harms it. */
const MIN_SKEW_TO_CORRECT = 0.15;

const VIEW_WIDTH = 1700;
const THUMB_WIDTH = 220;

/** The same ceiling the decoders use: nothing bigger than 40 inches at 600 dpi squared gets here. */
const MAX_INPUT_PIXELS = 24_000 * 24_000;

/**
 * The fast path for one page, run before OCR so a clerk sees barcodes, blank backs and
 * upright thumbnails within a second or two of a page arriving: measure the page, read its
 * barcodes (at 300 dpi or more, see barcode-pass.ts), decide blank from what is on it (marks,
 * lines of text, barcodes), find its quarter turn (not on blank pages: OSD on speckle is noise)
 * and small skew, then store the upright deskewed grayscale master for OCR and new screen
 * images. `onFacts` hears the barcodes and the blank decision as soon as they are known, before
 * orientation and the images (the patient suggestion needs nothing more).
 */
export async function analysePage(input: FastPathInput, orientation: OrientationDetector, onFacts: (facts: FastFacts) => void = () => undefined): Promise<FastResult> {
  const started = performance.now();
  const store = ContentStore.at(input.store);
  const bytes = await store.read(input.masterSha256);
  const source = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', autoOrient: true });
  const meta = await source().metadata();
  const colour = (meta.channels ?? 1) >= 3 && meta.space !== 'b-w' && meta.bitsPerSample !== 1;
  const dpi = input.dpi > 0 ? input.dpi : 200;

  const grayRaw = await source().flatten({ background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  const gray: GrayImage = { data: new Uint8Array(grayRaw.data.buffer, grayRaw.data.byteOffset, grayRaw.data.length), width: grayRaw.info.width, height: grayRaw.info.height };

  const metrics = measurePage(gray, dpi);
  // Barcodes first, OSD after: the patient suggestion waits for the barcode pass alone. OSD
  // used to run in tesseract's thread meanwhile, which on a busy station (OCR on both cores)
  // took CPU from the pass the clerk waits for. Pages without marks skip OSD (it is noise on
  // speckle) unless a barcode turns up.
  const barcodes = await readPageBarcodes(gray, dpi, metrics.markBox);
  const blank = decideBlank(metrics, barcodes);
  const measured = { inkCoverage: metrics.inkCoverage, contrast: metrics.contrast, sharpness: metrics.sharpness, brightness: metrics.brightness, cutOffGlyphs: metrics.cutOffGlyphs };
  onFacts({ kind: 'facts', blank, ...measured, barcodes });
  const estimating = blank ? null : orientation.detect(gray, dpi, metrics.inkBox ?? barcodes[0]?.box ?? null, metrics.working);

  let rotation: QuarterTurn = 0;
  let rotationConfidence = 0;
  let skewDegrees = 0;
  if (estimating) {
    const estimate = await estimating;
    rotation = estimate.rotation;
    rotationConfidence = estimate.confidence;
    const skew = estimateSkew(rotateGray(metrics.mask, rotation));
    // The correction turns the page back: content leaning clockwise is turned anticlockwise.
    if (Math.abs(skew.degrees) >= MIN_SKEW_TO_CORRECT) skewDegrees = -skew.degrees;
  }

  const upright = await uprightRaster(colour ? await source().flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true }) : grayRaw, rotation, skewDegrees);
  const rawInput = { raw: { width: upright.width, height: upright.height, channels: upright.channels } } as const;
  const uprightGray = sharp(upright.data, rawInput).toColourspace('b-w');
  // Level 1: this PNG is read once by OCR and kept only as a working copy; level 6 costs ~3x.
  const uprightPng = await uprightGray.withDensity(dpi).png({ compressionLevel: 1 }).toBuffer();
  // Plain libjpeg-turbo, not mozjpeg: these are derived screen images, and mozjpeg's trellis
  // search costs ~5x the time (measured: 344 ms vs 62 ms for a 1700 px view) for a smaller file.
  const screen = (width: number, quality: number) => {
    const pipeline = sharp(upright.data, rawInput).resize({ width, withoutEnlargement: true });
    return (colour ? pipeline : pipeline.toColourspace('b-w')).jpeg({ quality }).toBuffer();
  };
  const [uprightSha256, viewSha256, thumbSha256] = [await store.put(uprightPng), await store.put(await screen(VIEW_WIDTH, 82)), await store.put(await screen(THUMB_WIDTH, 72))];

  return {
    ok: true,
    kind: 'fast',
    rotation,
    rotationConfidence,
    skewDegrees,
    blank,
    ...measured,
    barcodes: barcodes.map((b) => ({ ...b, box: mapBox(b.box, gray.width, gray.height, rotation, skewDegrees, upright) })),
    uprightSha256,
    uprightWidth: upright.width,
    uprightHeight: upright.height,
    viewSha256,
    thumbSha256,
    millis: Math.round(performance.now() - started),
  };
}

interface UprightRaster {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Size of the canvas sharp grew to while deskewing, before cropping back. */
  expandedWidth: number;
  expandedHeight: number;
  left: number;
  top: number;
}

/**
 * Quarter turn, then the small skew correction about the centre on a white background, cropped
 * back to the quarter-turned size so the page keeps its paper dimensions.
 */
async function uprightRaster(raw: { data: Buffer; info: OutputInfo }, rotation: QuarterTurn, skewDegrees: number): Promise<UprightRaster> {
  const gray = raw.info.channels === 1;
  // sharp turns raw single-channel input into sRGB on the way out unless told otherwise.
  const keep = (pipeline: Sharp) => (gray ? pipeline.toColourspace('b-w') : pipeline.removeAlpha());
  const rawOf = (image: { data: Buffer; info: OutputInfo }) => sharp(image.data, { raw: { width: image.info.width, height: image.info.height, channels: image.info.channels } });
  const turned = await keep(rawOf(raw).rotate(rotation)).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = turned.info;
  const channels = turned.info.channels as UprightRaster['channels'];
  if (skewDegrees === 0) return { data: turned.data, width, height, channels, expandedWidth: width, expandedHeight: height, left: 0, top: 0 };
  const expanded = await rawOf(turned)
    .rotate(skewDegrees, { background: { r: 255, g: 255, b: 255, alpha: 1 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.max(0, Math.round((expanded.info.width - width) / 2));
  const top = Math.max(0, Math.round((expanded.info.height - height) / 2));
  const cropped = await keep(rawOf(expanded).extract({ left, top, width, height })).raw().toBuffer({ resolveWithObject: true });
  return {
    data: cropped.data,
    width,
    height,
    channels: cropped.info.channels as UprightRaster['channels'],
    expandedWidth: expanded.info.width,
    expandedHeight: expanded.info.height,
    left,
    top,
  };
}

/** A box found on the page as stored, moved to where it lies on the upright, deskewed page. */
export function mapBox(
  box: FoundBarcode['box'],
  width: number,
  height: number,
  rotation: QuarterTurn,
  skewDegrees: number,
  upright: Pick<UprightRaster, 'width' | 'height' | 'expandedWidth' | 'expandedHeight' | 'left' | 'top'>,
): FoundBarcode['box'] {
  const angle = (skewDegrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const bounds = boundsOf(
    boxCorners(box).map(([px, py]) => {
      const [tx, ty] = turnPoint(px, py, width, height, rotation);
      // sharp turns clockwise about the centre and grows the canvas to fit, then we crop back.
      const dx = tx - upright.width / 2;
      const dy = ty - upright.height / 2;
      return [upright.expandedWidth / 2 + dx * cos - dy * sin - upright.left, upright.expandedHeight / 2 + dx * sin + dy * cos - upright.top] as const;
    }),
  );
  // What lies beyond the upright page's edges was cropped away with them.
  const x = Math.max(0, bounds.x);
  const y = Math.max(0, bounds.y);
  return {
    x,
    y,
    width: Math.min(upright.width, bounds.x + bounds.width) - x,
    height: Math.min(upright.height, bounds.y + bounds.height) - y,
  };
}
