/**
 * Just enough of a TIFF reader to copy a G4 page's compressed data into a PDF without decoding
 * it: the first image file directory's geometry, compression and strip layout. Anything it
 * does not understand is reported as such, and the caller re-encodes the page instead.
 */

export interface TiffFirstPage {
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  /** 1 none, 2 CCITT RLE, 3 G3, 4 G4, 5 LZW, 7 JPEG, 8/32946 Deflate, ... */
  compression: number;
  /** 0 WhiteIsZero, 1 BlackIsZero, 2 RGB, ... */
  photometric: number;
  /** 1: most significant bit first (as PDF expects); 2: bits of each byte reversed. */
  fillOrder: number;
  /** T6Options (G4): bit 1 allows uncompressed mode, which PDF's CCITT filter cannot be given. */
  t6Options: number;
  tiled: boolean;
  strips: Array<{ offset: number; length: number }>;
}

const TAG = {
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  FillOrder: 266,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  StripByteCounts: 279,
  T6Options: 293,
  TileWidth: 322,
  TileOffsets: 324,
} as const;

/** Bytes per value of the TIFF field types that hold numbers we read. */
const TYPE_SIZE: Record<number, number> = { 1: 1, 3: 2, 4: 4, 16: 8 };

/** Null when the bytes are not a classic TIFF this reader can walk (BigTIFF included). */
export function readTiffFirstPage(bytes: Uint8Array): TiffFirstPage | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return null;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > bytes.length) return null;
  const count = view.getUint16(ifd, little);
  if (ifd + 2 + count * 12 > bytes.length) return null;

  const fields = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = view.getUint16(entry, little);
    const type = view.getUint16(entry + 2, little);
    const n = view.getUint32(entry + 4, little);
    const size = TYPE_SIZE[type];
    if (!size || n === 0) continue;
    const total = size * n;
    const at = total <= 4 ? entry + 8 : view.getUint32(entry + 8, little);
    if (at + total > bytes.length) return null;
    const values: number[] = [];
    for (let k = 0; k < n; k++) {
      const p = at + k * size;
      values.push(size === 1 ? view.getUint8(p) : size === 2 ? view.getUint16(p, little) : size === 4 ? view.getUint32(p, little) : Number(view.getBigUint64(p, little)));
    }
    fields.set(tag, values);
  }

  const one = (tag: number, fallback: number) => fields.get(tag)?.[0] ?? fallback;
  const width = one(TAG.ImageWidth, 0);
  const height = one(TAG.ImageLength, 0);
  if (width <= 0 || height <= 0) return null;
  const offsets = fields.get(TAG.StripOffsets) ?? [];
  const lengths = fields.get(TAG.StripByteCounts) ?? [];
  const strips = offsets.map((offset, i) => ({ offset, length: lengths[i] ?? -1 }));
  if (strips.some((s) => s.length < 0 || s.offset + s.length > bytes.length)) return null;
  return {
    width,
    height,
    bitsPerSample: one(TAG.BitsPerSample, 1),
    samplesPerPixel: one(TAG.SamplesPerPixel, 1),
    compression: one(TAG.Compression, 1),
    photometric: one(TAG.Photometric, 0),
    fillOrder: one(TAG.FillOrder, 1),
    t6Options: one(TAG.T6Options, 0),
    tiled: fields.has(TAG.TileWidth) || fields.has(TAG.TileOffsets),
    strips,
  };
}

/** Whether the page's G4 data can be handed to PDF's CCITTFaxDecode as one piece. */
export function isCopyableG4(page: TiffFirstPage): boolean {
  return (
    page.compression === 4 &&
    page.bitsPerSample === 1 &&
    page.samplesPerPixel === 1 &&
    (page.photometric === 0 || page.photometric === 1) &&
    (page.fillOrder === 1 || page.fillOrder === 2) &&
    (page.t6Options & 2) === 0 &&
    !page.tiled &&
    // Each G4 strip starts again from an imaginary white line, so strips cannot simply be
    // joined: a page of several strips is re-encoded once as a single strip instead.
    page.strips.length === 1
  );
}

const REVERSED = new Uint8Array(256).map((_, byte) => {
  let r = 0;
  for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) r |= 0x80 >> bit;
  return r;
});

/** The single strip's bytes, in the bit order PDF reads. */
export function g4StripData(bytes: Uint8Array, page: TiffFirstPage): Uint8Array {
  const strip = page.strips[0];
  if (!strip) throw new Error('the TIFF page has no image data');
  const data = bytes.subarray(strip.offset, strip.offset + strip.length);
  return page.fillOrder === 2 ? data.map((b) => REVERSED[b] ?? 0) : data;
}
