import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  ENCRYPTED_PDF_USER_PASSWORD,
  absurdDimensionsPng,
  corruptTiff,
  createRandom,
  emptyFile,
  encryptedPdf,
  fakePatient,
  generateSampleSet,
  renderPage,
  textNamedPdf,
  truncated,
  writeImagePdf,
  writeJpeg,
  writePng,
  writeTiff,
} from '../../../scripts/samples/index.js';
import type { ExifOrientation, RenderedPage } from '../../../scripts/samples/index.js';

// Low resolution keeps every render well under a second; the geometry is the same at 300 dpi.
const DPI = 100;
const LETTER = { width: 850, height: 1100 };

const pageCache = new Map<string, Promise<RenderedPage>>();
function page(seed: number, extra: Omit<Parameters<typeof renderPage>[0], 'seed' | 'dpi'> = {}): Promise<RenderedPage> {
  const key = JSON.stringify({ seed, extra });
  let cached = pageCache.get(key);
  if (!cached) {
    cached = renderPage({ seed, dpi: DPI, ...extra });
    pageCache.set(key, cached);
  }
  return cached;
}

const TIFF_G4 = 4;
const TIFF_LZW = 5;

/** The Compression tag of every page (sharp's metadata does not report it). */
function tiffCompressionTags(tiff: Buffer): number[] {
  const out: number[] = [];
  for (let ifd = tiff.readUInt32LE(4); ifd !== 0; ifd = tiff.readUInt32LE(ifd + 2 + tiff.readUInt16LE(ifd) * 12)) {
    for (let i = 0; i < tiff.readUInt16LE(ifd); i++) {
      const entry = ifd + 2 + i * 12;
      if (tiff.readUInt16LE(entry) === 259) out.push(tiff.readUInt16LE(entry + 8));
    }
  }
  return out;
}

function openPdfWithPdfjs(bytes: Buffer, password?: string) {
  // pdf.js detaches the array it is given, so it gets a copy.
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, ...(password ? { password } : {}) }).promise;
}

describe('seeded randomness', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('invents plausible patients, including the awkward names', () => {
    const patients = Array.from({ length: 300 }, (_, seed) => fakePatient(createRandom(seed)));
    for (const p of patients) {
      expect(p.mrn).toMatch(/^[1-9]\d{5,9}$/);
      expect(p.birthDate).toMatch(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d)$/);
    }
    expect(patients.some((p) => p.family.includes("'"))).toBe(true);
    expect(patients.some((p) => p.family.includes('-'))).toBe(true);
  });
});

describe('renderPage', () => {
  it('gives byte-identical PNGs for the same seed', async () => {
    const spec = { seed: 7, dpi: DPI, label: true as const, noise: 0.1, skewDegrees: 1 };
    const [a, b, other] = await Promise.all([renderPage(spec), renderPage(spec), renderPage({ ...spec, seed: 8 })]);
    expect(a.png.equals(b.png)).toBe(true);
    expect(a.lines).toEqual(b.lines);
    expect(a.png.equals(other.png)).toBe(false);
  });

  it('writes an 8-bit grayscale letter page that records its dpi', async () => {
    const rendered = await page(1);
    const meta = await sharp(rendered.png).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 1, bitsPerSample: 8, density: DPI, ...LETTER });
    expect(rendered).toMatchObject({ ...LETTER, dpi: DPI });
    expect(rendered.lines.length).toBeGreaterThan(5);
    for (const line of rendered.lines) expect(line).toMatch(/^[\x20-\x7e]+$/);
  });

  it('draws the lines it is given, after the title and patient header', async () => {
    const patient = fakePatient(createRandom(3));
    const rendered = await page(2, { title: 'Clinic Letter', patient, lines: ['First line.', 'Second line.'] });
    expect(rendered.lines[0]).toBe('Clinic Letter');
    expect(rendered.lines.join('\n')).toContain(patient.mrn);
    expect(rendered.lines.slice(-2)).toEqual(['First line.', 'Second line.']);
  });

  it('turns a page fed sideways, swapping width and height', async () => {
    for (const rotate of [90, 270] as const) {
      const rendered = await page(3, { rotate });
      const meta = await sharp(rendered.png).metadata();
      expect({ width: meta.width, height: meta.height }).toEqual({ width: LETTER.height, height: LETTER.width });
      expect({ width: rendered.width, height: rendered.height }).toEqual({ width: LETTER.height, height: LETTER.width });
    }
    const upsideDown = await sharp((await page(3, { rotate: 180 })).png).metadata();
    expect({ width: upsideDown.width, height: upsideDown.height }).toEqual(LETTER);
  });

  it('leaves a blank page almost white, with no text', async () => {
    const rendered = await page(4, { blank: true });
    expect(rendered.lines).toEqual([]);
    const { channels } = await sharp(rendered.png).stats();
    expect(channels[0]?.mean).toBeGreaterThan(254);
    expect(channels[0]?.min).toBeLessThan(128); // the dust is there
  });

  it('puts a label barcode of the MRN inside the page, and places requested barcodes', async () => {
    const patient = fakePatient(createRandom(5));
    const rendered = await page(5, {
      patient,
      label: true,
      barcodes: [
        { format: 'qrcode', text: 'BATCH-0001' },
        { format: 'pdf417', text: 'SEPARATOR' },
      ],
    });
    expect(rendered.labelLines.join(' ')).toContain(patient.mrn);
    expect(rendered.barcodes.map((b) => [b.format, b.text, b.source])).toEqual([
      ['code128', patient.mrn, 'label'],
      ['qrcode', 'BATCH-0001', 'spec'],
      ['pdf417', 'SEPARATOR', 'spec'],
    ]);
    const { data, info } = await sharp(rendered.png).raw().toBuffer({ resolveWithObject: true });
    for (const { box } of rendered.barcodes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(info.width);
      expect(box.y + box.height).toBeLessThanOrEqual(info.height);
      // There is ink inside every box.
      let dark = 0;
      for (let y = box.y; y < box.y + box.height; y++) {
        for (let x = box.x; x < box.x + box.width; x++) if ((data[(y * info.width + x) * info.channels] ?? 255) < 128) dark++;
      }
      expect(dark / (box.width * box.height)).toBeGreaterThan(0.2);
    }
  });
});

describe('scanner file writers', () => {
  it('writes a multi-page Group 4 TIFF: bilevel, every page kept with its own size and dpi', async () => {
    const pages = await Promise.all([page(10), page(11, { rotate: 90 }), page(12)]);
    const tiff = await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: DPI },
    );
    const meta = await sharp(tiff).metadata();
    expect(meta).toMatchObject({ format: 'tiff', pages: 3, bitsPerSample: 1, density: DPI });
    expect(tiffCompressionTags(tiff)).toEqual([TIFF_G4, TIFF_G4, TIFF_G4]);
    for (const [i, p] of pages.entries()) {
      const pageMeta = await sharp(tiff, { page: i }).metadata();
      expect(pageMeta).toMatchObject({ width: p.width, height: p.height, density: DPI, bitsPerSample: 1 });
    }
    const again = await writeTiff(
      pages.map((p) => p.png),
      { compression: 'g4', dpi: DPI },
    );
    expect(again.equals(tiff)).toBe(true);
  });

  it('writes an 8-bit grayscale LZW TIFF', async () => {
    const pages = await Promise.all([page(10), page(13, { blank: true })]);
    const tiff = await writeTiff(
      pages.map((p) => p.png),
      { compression: 'lzw', dpi: 200 },
    );
    const meta = await sharp(tiff).metadata();
    expect(meta).toMatchObject({ pages: 2, bitsPerSample: 8, channels: 1, density: 200 });
    expect(tiffCompressionTags(tiff)).toEqual([TIFF_LZW, TIFF_LZW]);
    const second = await sharp(tiff, { page: 1 }).metadata();
    expect(second).toMatchObject({ width: LETTER.width, height: LETTER.height });
  });

  it('writes an image-only PDF with one page per image, sized pixels / dpi', async () => {
    const pages = await Promise.all([page(10), page(11, { rotate: 90 })]);
    for (const encoding of ['jpeg', 'png'] as const) {
      const pdf = await writeImagePdf(
        pages.map((p) => p.png),
        { dpi: DPI, encoding },
      );
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).toBe(2);
      doc.getPages().forEach((pdfPage, i) => {
        const source = pages[i];
        expect(pdfPage.getSize().width).toBeCloseTo(((source?.width ?? 0) / DPI) * 72, 6);
        expect(pdfPage.getSize().height).toBeCloseTo(((source?.height ?? 0) / DPI) * 72, 6);
      });
      expect((await openPdfWithPdfjs(pdf)).numPages).toBe(2);
    }
    expect((await PDFDocument.load(await writeImagePdf([(await page(10)).png], { dpi: DPI, encoding: 'jpeg' }))).getPage(0).getSize()).toEqual({
      width: 612,
      height: 792,
    });
  });

  it('writes JPEGs whose EXIF orientation turns the stored pixels back upright', async () => {
    // A marker in the top-left corner shows where "up" ended up.
    const width = 60;
    const height = 40;
    const raw = Buffer.alloc(width * height, 255);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 20; x++) raw[y * width + x] = 0;
    const upright = await sharp(raw, { raw: { width, height, channels: 1 } })
      .png()
      .toBuffer();
    const corners = async (jpeg: Buffer) => {
      const { data, info } = await sharp(jpeg).autoOrient().raw().toBuffer({ resolveWithObject: true });
      const at = (x: number, y: number) => (data[(y * info.width + x) * info.channels] ?? 0) < 128;
      return { width: info.width, height: info.height, marks: [at(4, 4), at(55, 4), at(4, 35), at(55, 35)] };
    };
    for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8] as ExifOrientation[]) {
      const jpeg = await writeJpeg(upright, { dpi: 150, exifOrientation: orientation });
      const meta = await sharp(jpeg).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', orientation, channels: 1, density: 150 });
      const sideways = orientation >= 5;
      expect({ width: meta.width, height: meta.height }).toEqual(sideways ? { width: height, height: width } : { width, height });
      expect(await corners(jpeg)).toEqual({ width, height, marks: [true, false, false, false] });
    }
  });

  it('writes a grayscale PNG that records its dpi', async () => {
    const png = await writePng((await page(10)).png, { dpi: 240 });
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', channels: 1, density: 240 });
  });
});

describe('broken files', () => {
  it('makes an encrypted PDF that pdf.js cannot open without its password', async () => {
    const pdf = encryptedPdf();
    expect(pdf.toString('latin1')).toMatch(/\/Encrypt 6 0 R/);
    await expect(openPdfWithPdfjs(pdf)).rejects.toMatchObject({ name: 'PasswordException' });
    await expect(openPdfWithPdfjs(pdf, 'not-it')).rejects.toMatchObject({ name: 'PasswordException' });
    // It is genuinely encrypted, not merely malformed: the password opens it.
    const doc = await openPdfWithPdfjs(pdf, ENCRYPTED_PDF_USER_PASSWORD);
    const text = await (await doc.getPage(1)).getTextContent();
    expect(text.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('Confidential referral letter');
  });

  it('makes a PNG whose valid header claims absurd dimensions', async () => {
    const png = absurdDimensionsPng();
    expect(png.length).toBeLessThan(200);
    const meta = await sharp(png, { limitInputPixels: false }).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 200_000, height: 200_000 });
    await expect(sharp(png).metadata()).rejects.toThrow(/pixel limit/);
    // Every chunk's CRC is right, so nothing but a size limit rejects it.
    let at = 8;
    while (at < png.length) {
      const length = png.readUInt32BE(at);
      const crc = png.readUInt32BE(at + 8 + length);
      expect(crc32(png.subarray(at + 4, at + 8 + length)) >>> 0).toBe(crc);
      at += 12 + length;
    }
  });

  it('makes a TIFF with a valid header that no decoder can read', async () => {
    const tiff = corruptTiff();
    expect(tiff.subarray(0, 4).toString('latin1')).toBe('II*\0');
    await expect(sharp(tiff, { failOn: 'error' }).raw().toBuffer()).rejects.toThrow();
    expect(corruptTiff().equals(tiff)).toBe(true);
  });

  it('makes empty, truncated and mislabelled files', async () => {
    expect(emptyFile().length).toBe(0);
    const pdf = await writeImagePdf([(await page(10)).png], { dpi: DPI, encoding: 'jpeg' });
    const cut = truncated(pdf, 0.5);
    expect(cut.length).toBe(Math.floor(pdf.length / 2));
    expect(pdf.subarray(0, cut.length).equals(cut)).toBe(true);
    expect(cut.toString('latin1')).not.toContain('%%EOF');
    const notes = textNamedPdf();
    expect(notes.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    expect(notes.toString('latin1')).toMatch(/^[\x20-\x7e\r\n]+$/);
  });
});

describe('generateSampleSet', () => {
  it('writes the demo set with a manifest that matches the files, identically for a seed', async () => {
    const [dirA, dirB] = await Promise.all([mkdtemp(path.join(tmpdir(), 'chartdesk-samples-')), mkdtemp(path.join(tmpdir(), 'chartdesk-samples-'))]);
    try {
      const [manifest, repeat] = await Promise.all([generateSampleSet(dirA, { seed: 9, dpi: DPI }), generateSampleSet(dirB, { seed: 9, dpi: DPI })]);
      expect(repeat).toEqual(manifest);
      expect(JSON.parse(await readFile(path.join(dirA, 'manifest.json'), 'utf8'))).toEqual(manifest);
      for (const file of manifest.files) {
        expect((await readFile(path.join(dirB, file.name))).equals(await readFile(path.join(dirA, file.name)))).toBe(true);
      }

      const byName = new Map(manifest.files.map((f) => [f.name, f]));
      expect([...byName.values()].filter((f) => f.kind === 'broken').map((f) => [f.name, f.expectedProblem])).toEqual([
        ['empty.pdf', 'empty-file'],
        ['truncated.tif', 'truncated'],
        ['truncated.pdf', 'truncated'],
        ['corrupt.tif', 'corrupt'],
        ['notes.pdf', 'unsupported-format'],
        ['encrypted.pdf', 'encrypted-pdf'],
        ['huge.png', 'image-too-large'],
      ]);

      for (const file of manifest.files) {
        if (file.kind !== 'scan') continue;
        const bytes = await readFile(path.join(dirA, file.name));
        expect(file.sizeBytes).toBe(bytes.length);
        if (file.format === 'tiff') {
          expect((await sharp(bytes).metadata()).pages ?? 1).toBe(file.pageCount);
          for (const [i, p] of file.pages.entries()) {
            expect(await sharp(bytes, { page: i }).metadata()).toMatchObject({ width: p.width, height: p.height, density: p.dpi });
          }
        } else if (file.format === 'pdf') {
          const doc = await PDFDocument.load(bytes);
          expect(doc.getPageCount()).toBe(file.pageCount);
          doc.getPages().forEach((pdfPage, i) => expect(pdfPage.getSize()).toEqual(file.pages[i]?.points));
        } else {
          const meta = await sharp(bytes).metadata();
          const shown = (meta.orientation ?? 1) >= 5 ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
          expect(shown).toEqual({ width: file.pages[0]?.width, height: file.pages[0]?.height });
        }
      }

      const g4 = byName.get('letter-g4.tif');
      expect(g4?.kind === 'scan' && g4.pageCount).toBe(3);
      expect(g4?.kind === 'scan' && g4.pages.map((p) => p.width)).toEqual([LETTER.width, LETTER.width, LETTER.height]);
      const photo = byName.get('phone-photo.jpg');
      expect(photo?.kind === 'scan' && photo.pages[0]?.exifOrientation).toBe(6);
      const labelled = byName.get('labelled-page.tif');
      expect(labelled?.kind === 'scan' && labelled.pages[0]?.barcodes[0]?.format).toBe('code128');
    } finally {
      await Promise.all([rm(dirA, { recursive: true, force: true }), rm(dirB, { recursive: true, force: true })]);
    }
  });
});
