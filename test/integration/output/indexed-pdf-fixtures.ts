import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp, { type Sharp } from 'sharp';
import type { IndexedPdfMetadata, IndexedPdfPage } from '../../../electron/engine/output/indexed-pdf.js';

/** Shared by the indexed-PDF unit and integration tests: masters, fake OCR, tools. */

export type Word = IndexedPdfPage['words'][number];

/**
 * OCR words for `lines`, laid out on a grid as a recogniser would box them: one line every
 * 0.22 inch from one inch down, 0.07 inch per character. The boxes need not match the image
 * for tests of the text layer's geometry.
 */
export function fakeWords(lines: readonly string[], dpi: number, top = 1): Word[] {
  const words: Word[] = [];
  const charWidth = dpi * 0.07;
  const lineHeight = dpi * 0.22;
  lines.forEach((line, index) => {
    let x = dpi;
    for (const text of line.split(' ').filter(Boolean)) {
      words.push({ text, confidence: 91, box: { x: Math.round(x), y: Math.round(dpi * top + index * lineHeight), width: Math.round(text.length * charWidth), height: Math.round(lineHeight * 0.7) } });
      x += (text.length + 1) * charWidth;
    }
  });
  return words;
}

/** A classic TIFF with one IFD, built by hand to reach what libvips never writes. */
export function handMadeTiff(options: { bigEndian: boolean; fillOrder: number; data: Uint8Array; width: number; height: number; photometric: number }): Buffer {
  const tags: Array<[number, number, number]> = [
    [256, 3, options.width],
    [257, 3, options.height],
    [258, 3, 1],
    [259, 3, 4],
    [262, 3, options.photometric],
    [266, 3, options.fillOrder],
    [273, 4, 0],
    [277, 3, 1],
    [278, 4, options.height],
    [279, 4, options.data.length],
  ];
  const ifdAt = 8;
  const dataAt = ifdAt + 2 + tags.length * 12 + 4;
  const out = Buffer.alloc(dataAt + options.data.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const le = !options.bigEndian;
  out.write(le ? 'II' : 'MM', 0, 'latin1');
  view.setUint16(2, 42, le);
  view.setUint32(4, ifdAt, le);
  view.setUint16(ifdAt, tags.length, le);
  tags.forEach(([tag, type, value], i) => {
    const at = ifdAt + 2 + i * 12;
    view.setUint16(at, tag, le);
    view.setUint16(at + 2, type, le);
    view.setUint32(at + 4, 1, le);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) view.setUint16(at + 8, v, le);
    else view.setUint32(at + 8, v, le);
  });
  out.set(options.data, dataAt);
  return out;
}

export function g4Tiff(png: Buffer, dpi: number): Promise<Buffer> {
  return sharp(png)
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, xres: dpi / 25.4, yres: dpi / 25.4 })
    .toBuffer();
}

export function grayJpeg(png: Buffer): Promise<Buffer> {
  return sharp(png).toColourspace('b-w').jpeg({ quality: 85 }).toBuffer();
}

/** Single-channel 8-bit pixels of any image, for exact comparisons. */
export async function grayPixels(image: Buffer | string | Sharp): Promise<{ data: Buffer; width: number; height: number }> {
  const pipeline = typeof image === 'string' || Buffer.isBuffer(image) ? sharp(image) : image;
  const { data, info } = await pipeline.toColourspace('b-w').extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export function sampleMetadata(overrides: Partial<IndexedPdfMetadata> = {}): IndexedPdfMetadata {
  return {
    documentId: 'doc-7f3a',
    title: "Discharge summary — O'Brien & Sons <draft>",
    patientMrn: '00123456',
    patientName: "O'Brien, Mary-Åsa",
    docTypeCode: '18842-5',
    docTypeDisplay: 'Discharge summary',
    docTypeSystem: 'http://loinc.org',
    dateOfService: '2026-03-04',
    batchLabel: 'Ward 7 back-scan 12',
    batchId: 'batch-0012',
    station: 'records-pc-3',
    operator: 'jclerk',
    scannedAt: '2026-03-05T09:12:00.000Z',
    confirmedBy: 'mreviewer',
    confirmedAt: '2026-03-06T14:30:45.789Z',
    provenance: {
      sourceFiles: [
        { name: 'scan_0001.tif', sha256: 'a'.repeat(64), pages: [1, 2] },
        { name: 'scan & more <2>.pdf', sha256: '0123456789abcdef'.repeat(4), pages: [3, 4] },
      ],
    },
    ...overrides,
  };
}

export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const standardFontDataUrl = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/').href;

export async function openPdfJs(bytes: Uint8Array) {
  // pdf.js detaches the array it is given, so it gets a copy.
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, useSystemFonts: false, standardFontDataUrl }).promise;
}

export interface BboxWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** `pdftotext -bbox` words of one page, in points from the top left. */
export function pdftotextWords(file: string, page: number): BboxWord[] {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  const words: BboxWord[] = [];
  for (const match of html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    words.push({ text: unescapeHtml(match[5] ?? ''), xMin: Number(match[1]), yMin: Number(match[2]), xMax: Number(match[3]), yMax: Number(match[4]) });
  }
  return words;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A strict-enough XML well-formedness check for the XMP packet (no XML parser ships with the
 * app): every tag closes in order, attributes are quoted, and `&` only starts an entity.
 */
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xpacket[^?]*\?>/g, '');
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(body)) throw new Error('a bare & in the XML');
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|>/g)) {
    const [whole, closing, name, , selfClosing] = match;
    if (whole === '<') throw new Error(`a stray < at ${match.index}`);
    if (whole === '>') throw new Error(`a stray > at ${match.index}`);
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name as string);
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}
