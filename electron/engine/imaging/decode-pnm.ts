import type { ColorMode } from '../../../shared/domain/batch.js';
import type { ScanLimits } from './limits.js';
import { inferScanDpi } from './paper-resolution.js';
import { type RasterPage, sharp } from './raster-page.js';
import { UnreadableScan } from './unreadable-scan.js';

/**
 * Netpbm images (PBM, PGM, PPM), what `scanimage` (SANE's command-line scanner) writes by
 * default: P4 for lineart, P5 for grey, P6 for colour, each with "# SANE data follows" in the
 * header and 16-bit samples with --depth 16; P1-P3 are the plain-text variants. A file may hold
 * several images one after the other (a stream of pages); each is a page. sharp does not read
 * PNM, so this is a small parser with the same limits as every other decoder, run inside the
 * decoder isolate like them.
 */

export interface PnmImage {
  magic: 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6';
  width: number;
  height: number;
  /** 1 for bitmaps. */
  maxval: number;
  /** Offset of the first raster byte, and one past the last. */
  start: number;
  end: number;
}

const CHANNELS: Record<PnmImage['magic'], 1 | 3> = { P1: 1, P2: 1, P3: 3, P4: 1, P5: 1, P6: 3 };
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/** "P1"-"P6" followed by whitespace or a comment: the netpbm magic numbers. */
export function looksLikePnm(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x50 && head[1]! >= 0x31 && head[1]! <= 0x36 && (isSpace(head[2]) || head[2] === 0x23);
}

/** A reader over the bytes that skips whitespace and `#` comments, as the netpbm header allows. */
class Tokens {
  constructor(
    private readonly bytes: Buffer,
    public at: number,
  ) {}

  skipSpaceAndComments(): void {
    const b = this.bytes;
    while (this.at < b.length) {
      if (isSpace(b[this.at])) this.at++;
      else if (b[this.at] === 0x23) while (this.at < b.length && b[this.at] !== 0x0a && b[this.at] !== 0x0d) this.at++;
      else break;
    }
  }

  /** The next unsigned decimal number; null at the end of the file. */
  number(what: string, maxDigits = 6): number | null {
    this.skipSpaceAndComments();
    if (this.at >= this.bytes.length) return null;
    const from = this.at;
    while (this.at < this.bytes.length && isDigit(this.bytes[this.at])) this.at++;
    if (this.at === from) throw new UnreadableScan('corrupt', `PNM ${what} is not a number`);
    if (this.at - from > maxDigits) throw new UnreadableScan('corrupt', `PNM ${what} has too many digits`);
    return Number(this.bytes.toString('latin1', from, this.at));
  }
}

function rawSampleBytes(image: Pick<PnmImage, 'magic' | 'width' | 'height' | 'maxval'>): number {
  if (image.magic === 'P4') return Math.ceil(image.width / 8) * image.height;
  return image.width * image.height * CHANNELS[image.magic] * (image.maxval > 255 ? 2 : 1);
}

/**
 * Walks every image of the file, checking each header and that each raster is all there.
 * Throws `truncated` for a raster cut short (the usual result of a scan interrupted mid-page or
 * a copy that stopped), `corrupt` for a malformed header, `image-too-large` for absurd sizes.
 */
export function readPnmStructure(bytes: Buffer, limits: ScanLimits): PnmImage[] {
  const images: PnmImage[] = [];
  const tokens = new Tokens(bytes, 0);
  for (;;) {
    tokens.skipSpaceAndComments();
    // Some writers pad the end of a stream with NULs.
    while (tokens.at < bytes.length && bytes[tokens.at] === 0) tokens.at++;
    if (tokens.at >= bytes.length) break;
    if (!looksLikePnm(bytes.subarray(tokens.at, tokens.at + 3))) {
      if (images.length === 0) throw new UnreadableScan('unsupported-format', 'not a PNM signature');
      throw new UnreadableScan('corrupt', `unexpected data after PNM image ${images.length}`);
    }
    const page = images.length + 1;
    if (page > limits.maxPagesPerFile) throw new UnreadableScan('too-many-pages', `more than ${limits.maxPagesPerFile} images`);
    const magic = bytes.toString('latin1', tokens.at, tokens.at + 2) as PnmImage['magic'];
    tokens.at += 2;
    const cut = () => new UnreadableScan('truncated', `PNM header of image ${page} cut short`);
    const headerNumber = (what: string) => {
      const value = tokens.number(what);
      if (value === null) throw cut();
      return value;
    };
    const width = headerNumber('width');
    const height = headerNumber('height');
    const maxval = magic === 'P1' || magic === 'P4' ? 1 : headerNumber('maxval');
    if (width === 0 || height === 0) throw new UnreadableScan('corrupt', `PNM image ${page} has no dimensions`);
    if (width * height > limits.maxPixelsPerPage) throw new UnreadableScan('image-too-large', `image ${page} claims ${width} x ${height} pixels`);
    if (maxval < 1 || maxval > 65535) throw new UnreadableScan('corrupt', `PNM image ${page} has maxval ${maxval}`);
    const plain = magic === 'P1' || magic === 'P2' || magic === 'P3';
    if (plain) {
      const start = tokens.at;
      const samples = width * height * CHANNELS[magic];
      skipPlainSamples(bytes, tokens, samples, magic === 'P1' ? 1 : maxval, page);
      images.push({ magic, width, height, maxval, start, end: tokens.at });
      continue;
    }
    // Exactly one whitespace byte separates a raw header from its raster.
    if (tokens.at >= bytes.length) throw cut();
    if (!isSpace(bytes[tokens.at])) throw new UnreadableScan('corrupt', `PNM header of image ${page} does not end in whitespace`);
    const start = tokens.at + 1;
    const end = start + rawSampleBytes({ magic, width, height, maxval });
    if (end > bytes.length) {
      throw new UnreadableScan('truncated', `PNM image ${page} has ${bytes.length - start} of its ${end - start} raster bytes`);
    }
    images.push({ magic, width, height, maxval, start, end });
    tokens.at = end;
  }
  if (images.length === 0) throw new UnreadableScan('no-pages');
  return images;
}

function skipPlainSamples(bytes: Buffer, tokens: Tokens, samples: number, maxval: number, page: number): void {
  for (let i = 0; i < samples; i++) {
    // P1 samples are single digits and may be written without separators ("0110").
    const value = maxval === 1 && bytes[tokens.at] !== undefined ? plainBit(bytes, tokens) : tokens.number('sample');
    if (value === null) throw new UnreadableScan('truncated', `PNM image ${page} has ${i} of its ${samples} samples`);
    if (value > maxval) throw new UnreadableScan('corrupt', `PNM image ${page} has a sample above its maxval`);
  }
}

function plainBit(bytes: Buffer, tokens: Tokens): number | null {
  tokens.skipSpaceAndComments();
  if (tokens.at >= bytes.length) return null;
  const b = bytes[tokens.at]!;
  if (b !== 0x30 && b !== 0x31) throw new UnreadableScan('corrupt', 'PBM sample is neither 0 nor 1');
  tokens.at++;
  return b - 0x30;
}

/** One image's samples as 8-bit pixels, one or three bytes each; PBM's 1 is black. */
export function pnmPixels(bytes: Buffer, image: PnmImage): Buffer {
  const channels = CHANNELS[image.magic];
  const count = image.width * image.height * channels;
  const out = Buffer.alloc(count);
  const scale = (v: number) => (image.maxval === 255 ? v : Math.round((v * 255) / image.maxval));
  switch (image.magic) {
    case 'P4': {
      const rowBytes = Math.ceil(image.width / 8);
      for (let y = 0; y < image.height; y++) {
        const row = image.start + y * rowBytes;
        for (let x = 0; x < image.width; x++) out[y * image.width + x] = (bytes[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
      }
      return out;
    }
    case 'P5':
    case 'P6':
      if (image.maxval > 255) for (let i = 0; i < count; i++) out[i] = scale(bytes.readUInt16BE(image.start + 2 * i));
      else for (let i = 0; i < count; i++) out[i] = scale(bytes[image.start + i]!);
      return out;
    default: {
      const tokens = new Tokens(bytes, image.start);
      for (let i = 0; i < count; i++) {
        const v = image.magic === 'P1' ? plainBit(bytes, tokens)! : tokens.number('sample')!;
        out[i] = image.magic === 'P1' ? (v ? 0 : 255) : scale(v);
      }
      return out;
    }
  }
}

const COLOR_MODE: Record<PnmImage['magic'], ColorMode> = { P1: 'bilevel', P4: 'bilevel', P2: 'gray', P5: 'gray', P3: 'color', P6: 'color' };

/**
 * Every image of a PNM file as a page. PNM records no resolution: it is inferred from the page
 * size where the pixels match a paper size at a usual scan resolution (a 1275 x 1650 image is a
 * letter page at 150 dpi), else the station's assumed resolution; either way the page is marked
 * as having an assumed resolution, and the QC checks say so.
 */
export function decodePnm(bytes: Buffer, limits: ScanLimits): RasterPage[] {
  return readPnmStructure(bytes, limits).map((image, index) => {
    const inferred = inferScanDpi(image.width, image.height);
    const channels = CHANNELS[image.magic];
    const colorMode = COLOR_MODE[image.magic];
    const dpi = inferred ?? limits.assumedDpi;
    const pixels = () => {
      const base = sharp(pnmPixels(bytes, image), { raw: { width: image.width, height: image.height, channels } });
      return (channels === 1 ? base.toColourspace('b-w') : base).withDensity(dpi);
    };
    return { sourcePageNumber: index + 1, width: image.width, height: image.height, dpi, dpiAssumed: true, colorMode, pixels };
  });
}
