import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { ExifOrientation } from './exif-orientation.js';
import { patchJpegOrientation, storeForOrientation } from './exif-orientation.js';
import { joinTiffPages } from './tiff-join.js';

/**
 * Writers for the files a scanner or multifunction device produces, from rendered page PNGs.
 * Pages are treated as grayscale scans: colour input is converted to gray.
 */

export type TiffCompression = 'g4' | 'lzw';

/** sharp takes TIFF resolution in pixels per millimetre whatever the unit tag says. */
const MM_PER_INCH = 25.4;

/**
 * A multi-page TIFF. 'g4' is what production scanners write for text: bilevel (thresholded at
 * mid-gray) with CCITT Group 4. 'lzw' keeps 8-bit gray. Pages may differ in size; each keeps
 * its own (see tiff-join.ts).
 */
export async function writeTiff(pages: readonly Buffer[], options: { compression: TiffCompression; dpi: number }): Promise<Buffer> {
  const resolution = { xres: options.dpi / MM_PER_INCH, yres: options.dpi / MM_PER_INCH, resolutionUnit: 'inch' as const };
  const encoded = await Promise.all(
    pages.map((page) =>
      options.compression === 'g4'
        ? sharp(page)
            .toColourspace('b-w')
            .threshold(128)
            .tiff({ compression: 'ccittfax4', bitdepth: 1, ...resolution })
            .toBuffer()
        : sharp(page)
            .toColourspace('b-w')
            .tiff({ compression: 'lzw', predictor: 'horizontal', ...resolution })
            .toBuffer(),
    ),
  );
  return joinTiffPages(encoded);
}

/**
 * An image-only PDF, as "scan to PDF" writes: one page per image, the page exactly the paper
 * size (pixels / dpi inches), the image covering it. No document info or dates, so the same
 * pages give the same bytes.
 */
export async function writeImagePdf(pages: readonly Buffer[], options: { dpi: number; encoding: 'jpeg' | 'png'; jpegQuality?: number }): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const page of pages) {
    const gray = sharp(page).toColourspace('b-w');
    const { data, info } = await (options.encoding === 'jpeg' ? gray.jpeg({ quality: options.jpegQuality ?? 80 }) : gray.png()).toBuffer({ resolveWithObject: true });
    const image = options.encoding === 'jpeg' ? await pdf.embedJpg(data) : await pdf.embedPng(data);
    const width = (info.width / options.dpi) * 72;
    const height = (info.height / options.dpi) * 72;
    pdf.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  // Classic cross-reference tables: what scanners write, and readable by the simplest parsers.
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/**
 * A grayscale JPEG with its dpi. With `exifOrientation`, the pixels are stored turned (or
 * mirrored) and the tag says how to turn them back: a reader that honours EXIF shows the page
 * upright, one that ignores it shows it sideways. E.g. 6 stores the page turned 90 degrees
 * anticlockwise, so the stored image is landscape for a portrait page.
 */
export async function writeJpeg(page: Buffer, options: { dpi: number; quality?: number; exifOrientation?: ExifOrientation }): Promise<Buffer> {
  const orientation = options.exifOrientation ?? 1;
  const stored = storeForOrientation(sharp(page), orientation);
  // withDensity writes an EXIF block (with Orientation 1) that is then patched in place.
  const jpeg = await stored
    .toColourspace('b-w')
    .withDensity(options.dpi)
    .jpeg({ quality: options.quality ?? 85 })
    .toBuffer();
  return orientation === 1 ? jpeg : patchJpegOrientation(jpeg, orientation);
}

/** A grayscale PNG with its dpi recorded (pHYs). */
export async function writePng(page: Buffer, options: { dpi: number }): Promise<Buffer> {
  return sharp(page).toColourspace('b-w').withDensity(options.dpi).png().toBuffer();
}

export type PnmKind = 'pbm' | 'pgm' | 'ppm';

/**
 * A netpbm image as `scanimage` writes it: "P4"/"P5"/"P6" (or the plain-text "P1"-"P3"), the
 * comment "# SANE data follows", the size, the maxval (65535 with `--depth 16`, samples
 * big-endian), then the raster. PNM records no resolution. A PBM is the page thresholded at
 * mid-grey, 1 = black.
 */
export async function writePnm(page: Buffer, options: { kind: PnmKind; plain?: boolean; depth?: 8 | 16; comment?: string | null }): Promise<Buffer> {
  const channels = options.kind === 'ppm' ? 3 : 1;
  const pipeline = sharp(page).removeAlpha();
  const { data, info } = await (channels === 3 ? pipeline.toColourspace('srgb') : pipeline.toColourspace('b-w').extractChannel(0)).raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const magic = { pbm: options.plain ? 'P1' : 'P4', pgm: options.plain ? 'P2' : 'P5', ppm: options.plain ? 'P3' : 'P6' }[options.kind];
  const maxval = options.depth === 16 ? 65535 : 255;
  const comment = options.comment === null ? '' : `# ${options.comment ?? 'SANE data follows'}\n`;
  const header = `${magic}\n${comment}${width} ${height}\n${options.kind === 'pbm' ? '' : `${maxval}\n`}`;
  if (options.kind === 'pbm') {
    const bits = (x: number, y: number) => ((data[y * width + x] ?? 255) < 128 ? 1 : 0);
    if (options.plain) {
      const rows: string[] = [];
      for (let y = 0; y < height; y++) rows.push(Array.from({ length: width }, (_, x) => bits(x, y)).join(''));
      return Buffer.from(header + rows.join('\n') + '\n', 'latin1');
    }
    const rowBytes = Math.ceil(width / 8);
    const raster = Buffer.alloc(rowBytes * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (bits(x, y)) raster[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    return Buffer.concat([Buffer.from(header, 'latin1'), raster]);
  }
  const samples = Array.from(data.subarray(0, width * height * channels), (v) => (maxval === 255 ? v : v * 257));
  if (options.plain) return Buffer.from(header + samples.join(' ') + '\n', 'latin1');
  const raster = Buffer.alloc(samples.length * (maxval > 255 ? 2 : 1));
  samples.forEach((v, i) => (maxval > 255 ? raster.writeUInt16BE(v, i * 2) : (raster[i] = v)));
  return Buffer.concat([Buffer.from(header, 'latin1'), raster]);
}

/**
 * A PDF page of a given paper size with one scanned image drawn on it at the image's own size
 * (pixels / dpi inches), `at` inches from the top left: a label or a barcode scanned on its own
 * and placed on a letter or A4 page by a document system, the page far larger than the image.
 */
export async function writeImageOnPagePdf(image: Buffer, options: { dpi: number; pageInches: { width: number; height: number }; at: { x: number; y: number } }): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const png = await sharp(image).toColourspace('b-w').png().toBuffer({ resolveWithObject: true });
  const embedded = await pdf.embedPng(png.data);
  const page = pdf.addPage([options.pageInches.width * 72, options.pageInches.height * 72]);
  const width = (png.info.width / options.dpi) * 72;
  const height = (png.info.height / options.dpi) * 72;
  page.drawImage(embedded, { x: options.at.x * 72, y: (options.pageInches.height - options.at.y) * 72 - height, width, height });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
