import { type PDFContext, PDFHexString, type PDFRef } from 'pdf-lib';
import sharp from 'sharp';
import { g4StripData, isCopyableG4, readTiffFirstPage } from './tiff-ifd.js';

/**
 * Page images as PDF image XObjects, kept as they were archived wherever PDF can carry the
 * encoding: G4 data copied into a CCITTFaxDecode image (1 bit), PNG scanlines copied into a
 * FlateDecode image with the PNG predictor (gray stays gray, 1-bit stays 1-bit), JPEG bytes
 * copied into a DCTDecode image. Nothing is scaled. Only what PDF/A or the PDF filters cannot
 * take as it is (multi-strip or tiled G4, interlaced or transparent PNG, CMYK or arithmetic
 * JPEG, non-bilevel TIFF) is decoded and re-encoded once, losslessly.
 */

export type MasterType = 'image/tiff' | 'image/png' | 'image/jpeg';

export interface EmbeddedImage {
  ref: PDFRef;
  /** Pixels as stored, before any turn. */
  width: number;
  height: number;
  encoding: 'ccitt-g4' | 'flate' | 'dct';
  /** True when the stored bytes had to be decoded and encoded again (losslessly). */
  reencoded: boolean;
}

interface ImageXObject {
  width: number;
  height: number;
  encoding: EmbeddedImage['encoding'];
  data: Uint8Array;
  dict: Record<string, unknown>;
}

export interface PreparedImage {
  xobject: ImageXObject;
  reencoded: boolean;
}

/**
 * Two steps so that a document's pages can be prepared concurrently but registered in page
 * order: object numbers, and so the file's bytes, must not depend on timing.
 */
export const embedPageImage = {
  async prepare(image: { bytes: Uint8Array; type: MasterType }): Promise<PreparedImage> {
    const asIs = copyAsIs(image.bytes, image.type);
    if (asIs) return { xobject: asIs, reencoded: false };
    return { xobject: await reencodeLosslessly(image.bytes, image.type), reencoded: true };
  },
  register(context: PDFContext, prepared: PreparedImage): EmbeddedImage {
    const { dict, data, width, height, encoding } = prepared.xobject;
    const stream = context.stream(data, { Type: 'XObject', Subtype: 'Image', Width: width, Height: height, ...dict });
    return { ref: context.register(stream), width, height, encoding, reencoded: prepared.reencoded };
  },
};

function copyAsIs(bytes: Uint8Array, type: MasterType): ImageXObject | null {
  if (type === 'image/tiff') return ccittFromTiff(bytes);
  if (type === 'image/png') return flateFromPng(bytes);
  return dctFromJpeg(bytes);
}

async function reencodeLosslessly(bytes: Uint8Array, type: MasterType): Promise<ImageXObject> {
  const input = sharp(bytes, { failOn: 'error' });
  const meta = await input.metadata();
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw new Error(`cannot read the ${type} page image`);
  if (type === 'image/tiff' && meta.bitsPerSample === 1 && (meta.channels ?? 1) === 1) {
    // One strip as tall as the page: libvips then writes the whole page as a single G4 strip.
    const tiff = await input
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: Math.max(height, 16) })
      .toBuffer();
    const single = ccittFromTiff(tiff);
    if (single) return single;
    throw new Error('could not re-encode the bilevel page as a single G4 strip');
  }
  // Alpha is flattened onto paper white: PDF/A-2 output must not depend on transparency.
  const gray = meta.channels === 1 || (meta.channels === 2 && meta.hasAlpha) || meta.space === 'b-w' || meta.space === 'grey16';
  const deep = meta.depth === 'ushort';
  const png = await input
    .flatten({ background: '#ffffff' })
    .toColourspace(gray ? (deep ? 'grey16' : 'b-w') : deep ? 'rgb16' : 'srgb')
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
  const flate = flateFromPng(png);
  if (!flate) throw new Error(`could not re-encode the ${type} page image losslessly`);
  return flate;
}

function ccittFromTiff(bytes: Uint8Array): ImageXObject | null {
  const page = readTiffFirstPage(bytes);
  if (!page || !isCopyableG4(page)) return null;
  return {
    width: page.width,
    height: page.height,
    encoding: 'ccitt-g4',
    data: g4StripData(bytes, page),
    dict: {
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 1,
      Filter: 'CCITTFaxDecode',
      // TIFF's codec stores the code's "white" runs as 0 bits and lets the photometric tag say
      // what 0 means; under BlackIsZero (what libvips writes) those runs are black pixels,
      // which PDF's filter draws as black only with BlackIs1.
      DecodeParms: { K: -1, Columns: page.width, Rows: page.height, BlackIs1: page.photometric === 1 },
    },
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function flateFromPng(bytes: Uint8Array): ImageXObject | null {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; bitDepth: number; colorType: number; interlace: number; methods: number } | null = null;
  let palette: Uint8Array | null = null;
  let transparency = false;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4] ?? 0, bytes[at + 5] ?? 0, bytes[at + 6] ?? 0, bytes[at + 7] ?? 0);
    const body = at + 8;
    if (body + length + 4 > bytes.length) return null;
    if (type === 'IHDR') {
      header = {
        width: view.getUint32(body),
        height: view.getUint32(body + 4),
        bitDepth: view.getUint8(body + 8),
        colorType: view.getUint8(body + 9),
        methods: view.getUint8(body + 10) | view.getUint8(body + 11),
        interlace: view.getUint8(body + 12),
      };
    } else if (type === 'PLTE') palette = bytes.subarray(body, body + length);
    else if (type === 'tRNS') transparency = true;
    else if (type === 'IDAT') idat.push(bytes.subarray(body, body + length));
    else if (type === 'IEND') break;
    at = body + length + 4;
  }
  if (!header || header.methods !== 0 || header.interlace !== 0 || transparency || idat.length === 0) return null;
  const { width, height, bitDepth, colorType } = header;
  // Gray, truecolour and palette images map onto PDF colour spaces sample for sample; alpha does not.
  const colors = colorType === 0 ? 1 : colorType === 2 ? 3 : colorType === 3 ? 1 : 0;
  if (colors === 0 || width <= 0 || height <= 0) return null;
  let colorSpace: unknown = colors === 3 ? 'DeviceRGB' : 'DeviceGray';
  if (colorType === 3) {
    if (!palette || palette.length % 3 !== 0 || palette.length === 0) return null;
    colorSpace = ['Indexed', 'DeviceRGB', palette.length / 3 - 1, PDFHexString.of(Buffer.from(palette).toString('hex'))];
  }
  return {
    width,
    height,
    encoding: 'flate',
    // The concatenated IDAT data is one zlib stream of filtered scanlines: exactly what
    // FlateDecode with the PNG predictors (Predictor >= 10) decodes.
    data: idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat),
    dict: {
      ColorSpace: colorSpace,
      BitsPerComponent: bitDepth,
      Filter: 'FlateDecode',
      DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: bitDepth, Columns: width },
    },
  };
}

function dctFromJpeg(bytes: Uint8Array): ImageXObject | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  for (let at = 2; at + 4 <= bytes.length;) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const precision = bytes[at + 4];
      const height = ((bytes[at + 5] ?? 0) << 8) | (bytes[at + 6] ?? 0);
      const width = ((bytes[at + 7] ?? 0) << 8) | (bytes[at + 8] ?? 0);
      const components = bytes[at + 9];
      // Baseline, extended and progressive Huffman JPEG at 8 bits, gray or RGB: what every PDF
      // reader decodes. CMYK would need a CMYK output intent that PDF/A-2 cannot share with sRGB.
      const copyable = marker <= 0xc2 && precision === 8 && height > 0 && width > 0 && (components === 1 || components === 3);
      if (!copyable) return null;
      return {
        width,
        height,
        encoding: 'dct',
        data: bytes,
        dict: { ColorSpace: components === 1 ? 'DeviceGray' : 'DeviceRGB', BitsPerComponent: 8, Filter: 'DCTDecode' },
      };
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    at += 2 + length;
  }
  return null;
}

/**
 * The matrix that draws a stored image of `width` x `height` points turned `rotation` degrees
 * clockwise, filling an upright page whose lower-left corner is the origin. Turning the
 * drawing rather than setting the page's /Rotate keeps the page itself upright, so the text
 * layer is plain horizontal text in every reader, and systems that ignore /Rotate still show
 * the page the right way up.
 */
export function uprightImageMatrix(rotation: 0 | 90 | 180 | 270, width: number, height: number): [number, number, number, number, number, number] {
  switch (rotation) {
    case 0:
      return [width, 0, 0, height, 0, 0];
    case 90:
      return [0, -width, height, 0, 0, width];
    case 180:
      return [-width, 0, 0, -height, width, height];
    case 270:
      return [0, width, -height, 0, height, 0];
  }
}
