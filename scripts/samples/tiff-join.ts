/**
 * Joins single-page TIFFs into one multi-page TIFF by chaining their directories.
 *
 * sharp can write multi-page TIFF itself (`join: { animated: true }`), but libvips stacks the
 * pages into one tall image first, so every page comes out the size of the largest. Real
 * batches mix letter, legal and sideways pages, so instead each page is encoded alone by sharp
 * and its directory and image data are copied here, unchanged apart from file offsets.
 */

const TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };

const TAG_STRIP_OFFSETS = 273;
const TAG_STRIP_BYTE_COUNTS = 279;
const TAG_TILE_OFFSETS = 324;
const TAG_TILE_BYTE_COUNTS = 325;
const TAG_PAGE_NUMBER = 297;
/** Tags whose values point at other structures in the source file; they cannot be copied blind. */
const POINTER_TAGS = new Set([330, 34665, 34853, 40965]);

const TYPE_SHORT = 3;
const TYPE_LONG = 4;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value bytes (inline or not), little-endian. */
  value: Buffer;
}

export function joinTiffPages(pages: readonly Buffer[]): Buffer {
  if (pages.length === 0) throw new Error('a TIFF needs at least one page');
  const out = new Writer();
  out.bytes(Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0]));
  let previousNextPointer = 4;

  pages.forEach((page, index) => {
    const entries = readFirstDirectory(page);
    const byTag = new Map(entries.map((e) => [e.tag, e]));
    const offsetsTag = byTag.has(TAG_STRIP_OFFSETS) ? TAG_STRIP_OFFSETS : TAG_TILE_OFFSETS;
    const countsTag = offsetsTag === TAG_STRIP_OFFSETS ? TAG_STRIP_BYTE_COUNTS : TAG_TILE_BYTE_COUNTS;
    const offsets = byTag.get(offsetsTag);
    const counts = byTag.get(countsTag);
    if (!offsets || !counts) throw new Error(`page ${index + 1} has no image data`);
    const starts = numbers(offsets);
    const lengths = numbers(counts);
    if (starts.length !== lengths.length) throw new Error(`page ${index + 1} has mismatched strip tables`);

    const newStarts = starts.map((start, i) => {
      const length = lengths[i] ?? 0;
      if (start + length > page.length) throw new Error(`page ${index + 1} has image data past its end`);
      out.align();
      return out.bytes(page.subarray(start, start + length));
    });

    const kept: Entry[] = entries
      .filter((e) => !POINTER_TAGS.has(e.tag) && e.tag !== offsetsTag && e.tag !== TAG_PAGE_NUMBER)
      .concat([longs(offsetsTag, newStarts), { tag: TAG_PAGE_NUMBER, type: TYPE_SHORT, count: 2, value: shorts([index, pages.length]) }])
      .sort((a, b) => a.tag - b.tag);

    // Values longer than four bytes live outside the directory; place them first.
    const placed = kept.map((entry) => {
      if (entry.value.length <= 4) return { entry, field: padTo4(entry.value) };
      out.align();
      const at = out.bytes(entry.value);
      const field = Buffer.alloc(4);
      field.writeUInt32LE(at);
      return { entry, field };
    });

    out.align();
    const directory = Buffer.alloc(2 + placed.length * 12 + 4);
    directory.writeUInt16LE(placed.length, 0);
    placed.forEach(({ entry, field }, i) => {
      const at = 2 + i * 12;
      directory.writeUInt16LE(entry.tag, at);
      directory.writeUInt16LE(entry.type, at + 2);
      directory.writeUInt32LE(entry.count, at + 4);
      field.copy(directory, at + 8);
    });
    const directoryAt = out.bytes(directory);
    out.patchUInt32(previousNextPointer, directoryAt);
    previousNextPointer = directoryAt + directory.length - 4;
  });
  return out.finish();
}

function readFirstDirectory(file: Buffer): Entry[] {
  if (file.length < 8 || file.readUInt16LE(0) !== 0x4949 || file.readUInt16LE(2) !== 42) {
    throw new Error('expected a little-endian classic TIFF (as sharp writes)');
  }
  const at = file.readUInt32LE(4);
  const count = file.readUInt16LE(at);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const e = at + 2 + i * 12;
    const type = file.readUInt16LE(e + 2);
    const n = file.readUInt32LE(e + 4);
    const size = (TYPE_BYTES[type] ?? 1) * n;
    const start = size <= 4 ? e + 8 : file.readUInt32LE(e + 8);
    entries.push({ tag: file.readUInt16LE(e), type, count: n, value: Buffer.from(file.subarray(start, start + size)) });
  }
  return entries;
}

function numbers(entry: Entry): number[] {
  const out: number[] = [];
  for (let i = 0; i < entry.count; i++) {
    out.push(entry.type === TYPE_SHORT ? entry.value.readUInt16LE(i * 2) : entry.value.readUInt32LE(i * 4));
  }
  return out;
}

function longs(tag: number, values: number[]): Entry {
  const value = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => value.writeUInt32LE(v, i * 4));
  return { tag, type: TYPE_LONG, count: values.length, value };
}

function shorts(values: number[]): Buffer {
  const value = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => value.writeUInt16LE(v, i * 2));
  return value;
}

function padTo4(value: Buffer): Buffer {
  const field = Buffer.alloc(4);
  value.copy(field);
  return field;
}

/** An append-only byte list that knows where each piece lands. */
class Writer {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private readonly patches: Array<{ at: number; value: number }> = [];

  bytes(chunk: Buffer): number {
    const at = this.length;
    this.chunks.push(chunk);
    this.length += chunk.length;
    return at;
  }

  /** TIFF wants directories and values on word boundaries. */
  align(): void {
    if (this.length % 2 === 1) this.bytes(Buffer.alloc(1));
  }

  patchUInt32(at: number, value: number): void {
    this.patches.push({ at, value });
  }

  finish(): Buffer {
    const file = Buffer.concat(this.chunks, this.length);
    for (const { at, value } of this.patches) file.writeUInt32LE(value, at);
    return file;
  }
}
