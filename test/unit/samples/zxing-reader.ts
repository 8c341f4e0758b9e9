import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { type ReadInputBarcodeFormat, prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * Test helper: reads barcodes with zxing-wasm, loading the wasm from node_modules (never from a
 * CDN, which is zxing-wasm's default).
 */
let ready: Promise<unknown> | undefined;

function prepare(): Promise<unknown> {
  return (ready ??= (async () => {
    // .../zxing-wasm/dist/cjs/reader/index.js -> .../zxing-wasm/dist/reader/zxing_reader.wasm
    const entry = createRequire(import.meta.url).resolve('zxing-wasm/reader');
    const bytes = await readFile(join(dirname(entry), '..', '..', 'reader', 'zxing_reader.wasm'));
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })());
}

export interface ReadCode {
  format: string;
  text: string;
}

/** Every distinct code found in an image file (PNG, TIFF page...) or in raw pixels read by sharp. */
export async function readCodes(image: Buffer | Sharp, formats: ReadInputBarcodeFormat[] = []): Promise<ReadCode[]> {
  await prepare();
  const { data, info } = await (Buffer.isBuffer(image) ? sharp(image) : image).toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`expected RGBA pixels, got ${info.channels} channels`);
  const imageData = { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, colorSpace: 'srgb' };
  const results = await readBarcodes(imageData as ImageData, { formats, tryHarder: true, maxNumberOfSymbols: 8 });
  // With tryHarder zxing may report one symbol more than once (found again on another pass).
  const seen = new Set<string>();
  return results
    .filter((r) => r.isValid)
    .map((r) => ({ format: r.format, text: r.text }))
    .filter((r) => {
      const key = `${r.format}\u0000${r.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
