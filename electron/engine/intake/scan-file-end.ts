import { type FileHandle, open } from 'node:fs/promises';
import { constants } from 'node:fs';

/**
 * Has the writer reached the end of this scan? Read from the file's own structure, with a few
 * small positional reads (never the whole file, which may be hundreds of megabytes still
 * growing): a PDF ends with %%EOF, a TIFF's chain of image directories ends and every strip it
 * names is in the file, a JPEG ends with its end-of-image marker, a PNG with IEND, a binary
 * PNM is exactly as long as its header says. 'unknown' for formats that do not say (plain-text
 * PNM, BigTIFF, anything else): the still-time rule decides those.
 *
 * 'finished' is necessary, not sufficient: a writer may end one page and add another, so the
 * watcher also asks whether a process still holds the file open for writing (open-writers.ts).
 */
export type FileEnd = 'finished' | 'unfinished' | 'unknown';

/** Trailing bytes a writer may leave after the end marker (padding, a newline, a NUL block). */
const TAIL_WINDOW = 4096;

export async function scanFileEnd(path: string): Promise<FileEnd> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return 'unknown';
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return 'unfinished';
    const at = (offset: number, length: number) => readAt(handle, offset, length, size);
    const head = await at(0, Math.min(size, 1024));
    if (isTiff(head)) return await tiffEnd(at, size, head[0] === 0x49);
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return jpegEnd(await at(Math.max(0, size - TAIL_WINDOW), Math.min(size, TAIL_WINDOW)));
    if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return pngEnd(await at(Math.max(0, size - 12), Math.min(size, 12)));
    if (head[0] === 0x50 && head[1] !== undefined && head[1] >= 0x34 && head[1] <= 0x36) return pnmEnd(head, size);
    if (head.toString('latin1').includes('%PDF-')) return pdfEnd(await at(Math.max(0, size - TAIL_WINDOW), Math.min(size, TAIL_WINDOW)));
    return 'unknown';
  } catch {
    // A read failed mid-way (the file shrank or vanished): not finished yet, look again later.
    return 'unfinished';
  } finally {
    await handle.close();
  }
}

type ReadAt = (offset: number, length: number) => Promise<Buffer>;

async function readAt(handle: FileHandle, offset: number, length: number, size: number): Promise<Buffer> {
  const wanted = Math.max(0, Math.min(length, size - offset));
  const buffer = Buffer.alloc(wanted);
  const { bytesRead } = await handle.read(buffer, 0, wanted, offset);
  return buffer.subarray(0, bytesRead);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const isTiff = (head: Buffer) => (head[0] === 0x49 && head[1] === 0x49 && head[2] === 0x2a && head[3] === 0) || (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 0x2a);

/** The last non-blank bytes are %%EOF (an incremental update appends after an earlier one, so the END must carry it). */
function pdfEnd(tail: Buffer): FileEnd {
  const text = tail.toString('latin1').replace(/[\s\0]+$/u, '');
  return text.endsWith('%%EOF') ? 'finished' : 'unfinished';
}

function jpegEnd(tail: Buffer): FileEnd {
  // Some scanners pad after the end-of-image marker with NULs or 0xFF fill; nothing else may follow it.
  let end = tail.length;
  while (end > 0 && (tail[end - 1] === 0 || tail[end - 1] === 0x0a || tail[end - 1] === 0x0d)) end--;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9 ? 'finished' : 'unfinished';
}

function pngEnd(tail: Buffer): FileEnd {
  // The IEND chunk: length 0, type "IEND", CRC AE 42 60 82; it is the last thing in the file.
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return tail.equals(iend) ? 'finished' : 'unfinished';
}

/** A binary PNM (P4, P5, P6) of one image: the header gives the exact length. Plain or multi-image streams: unknown. */
function pnmEnd(head: Buffer, size: number): FileEnd {
  const magic = head[1]!;
  const text = head.toString('latin1');
  const match = /^P[456](?:\s+|#[^\n]*\n)+(\d+)(?:\s+|#[^\n]*\n)+(\d+)(?:(?:\s+|#[^\n]*\n)+(\d+))?\s/u.exec(text);
  if (!match) return 'unknown';
  const width = Number(match[1]);
  const height = Number(match[2]);
  const maxval = magic === 0x34 ? 1 : Number(match[3]);
  if (magic !== 0x34 && match[3] === undefined) return 'unknown';
  const sampleBytes = maxval > 255 ? 2 : 1;
  const rowBytes = magic === 0x34 ? Math.ceil(width / 8) : width * sampleBytes * (magic === 0x36 ? 3 : 1);
  const expected = match[0].length + rowBytes * height;
  if (size < expected) return 'unfinished';
  return size === expected ? 'finished' : 'unknown';
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 16: 8, 17: 8, 18: 8 };
const STRIP_OFFSETS = [273, 324];
const STRIP_COUNTS = [279, 325];
/** More directories than any scan has: a loop or garbage, not a file still being written. */
const MAX_DIRECTORIES = 100_000;

/**
 * Walks a classic TIFF's directory chain. Finished when the last directory says "no next"
 * and every directory, tag value and strip it names lies inside the file.
 */
async function tiffEnd(at: ReadAt, size: number, little: boolean): Promise<FileEnd> {
  const header = await at(0, 8);
  if (header.length < 8) return 'unfinished';
  const u16 = (b: Buffer, o: number) => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
  let offset = u32(header, 4);
  const seen = new Set<number>();
  while (offset !== 0) {
    if (seen.has(offset) || seen.size > MAX_DIRECTORIES) return 'unknown';
    seen.add(offset);
    if (offset + 2 > size) return 'unfinished';
    const count = u16(await at(offset, 2), 0);
    const directory = await at(offset + 2, count * 12 + 4);
    if (directory.length < count * 12 + 4) return 'unfinished';
    const values = async (entry: number): Promise<number[]> => {
      const type = u16(directory, entry + 2);
      const n = u32(directory, entry + 4);
      const bytes = (TYPE_SIZE[type] ?? 0) * n;
      if (bytes === 0) return [];
      const data = bytes <= 4 ? directory.subarray(entry + 8, entry + 12) : await at(u32(directory, entry + 8), bytes);
      if (data.length < bytes) throw new Error('tag data past the end');
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(type === 3 ? u16(data, i * 2) : type === 4 ? u32(data, i * 4) : 0);
      return out;
    };
    let starts: number[] = [];
    let lengths: number[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const entry = i * 12;
        const tag = u16(directory, entry);
        if (STRIP_OFFSETS.includes(tag)) starts = await values(entry);
        else if (STRIP_COUNTS.includes(tag)) lengths = await values(entry);
        else {
          const bytes = (TYPE_SIZE[u16(directory, entry + 2)] ?? 0) * u32(directory, entry + 4);
          if (bytes > 4 && u32(directory, entry + 8) + bytes > size) return 'unfinished';
        }
      }
    } catch {
      return 'unfinished';
    }
    if (starts.some((start, i) => start + (lengths[i] ?? 0) > size)) return 'unfinished';
    offset = u32(directory, count * 12);
  }
  return seen.size === 0 ? 'unfinished' : 'finished';
}
