import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type IndexedPdfPage, renderIndexedPdf } from '../../../electron/engine/output/indexed-pdf.js';
import { CHARTDESK_XMP_NAMESPACE } from '../../../electron/engine/output/pdf-metadata.js';
import { readTiffFirstPage } from '../../../electron/engine/output/tiff-ifd.js';
import { type QuarterTurn, renderPage } from '../../../scripts/samples/index.js';
import { describeWith } from '../../support/prerequisites.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { type Word, assertWellFormedXml, fakeWords, g4Tiff, grayJpeg, grayPixels, handMadeTiff, openPdfJs, pdftotextWords, run, sampleMetadata } from './indexed-pdf-fixtures.js';

const DPI = 100;
const NOW = new Date('2026-03-07T08:09:10Z');

interface PagePlan {
  master: 'g4' | 'png' | 'jpeg';
  /** How the sheet went through the scanner (the stored image is the upright page turned this much clockwise). */
  fed: QuarterTurn;
}

const PLAN: PagePlan[] = [
  { master: 'g4', fed: 0 },
  { master: 'png', fed: 90 },
  { master: 'jpeg', fed: 0 },
  { master: 'g4', fed: 180 },
  { master: 'png', fed: 270 },
];

interface BuiltPage {
  page: IndexedPdfPage;
  upright: Buffer;
  words: Word[];
}

async function buildPage(plan: PagePlan, number: number): Promise<BuiltPage> {
  const spec = { seed: 40 + number, dpi: DPI, texts: [{ text: `PAGE ${number}`, y: 0.9, points: 30, bold: true }] };
  const upright = await renderPage(spec);
  const stored = plan.fed === 0 ? upright : await renderPage({ ...spec, rotate: plan.fed });
  const bytes = plan.master === 'g4' ? await g4Tiff(stored.png, DPI) : plan.master === 'jpeg' ? await grayJpeg(stored.png) : stored.png;
  const type = plan.master === 'g4' ? 'image/tiff' : plan.master === 'jpeg' ? 'image/jpeg' : 'image/png';
  const words = fakeWords(upright.lines.slice(0, 14), DPI);
  const rotation = ((360 - plan.fed) % 360) as IndexedPdfPage['rotation'];
  return { page: { image: { bytes, type }, dpi: DPI, rotation, skewDegrees: 0, words }, upright: upright.png, words };
}

describeWith(['poppler', 'qpdf'], 'indexed PDF of a mixed five-page document', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let built: BuiltPage[];
  let pdf: Uint8Array;
  let file: string;

  beforeAll(async () => {
    dir = await makeTempDir('indexed-pdf');
    built = await Promise.all(PLAN.map((plan, i) => buildPage(plan, i + 1)));
    pdf = await renderIndexedPdf(
      built.map((b) => b.page),
      sampleMetadata(),
      { now: NOW },
    );
    file = join(dir.path, 'document.pdf');
    await writeFile(file, pdf);
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('passes qpdf --check', () => {
    expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
  });

  it('has one upright letter-size page per input page, in order', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(PLAN.length);
    for (const page of doc.getPages()) {
      expect(page.getSize()).toEqual({ width: 612, height: 792 });
      expect(page.getRotation().angle).toBe(0);
    }
    for (let n = 1; n <= PLAN.length; n++) {
      const text = run('pdftotext', ['-f', String(n), '-l', String(n), file, '-']);
      expect(text).toContain(`PAGE ${n}`);
      for (let other = 1; other <= PLAN.length; other++) if (other !== n) expect(text).not.toContain(`PAGE ${other}\n`);
    }
  });

  it('keeps bilevel pages as 1-bit CCITT, gray PNG pages as 8-bit gray and the JPEG as JPEG', () => {
    const rows = run('pdfimages', ['-list', file])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim())
      .map((line) => line.trim().split(/\s+/));
    expect(rows.map((r) => [r[0], r[2], r[5], r[6], r[7], r[8]])).toEqual([
      ['1', 'image', 'gray', '1', '1', 'ccitt'],
      ['2', 'image', 'gray', '1', '8', 'image'],
      ['3', 'image', 'gray', '1', '8', 'jpeg'],
      ['4', 'image', 'gray', '1', '1', 'ccitt'],
      ['5', 'image', 'gray', '1', '8', 'image'],
    ]);
    // Never upscaled: the image's resolution on the page is the scan's.
    for (const r of rows) expect([r[12], r[13]]).toEqual([String(DPI), String(DPI)]);
  });

  it('holds every page image exactly as stored: same pixels for G4 and PNG, same bytes for JPEG', async () => {
    for (let n = 1; n <= PLAN.length; n++) {
      const { page } = built[n - 1] as BuiltPage;
      const prefix = join(dir.path, `extract-${n}`);
      if (page.image.type === 'image/jpeg') {
        run('pdfimages', ['-j', '-f', String(n), '-l', String(n), file, prefix]);
        expect((await readFile(`${prefix}-000.jpg`)).equals(Buffer.from(page.image.bytes))).toBe(true);
        continue;
      }
      run('pdfimages', ['-png', '-f', String(n), '-l', String(n), file, prefix]);
      const extracted = await grayPixels(`${prefix}-000.png`);
      const stored = await grayPixels(Buffer.from(page.image.bytes));
      expect([extracted.width, extracted.height]).toEqual([stored.width, stored.height]);
      expect(extracted.data.equals(stored.data)).toBe(true);
    }
  });

  it('shows every page the right way up, whichever way it was stored', async () => {
    for (let n = 1; n <= PLAN.length; n++) {
      const prefix = join(dir.path, `render-${n}`);
      run('pdftoppm', ['-r', String(DPI), '-gray', '-png', '-f', String(n), '-l', String(n), file, prefix]);
      const rendered = (await readdir(dir.path)).find((name) => name.startsWith(`render-${n}-`)) as string;
      const shown = await grayPixels(join(dir.path, rendered));
      const upright = await grayPixels((built[n - 1] as BuiltPage).upright);
      expect([shown.width, shown.height]).toEqual([upright.width, upright.height]);
      // Compared at an eighth of the size, so that G4's black-and-white edges against the
      // gray original do not count, while text in the wrong place does.
      const small = (image: Buffer | string, turn = 0) => grayPixels(sharp(image).rotate(turn).resize({ width: 106 }));
      const seen = await small(join(dir.path, rendered));
      const right = meanDifference(seen.data, (await small((built[n - 1] as BuiltPage).upright)).data);
      const wrong = meanDifference(seen.data, (await small((built[n - 1] as BuiltPage).upright, 180)).data);
      expect(right, `page ${n}: ${right.toFixed(2)} vs upside down ${wrong.toFixed(2)}`).toBeLessThan(wrong / 4);
    }
  });

  it('shows the pages the right way up in pdf.js too (its own CCITT and image decoders)', async () => {
    const doc = await openPdfJs(pdf);
    try {
      for (let n = 1; n <= PLAN.length; n++) {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
        const context = canvas.getContext('2d');
        context.fillStyle = '#ffffff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        await page.render({ canvasContext: context as any, viewport, canvas: canvas as any }).promise;
        const small = (image: Buffer, turn = 0) => grayPixels(sharp(image).rotate(turn).resize({ width: 106, height: 137, fit: 'fill' }));
        const seen = await small(canvas.toBuffer('image/png'));
        const upright = (built[n - 1] as BuiltPage).upright;
        const right = meanDifference(seen.data, (await small(upright)).data);
        const wrong = meanDifference(seen.data, (await small(upright, 180)).data);
        expect(right, `page ${n}: ${right.toFixed(2)} vs upside down ${wrong.toFixed(2)}`).toBeLessThan(wrong / 4);
      }
    } finally {
      await doc.destroy();
    }
  });

  it('puts each OCR word over its box, as pdftotext reads it', () => {
    for (let n = 1; n <= PLAN.length; n++) {
      const found = pdftotextWords(file, n);
      const words = (built[n - 1] as BuiltPage).words;
      expect(found.map((w) => w.text)).toEqual(words.map((w) => w.text));
      found.forEach((word, i) => {
        const box = pointsBox((words[i] as Word).box);
        expect(word.xMin).toBeCloseTo(box.left, 0);
        expect(word.xMax).toBeCloseTo(box.right, 0);
        expect(Math.abs(word.yMin - box.top)).toBeLessThan(1);
        expect(Math.abs(word.yMax - box.bottom)).toBeLessThan(1);
      });
    }
  });

  it('gives pdf.js the words in reading order, on their boxes, in lines', async () => {
    const doc = await openPdfJs(pdf);
    try {
      for (let n = 1; n <= PLAN.length; n++) {
        const content = await (await doc.getPage(n)).getTextContent();
        const items = content.items.filter((item) => 'str' in item && item.str.trim()) as Array<{ str: string; transform: number[]; width: number }>;
        const words = (built[n - 1] as BuiltPage).words;
        // pdf.js joins neighbouring words of a line into one item (with a space) or keeps them
        // apart, depending on gaps; either way each item must start on its first word's box
        // and end on its last word's box.
        let next = 0;
        for (const item of items) {
          const tokens = item.str.trim().split(/\s+/);
          const first = words[next] as Word;
          const last = words[next + tokens.length - 1] as Word;
          expect(tokens).toEqual(words.slice(next, next + tokens.length).map((w) => w.text));
          next += tokens.length;
          const [x, baseline] = [item.transform[4] as number, item.transform[5] as number];
          expect(Math.abs(x - pointsBox(first.box).left)).toBeLessThan(0.5);
          expect(Math.abs(x + item.width - pointsBox(last.box).right)).toBeLessThan(0.5);
          // The baseline lies inside the box (y up in PDF space), above its bottom edge.
          expect(baseline).toBeGreaterThan(792 - pointsBox(first.box).bottom);
          expect(baseline).toBeLessThan(792 - pointsBox(first.box).top);
        }
        expect(next).toBe(words.length);
        // Copy and paste keeps word spaces and line ends.
        const rows = new Map<number, string[]>();
        for (const word of words) rows.set(word.box.y, [...(rows.get(word.box.y) ?? []), word.text]);
        const joined = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
        expect(
          joined
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean),
        ).toEqual([...rows.values()].map((row) => row.join(' ')));
      }
    } finally {
      await doc.destroy();
    }
  });

  it('carries the index in the Info dictionary', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Discharge summary — O'Brien & Sons <draft>");
    expect(doc.getAuthor()).toBe('jclerk');
    expect(doc.getSubject()).toBe('Discharge summary');
    expect(doc.getKeywords()).toContain('MRN 00123456');
    expect(doc.getKeywords()).toContain('18842-5');
    expect(doc.getCreator()).toBe('ChartDesk');
    expect(doc.getProducer()).toMatch(/^ChartDesk/);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-07T08:09:10.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-03-07T08:09:10.000Z');
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/Title:\s+Discharge summary — O'Brien & Sons <draft>/);
    expect(info).toMatch(/Keywords:\s+MRN 00123456; 18842-5; Discharge summary; DOS 2026-03-04/);
    expect(info).toMatch(/Pages:\s+5/);
    expect(info).toMatch(/Encrypted:\s+no/);
  });

  it('carries the full index and the provenance in XMP that parses back', async () => {
    const xmp = await xmpOf(pdf);
    assertWellFormedXml(xmp);
    const doc = await openPdfJs(pdf);
    try {
      const { metadata } = await doc.getMetadata();
      const get = (key: string) => metadata?.get(key.toLowerCase());
      expect(get('dc:title')).toBe("Discharge summary — O'Brien & Sons <draft>");
      expect(get('dc:creator')).toEqual(['jclerk']);
      expect(get('xmp:CreateDate')).toBe('2026-03-07T08:09:10+00:00');
      expect(get('pdf:Producer')).toMatch(/^ChartDesk/);
      expect(get('pdfaid:part')).toBe('2');
      expect(get('pdfaid:conformance')).toBe('B');
      expect(get('cd:documentId')).toBe('doc-7f3a');
      expect(get('cd:patientMrn')).toBe('00123456');
      expect(get('cd:patientName')).toBe("O'Brien, Mary-Åsa");
      expect(get('cd:docTypeCode')).toBe('18842-5');
      expect(get('cd:docTypeSystem')).toBe('http://loinc.org');
      expect(get('cd:dateOfService')).toBe('2026-03-04');
      expect(get('cd:batchId')).toBe('batch-0012');
      expect(get('cd:station')).toBe('records-pc-3');
      expect(get('cd:confirmedBy')).toBe('mreviewer');
      expect(get('cd:confirmedAt')).toBe('2026-03-06T14:30:45.789Z');
    } finally {
      await doc.destroy();
    }
    expect(xmp).toContain(`xmlns:cd="${CHARTDESK_XMP_NAMESPACE}"`);
    const files = [...xmp.matchAll(/<cdsf:name>([^<]*)<\/cdsf:name><cdsf:sha256>([0-9a-f]{64})<\/cdsf:sha256><cdsf:pages><rdf:Seq>(.*?)<\/rdf:Seq>/g)].map((m) => ({
      name: m[1],
      sha256: m[2],
      pages: [...(m[3] ?? '').matchAll(/<rdf:li>(\d+)<\/rdf:li>/g)].map((p) => Number(p[1])),
    }));
    expect(files).toEqual([
      { name: 'scan_0001.tif', sha256: 'a'.repeat(64), pages: [1, 2] },
      { name: 'scan &amp; more &lt;2&gt;.pdf', sha256: '0123456789abcdef'.repeat(4), pages: [3, 4] },
    ]);
  });

  it('has the structure PDF/A-2b asks for', async () => {
    const bytes = Buffer.from(pdf);
    expect(bytes.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...bytes.subarray(10, 14)].every((b) => b >= 128)).toBe(true);

    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const { context, catalog } = doc;
    const id = context.trailerInfo.ID as PDFArray;
    expect(id.size()).toBe(2);
    expect(context.trailerInfo.Encrypt).toBeUndefined();

    const metadata = context.lookup(catalog.get(PDFName.of('Metadata'))) as PDFRawStream;
    expect(metadata.dict.get(PDFName.of('Filter'))).toBeUndefined();
    expect(metadata.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('XML'));

    const intents = context.lookup(catalog.get(PDFName.of('OutputIntents'))) as PDFArray;
    expect(intents.size()).toBe(1);
    const intent = context.lookup(intents.get(0)) as PDFDict;
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    const profile = context.lookup(intent.get(PDFName.of('DestOutputProfile'))) as PDFRawStream;
    expect(String(profile.dict.get(PDFName.of('N')))).toBe('3');
    const icc = Buffer.from(decodePDFRawStream(profile).decode());
    expect(icc.toString('latin1', 16, 20)).toBe('RGB ');

    let fonts = 0;
    for (const [, object] of context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : null;
      if (!dict) continue;
      // No transparency anywhere: no soft masks, no constant alpha, no transparency groups.
      for (const key of ['SMask', 'CA', 'ca', 'Group', 'Encrypt', 'JavaScript', 'AA']) expect(dict.has(PDFName.of(key)), key).toBe(false);
      if (dict.get(PDFName.of('Interpolate'))) expect(String(dict.get(PDFName.of('Interpolate')))).toBe('false');
      if (dict.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
        fonts += 1;
        expect(dict.get(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRef);
        expect(String(dict.get(PDFName.of('FontName')))).toMatch(/^\/[A-Z]{6}\+LiberationSans$/);
      }
      if (dict.get(PDFName.of('Subtype')) === PDFName.of('CIDFontType2')) expect(String(dict.get(PDFName.of('CIDToGIDMap')))).toBe('/Identity');
    }
    expect(fonts).toBe(1);

    const page = doc.getPage(0).node;
    const contents = context.lookup(page.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => context.lookup(ref)) : [contents];
    const text = streams.map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1')).join('\n');
    expect(text).toContain('3 Tr');
  });

  it('writes the same bytes for the same input, and other bytes for another moment', async () => {
    const again = await renderIndexedPdf(
      built.map((b) => b.page),
      sampleMetadata(),
      { now: NOW },
    );
    expect(sha256(again)).toBe(sha256(pdf));
    const later = await renderIndexedPdf(
      built.map((b) => b.page),
      sampleMetadata(),
      { now: new Date('2026-03-08T00:00:00Z') },
    );
    expect(sha256(later)).not.toBe(sha256(pdf));
    // Without a moment, the confirmation time (to the second) is the document's date.
    const confirmed = await PDFDocument.load(await renderIndexedPdf([(built[0] as BuiltPage).page], sampleMetadata()), { updateMetadata: false });
    expect(confirmed.getCreationDate()?.toISOString()).toBe('2026-03-06T14:30:45.000Z');
  });
});

describeWith(['poppler'], 'G4 variants scanners write', () => {
  it('shows WhiteIsZero, BlackIsZero, big-endian and reversed-bit G4 pages as libtiff decodes them', async () => {
    const page = await renderPage({ seed: 9, dpi: DPI, title: 'Variant', lines: ['Bit order and polarity'] });
    const single = await sharp(page.png).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: 4096 }).toBuffer();
    const layout = readTiffFirstPage(single)!;
    const strip = single.subarray(layout.strips[0]!.offset, layout.strips[0]!.offset + layout.strips[0]!.length);
    const reversed = strip.map((byte) => {
      let r = 0;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) r |= 0x80 >> bit;
      return r;
    });
    const variants = [
      handMadeTiff({ bigEndian: false, fillOrder: 1, data: strip, width: layout.width, height: layout.height, photometric: 0 }),
      handMadeTiff({ bigEndian: true, fillOrder: 1, data: strip, width: layout.width, height: layout.height, photometric: 1 }),
      handMadeTiff({ bigEndian: false, fillOrder: 2, data: reversed, width: layout.width, height: layout.height, photometric: 1 }),
    ];
    const pdf = await renderIndexedPdf(
      variants.map((bytes) => ({ image: { bytes, type: 'image/tiff' as const }, dpi: DPI, rotation: 0 as const, skewDegrees: 0, words: [] })),
      sampleMetadata(),
      { now: NOW },
    );
    const dir = await makeTempDir('indexed-pdf-g4');
    try {
      const file = join(dir.path, 'variants.pdf');
      await writeFile(file, pdf);
      expect(run('pdfimages', ['-list', file]).match(/ccitt/g)?.length).toBe(3);
      for (let n = 1; n <= variants.length; n++) {
        run('pdfimages', ['-png', '-f', String(n), '-l', String(n), file, join(dir.path, `v${n}`)]);
        const shown = await grayPixels(join(dir.path, `v${n}-000.png`));
        const decoded = await grayPixels(variants[n - 1] as Buffer);
        expect(shown.data.equals(decoded.data), `variant ${n}`).toBe(true);
      }
      // WhiteIsZero data read as BlackIsZero is the negative: the first page must be mostly black.
      const negative = await grayPixels(join(dir.path, 'v1-000.png'));
      expect(negative.data.reduce((sum, v) => sum + v, 0) / negative.data.length).toBeLessThan(30);
    } finally {
      await dir.remove();
    }
  });
});

describeWith(['poppler', 'qpdf'], 'a long indexed PDF', () => {
  // Its time is printed, not asserted: a timed test fails on a busy machine, and speed targets belong in `npm run bench`.
  it('renders a 20-page 300-dpi G4 document with a full text layer that qpdf and pdfinfo accept', async () => {
    const dpi = 300;
    const distinct = await Promise.all([0, 1, 2, 3].map((i) => renderPage({ seed: 300 + i, dpi })));
    const masters = await Promise.all(distinct.map((p) => g4Tiff(p.png, dpi)));
    const pages: IndexedPdfPage[] = Array.from({ length: 20 }, (_, i) => {
      const source = distinct[i % distinct.length]!;
      return {
        image: { bytes: masters[i % masters.length]!, type: 'image/tiff' },
        dpi,
        rotation: 0,
        skewDegrees: 0,
        words: fakeWords([...source.lines, ...source.lines, ...source.lines].slice(0, 40), dpi),
      };
    });
    const wordCount = pages.reduce((n, p) => n + p.words.length, 0);
    const started = performance.now();
    const pdf = await renderIndexedPdf(pages, sampleMetadata(), { now: NOW });
    const elapsed = performance.now() - started;
    console.info(`indexed PDF: 20 pages at 300 dpi, ${wordCount} words, ${Math.round(elapsed)} ms, ${pdf.length} bytes`);
    const dir = await makeTempDir('indexed-pdf-perf');
    try {
      const file = join(dir.path, 'big.pdf');
      await writeFile(file, pdf);
      expect(run('qpdf', ['--check', file])).toContain('No syntax or stream encoding errors found');
      expect(run('pdfinfo', [file])).toMatch(/Pages:\s+20/);
    } finally {
      await dir.remove();
    }
  });
});

function pointsBox(box: Word['box']) {
  const k = 72 / DPI;
  return { left: box.x * k, right: (box.x + box.width) * k, top: box.y * k, bottom: (box.y + box.height) * k };
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function xmpOf(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const stream = doc.context.lookup(doc.catalog.get(PDFName.of('Metadata'))) as PDFRawStream;
  return Buffer.from(stream.getContents()).toString('utf8');
}
