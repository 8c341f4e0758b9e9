import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReadResult, type ReaderOptions } from 'zxing-wasm/reader';
import type { FoundBarcode } from './recognition-task.js';

/** A grayscale raster, one byte per pixel, row by row. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The symbologies a records department meets: labels, cover sheets, wristbands, retail codes on forms. */
const FORMATS = ['Code128', 'Code39', 'Code93', 'ITF', 'Codabar', 'EAN8', 'EAN13', 'UPCA', 'UPCE', 'QRCode', 'DataMatrix', 'PDF417', 'Aztec'] as const satisfies ReaderOptions['formats'];

// zxing-cpp reports variants (Code39Ext, QRCodeModel2, AztecCode, ...); the engine only wants the family.
const FAMILY_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^Code128/, 'Code128'],
  [/^Code39|^Code32|^PZN/, 'Code39'],
  [/^Code93/, 'Code93'],
  [/^ITF/, 'ITF'],
  [/^Codabar/, 'Codabar'],
  [/^EAN-?13|^ISBN/, 'EAN-13'],
  [/^EAN-?8/, 'EAN-8'],
  [/^UPC-?A/, 'UPC-A'],
  [/^UPC-?E/, 'UPC-E'],
  [/^(Micro|RM|rM)?QR/i, 'QRCode'],
  [/^Data ?Matrix/, 'DataMatrix'],
  [/PDF417/, 'PDF417'],
  [/^Aztec/, 'Aztec'],
];

export function normaliseFormat(zxingFormat: string): string {
  const compact = zxingFormat.replace(/\s+/g, '');
  for (const [pattern, name] of FAMILY_NAMES) if (pattern.test(compact) || pattern.test(zxingFormat)) return name;
  return compact;
}

/**
 * Scans are large, mostly white and upright-ish; phone photos are small, tilted and dim.
 * tryHarder/tryRotate find codes at any quarter turn (a label stuck sideways), tryInvert finds
 * white-on-black prints, tryDownscale rescues blurry photos where modules are many pixels wide.
 * minLineCount 2 (zxing's default) and the checksum rules keep photos of text and textures
 * from producing phantom linear codes.
 */
const READER_OPTIONS: ReaderOptions = {
  formats: [...FORMATS],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 32,
  textMode: 'HRI',
};

let ready: Promise<unknown> | null = null;

/**
 * Loads zxing's wasm from node_modules: by default the module would fetch it from a CDN, which
 * a hospital network blocks and which must never be needed anyway.
 */
export function loadBarcodeReader(): Promise<unknown> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = await readFile(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

/**
 * The page as a binary PGM, which zxing's own image reader (stb_image) loads straight into the
 * one-byte luminance it works on. Handing it RGBA instead costs a 4x copy here and a
 * conversion back in wasm: a third of the barcode pass on a 300-dpi page (0.40 s against
 * 0.28 s of CPU, measured with the same codes found).
 */
function toPgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const pgm = new Uint8Array(header.length + image.data.length);
  pgm.set(header, 0);
  pgm.set(image.data, header.length);
  return pgm;
}

function boxOf(result: ReadResult): FoundBarcode['box'] {
  const p = result.position;
  const xs = [p.topLeft.x, p.topRight.x, p.bottomLeft.x, p.bottomRight.x];
  const ys = [p.topLeft.y, p.topRight.y, p.bottomLeft.y, p.bottomRight.y];
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x + 1, height: Math.ceil(Math.max(...ys)) - y + 1 };
}

/** Every barcode zxing can read on the image, in the image's own pixel coordinates. */
export async function readBarcodesFromGray(image: GrayImage): Promise<FoundBarcode[]> {
  await loadBarcodeReader();
  const results = await readBarcodes(toPgm(image), READER_OPTIONS);
  const found: FoundBarcode[] = [];
  for (const result of results) {
    if (!result.isValid) continue;
    const barcode = { format: normaliseFormat(result.format), text: result.text, box: boxOf(result) };
    // tryRotate/tryDownscale can report one symbol twice; same text and overlapping box is one code.
    if (found.some((f) => f.format === barcode.format && f.text === barcode.text && overlaps(f.box, barcode.box))) continue;
    found.push(barcode);
  }
  return found;
}

function overlaps(a: FoundBarcode['box'], b: FoundBarcode['box']): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
