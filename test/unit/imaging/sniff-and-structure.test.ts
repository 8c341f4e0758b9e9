import { describe, expect, it } from 'vitest';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { sniffFormat } from '../../../electron/engine/imaging/sniff-format.js';
import { checkStructure, checkTiff } from '../../../electron/engine/imaging/structure-check.js';
import { UnreadableScan } from '../../../electron/engine/imaging/unreadable-scan.js';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnreadableScan) return error.reason;
    throw error;
  }
  return null;
};

describe('format sniffing by content, never by name', () => {
  it.each([
    ['tiff', [0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]],
    ['tiff', [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]],
    ['jpeg', [0xff, 0xd8, 0xff, 0xe0]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ])('recognises %s', (format, bytes) => {
    expect(sniffFormat(Uint8Array.from(bytes))).toBe(format);
  });

  it('finds %PDF- within the first kilobyte, as the PDF spec allows', () => {
    expect(sniffFormat(Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.4\n')]))).toBe('pdf');
  });

  it('calls a text file an unsupported format and says it is text', () => {
    const text = Buffer.from('Dear colleague, please find attached the discharge letter.\n');
    expect(reasonOf(() => sniffFormat(text))).toBe('unsupported-format');
    try {
      sniffFormat(text);
    } catch (error) {
      expect((error as UnreadableScan).detail).toMatch(/text/);
    }
  });

  it('calls zero bytes an empty file', () => {
    expect(reasonOf(() => sniffFormat(new Uint8Array()))).toBe('empty-file');
  });
});

/** A little-endian one-page TIFF with the given strip offset/length and size. */
function tinyTiff({ width = 8, height = 8, stripOffset = 8 + 2 + 5 * 12 + 4, stripLength = 8, total = 8 + 2 + 5 * 12 + 4 + 8 }) {
  const b = Buffer.alloc(total);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(5, 8);
  const entry = (i: number, tag: number, type: number, value: number) => {
    const at = 10 + i * 12;
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(1, at + 4);
    if (type === 3) b.writeUInt16LE(value, at + 8);
    else b.writeUInt32LE(value, at + 8);
  };
  entry(0, 256, 4, width);
  entry(1, 257, 4, height);
  entry(2, 258, 3, 1);
  entry(3, 273, 4, stripOffset);
  entry(4, 279, 4, stripLength);
  b.writeUInt32LE(0, 10 + 5 * 12);
  return b;
}

describe('TIFF structure check', () => {
  it('counts the pages of a sound file', () => {
    expect(checkTiff(tinyTiff({}), defaultScanLimits)).toBe(1);
  });

  it('reports image data past the end of the file as truncated', () => {
    expect(reasonOf(() => checkTiff(tinyTiff({ stripLength: 500 }), defaultScanLimits))).toBe('truncated');
  });

  it('refuses a page whose header claims absurd dimensions before decoding it', () => {
    expect(reasonOf(() => checkTiff(tinyTiff({ width: 100_000, height: 100_000 }), defaultScanLimits))).toBe('image-too-large');
  });

  it('reports a looping directory chain as corrupt', () => {
    const looping = tinyTiff({});
    looping.writeUInt32LE(8, 10 + 5 * 12);
    expect(reasonOf(() => checkTiff(looping, defaultScanLimits))).toBe('corrupt');
  });

  it('refuses more pages than a batch may hold', () => {
    expect(reasonOf(() => checkTiff(tinyTiff({}), { ...defaultScanLimits, maxPagesPerFile: 0 }))).toBe('too-many-pages');
  });
});

describe('end markers', () => {
  it('reports a PDF without %%EOF as truncated', () => {
    expect(reasonOf(() => checkStructure('pdf', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'), defaultScanLimits))).toBe('truncated');
  });

  it('accepts a JPEG padded after its end-of-image marker', () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(50), Buffer.from([0xff, 0xd9]), Buffer.alloc(300)]);
    expect(reasonOf(() => checkStructure('jpeg', jpeg, defaultScanLimits))).toBeNull();
  });

  it('reports a JPEG without its end-of-image marker as truncated', () => {
    expect(reasonOf(() => checkStructure('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), defaultScanLimits))).toBe('truncated');
  });
});
