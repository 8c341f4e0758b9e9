import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFNumber, type PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { embedPageImage, uprightImageMatrix } from '../../../electron/engine/output/pdf-images.js';
import { buildXmp, documentInfo, pdfDate, xmpDate } from '../../../electron/engine/output/pdf-metadata.js';
import { drawableWords, groupLines } from '../../../electron/engine/output/pdf-text-layer.js';
import { srgbIccProfile } from '../../../electron/engine/output/srgb-icc.js';
import { g4StripData, isCopyableG4, readTiffFirstPage } from '../../../electron/engine/output/tiff-ifd.js';
import { assertWellFormedXml, g4Tiff, handMadeTiff, sampleMetadata } from '../../integration/output/indexed-pdf-fixtures.js';

async function checkerboardPng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * width + x] = ((x >> 3) + (y >> 3)) % 2 ? 0 : 255;
  return sharp(raw, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

async function prepared(bytes: Buffer, type: 'image/tiff' | 'image/png' | 'image/jpeg') {
  const doc = await PDFDocument.create();
  const image = await embedPageImage.prepare({ bytes, type });
  const embedded = embedPageImage.register(doc.context, image);
  const stream = doc.context.lookup(embedded.ref) as PDFRawStream;
  return { image, embedded, dict: stream.dict, contents: stream.getContents() };
}

describe('TIFF strips', () => {
  it('reads the strip layout libvips writes, and sees that several strips cannot be copied as one', async () => {
    const tiff = await g4Tiff(await checkerboardPng(400, 700), 200);
    const page = readTiffFirstPage(tiff);
    expect(page).toMatchObject({ width: 400, height: 700, compression: 4, bitsPerSample: 1, tiled: false });
    expect(page?.strips.length).toBeGreaterThan(1);
    expect(isCopyableG4(page!)).toBe(false);
  });

  it('reads big-endian TIFFs and puts reversed-bit (FillOrder 2) data back in PDF bit order', () => {
    const data = Uint8Array.from([0b00000001, 0b10000000, 0b11110000]);
    const tiff = handMadeTiff({ bigEndian: true, fillOrder: 2, data, width: 8, height: 2, photometric: 0 });
    const page = readTiffFirstPage(tiff);
    expect(page).toMatchObject({ width: 8, height: 2, fillOrder: 2, photometric: 0, strips: [{ length: 3 }] });
    expect(isCopyableG4(page!)).toBe(true);
    expect([...g4StripData(tiff, page!)]).toEqual([0b10000000, 0b00000001, 0b00001111]);
  });

  it('refuses what is not a TIFF or points outside the file', () => {
    expect(readTiffFirstPage(Buffer.from('not a tiff at all'))).toBeNull();
    const tiff = handMadeTiff({ bigEndian: false, fillOrder: 1, data: new Uint8Array(4), width: 8, height: 2, photometric: 0 });
    expect(readTiffFirstPage(tiff.subarray(0, tiff.length - 2))).toBeNull();
  });
});

describe('page images', () => {
  it('copies a single-strip G4 page byte for byte, and re-encodes a multi-strip one once into a single strip', async () => {
    const png = await checkerboardPng(320, 600);
    const single = await sharp(png).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, tileHeight: 600 }).toBuffer();
    const page = readTiffFirstPage(single)!;
    const copied = await prepared(single, 'image/tiff');
    expect(copied.image.reencoded).toBe(false);
    expect(Buffer.from(copied.contents).equals(single.subarray(page.strips[0]!.offset, page.strips[0]!.offset + page.strips[0]!.length))).toBe(true);
    expect(copied.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('CCITTFaxDecode'));
    expect(copied.dict.get(PDFName.of('BitsPerComponent'))).toEqual(PDFNumber.of(1));
    expect(String(copied.dict.get(PDFName.of('DecodeParms')))).toMatch(/\/K -1[\s\S]*\/Columns 320[\s\S]*\/Rows 600[\s\S]*\/BlackIs1 true/);

    const multi = await prepared(await g4Tiff(png, 200), 'image/tiff');
    expect(multi.image.reencoded).toBe(true);
    expect(multi.embedded).toMatchObject({ encoding: 'ccitt-g4', width: 320, height: 600 });
  });

  it("copies a gray PNG's compressed scanlines as they are, with the PNG predictor, in gray", async () => {
    const png = await sharp(await checkerboardPng(300, 200))
      .toColourspace('b-w')
      .png({ compressionLevel: 9 })
      .toBuffer();
    const { image, dict, contents } = await prepared(png, 'image/png');
    expect(image.reencoded).toBe(false);
    expect(dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
    expect(dict.get(PDFName.of('BitsPerComponent'))).toEqual(PDFNumber.of(8));
    expect(String(dict.get(PDFName.of('DecodeParms')))).toMatch(/\/Predictor 15[\s\S]*\/Colors 1[\s\S]*\/Columns 300/);
    // The IDAT payload is inside the PNG unchanged.
    expect(png.includes(Buffer.from(contents))).toBe(true);
  });

  it('keeps a 1-bit PNG at 1 bit and a palette PNG indexed', async () => {
    const oneBit = await sharp(await checkerboardPng(64, 64))
      .png({ colours: 2, palette: true })
      .toBuffer();
    const bilevel = await prepared(oneBit, 'image/png');
    expect(bilevel.image.reencoded).toBe(false);
    const colourSpace = String(bilevel.dict.get(PDFName.of('ColorSpace')));
    expect(colourSpace.startsWith('[ /Indexed /DeviceRGB') || colourSpace === '/DeviceGray').toBe(true);
    expect(Number(String(bilevel.dict.get(PDFName.of('BitsPerComponent'))))).toBeLessThanOrEqual(8);
  });

  it('flattens transparency onto white and loses nothing else', async () => {
    const rgba = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const { image, dict } = await prepared(rgba, 'image/png');
    expect(image.reencoded).toBe(true);
    expect(dict.get(PDFName.of('SMask'))).toBeUndefined();
    expect(dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceRGB'));
    const interlaced = await sharp(await checkerboardPng(50, 50))
      .png({ progressive: true })
      .toBuffer();
    expect((await prepared(interlaced, 'image/png')).image.reencoded).toBe(true);
  });

  it('passes a gray or colour JPEG through as DCT, and turns a CMYK one into lossless RGB', async () => {
    const gray = await sharp(await checkerboardPng(80, 60))
      .toColourspace('b-w')
      .jpeg({ quality: 80 })
      .toBuffer();
    const g = await prepared(gray, 'image/jpeg');
    expect(g.image.reencoded).toBe(false);
    expect(Buffer.from(g.contents).equals(gray)).toBe(true);
    expect(g.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
    expect(g.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));

    const colour = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#c83' } })
      .jpeg({ progressive: true })
      .toBuffer();
    const c = await prepared(colour, 'image/jpeg');
    expect(c.image.reencoded).toBe(false);
    expect(c.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceRGB'));

    const cmyk = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#c83' } })
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer();
    const k = await prepared(cmyk, 'image/jpeg');
    expect(k.image.reencoded).toBe(true);
    expect(k.embedded.encoding).toBe('flate');
    expect(k.dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceRGB'));
  });

  it('turns a non-bilevel TIFF into lossless gray', async () => {
    const lzw = await sharp(await checkerboardPng(64, 48))
      .toColourspace('b-w')
      .tiff({ compression: 'lzw' })
      .toBuffer();
    const { image, embedded, dict } = await prepared(lzw, 'image/tiff');
    expect(image.reencoded).toBe(true);
    expect(embedded).toMatchObject({ encoding: 'flate', width: 64, height: 48 });
    expect(dict.get(PDFName.of('ColorSpace'))).toBe(PDFName.of('DeviceGray'));
  });
});

describe('upright drawing matrix', () => {
  const apply = (m: number[], u: number, v: number) => [m[0]! * u + m[2]! * v + m[4]!, m[1]! * u + m[3]! * v + m[5]!];
  // The stored image's top-left corner is (0, 1) in image space. Turned clockwise, it moves
  // clockwise round the page: top left, top right, bottom right, bottom left.
  const cases = [
    { rotation: 0, topLeftGoesTo: 'top-left', page: [300, 500] },
    { rotation: 90, topLeftGoesTo: 'top-right', page: [500, 300] },
    { rotation: 180, topLeftGoesTo: 'bottom-right', page: [300, 500] },
    { rotation: 270, topLeftGoesTo: 'bottom-left', page: [500, 300] },
  ] as const;
  for (const { rotation, topLeftGoesTo, page } of cases) {
    it(`turning ${rotation}° puts the image's top-left corner at the page's ${topLeftGoesTo} and fills the page`, () => {
      const m = uprightImageMatrix(rotation, 300, 500);
      const [w, h] = page;
      const corner = { 'top-left': [0, h], 'top-right': [w, h], 'bottom-right': [w, 0], 'bottom-left': [0, 0] }[topLeftGoesTo];
      expect(apply(m, 0, 1)).toEqual(corner);
      const xs = [0, 1].flatMap((u) => [0, 1].map((v) => apply(m, u, v)));
      expect(Math.min(...xs.map((p) => p[0]!))).toBe(0);
      expect(Math.max(...xs.map((p) => p[0]!))).toBe(w);
      expect(Math.min(...xs.map((p) => p[1]!))).toBe(0);
      expect(Math.max(...xs.map((p) => p[1]!))).toBe(h);
    });
  }
});

describe('sRGB output profile', () => {
  it('is a version 2 display RGB profile that colour management reads as sRGB', async () => {
    const icc = Buffer.from(srgbIccProfile());
    expect(icc.readUInt32BE(0)).toBe(icc.length);
    expect(icc.readUInt8(8)).toBe(2);
    expect(icc.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    const dir = await mkdtemp(join(tmpdir(), 'chartdesk-icc-'));
    try {
      const file = join(dir, 'srgb.icc');
      await writeFile(file, icc);
      const colours = [200, 30, 90, 10, 250, 128, 255, 255, 255, 0, 0, 0, 128, 128, 128];
      // lcms converting from its own sRGB into this profile must leave the colours alone.
      const out = await sharp(Buffer.from(colours), { raw: { width: 5, height: 1, channels: 3 } })
        .withIccProfile(file)
        .raw()
        .toBuffer();
      [...out].forEach((value, i) => expect(Math.abs(value - colours[i]!)).toBeLessThanOrEqual(1));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('index metadata', () => {
  const created = new Date('2026-03-06T14:30:45.789Z');
  const ids = { permanentId: '0123456789abcdef0123456789abcdef', instanceId: 'fedcba9876543210fedcba9876543210' };

  it('writes dates in UTC to the second, the same instant in both forms', () => {
    expect(pdfDate(new Date('2026-03-06T14:30:45Z'))).toBe("D:20260306143045+00'00'");
    expect(xmpDate(new Date('2026-03-06T14:30:45Z'))).toBe('2026-03-06T14:30:45+00:00');
    expect(documentInfo(sampleMetadata(), created, ids).created.toISOString()).toBe('2026-03-06T14:30:45.000Z');
  });

  it('escapes every value and drops characters XML cannot hold', () => {
    const metadata = sampleMetadata({ patientName: 'Nu\u0000ll <b>&amp;</b> "quoted"', dateOfService: null });
    const xmp = buildXmp(metadata, documentInfo(metadata, created, ids));
    expect(() => assertWellFormedXml(xmp)).not.toThrow();
    expect(xmp).toContain('<cd:patientName>Null &lt;b&gt;&amp;amp;&lt;/b&gt; &quot;quoted&quot;</cd:patientName>');
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Discharge summary — O\'Brien &amp; Sons &lt;draft&gt;</rdf:li></rdf:Alt></dc:title>');
    expect(xmp).not.toContain('cd:dateOfService>');
    expect(xmp).toContain('<cdsf:name>scan &amp; more &lt;2&gt;.pdf</cdsf:name>');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<xmpMM:DocumentID>uuid:01234567-89ab-cdef-0123-456789abcdef</xmpMM:DocumentID>');
  });

  it('declares every ChartDesk property it writes in the PDF/A extension schema', () => {
    const metadata = sampleMetadata();
    const xmp = buildXmp(metadata, documentInfo(metadata, created, ids));
    const declared = new Set([...xmp.matchAll(/<pdfaProperty:name>(\w+)<\/pdfaProperty:name>/g)].map((m) => m[1]));
    const used = new Set([...xmp.matchAll(/<cd:(\w+)>/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(declared).toContain(name);
    const fields = new Set([...xmp.matchAll(/<pdfaField:name>(\w+)<\/pdfaField:name>/g)].map((m) => m[1]));
    for (const name of new Set([...xmp.matchAll(/<cdsf:(\w+)>/g)].map((m) => m[1]))) expect(fields).toContain(name);
  });
});

describe('text layer words', () => {
  it('drops words without a usable box or without glyphs, and splits nothing', () => {
    const box = { x: 10, y: 10, width: 40, height: 12 };
    const words = drawableWords(
      [
        { text: 'Blood', box },
        { text: '  ', box },
        { text: 'pressure', box: { ...box, width: 0 } },
        { text: 'ok\u0007\u4e2d', box },
        { text: 'naïve', box: { ...box, x: Number.NaN } },
      ],
      (code) => code < 0x3000,
    );
    expect(words.map((w) => w.text)).toEqual(['Blood', 'ok']);
  });

  it("groups words into lines by the recogniser's line numbers, else by their boxes", () => {
    const w = (text: string, x: number, y: number, line?: number) => ({ text, box: { x, y, width: 30, height: 20 }, ...(line === undefined ? {} : { line }) });
    expect(groupLines([w('a', 0, 0), w('b', 40, 4), w('c', 0, 30), w('d', 40, 60)]).map((l) => l.words.map((x) => x.text).join(''))).toEqual(['ab', 'c', 'd']);
    // A word that goes back to the left starts a new line even on the same row (a second column read first).
    expect(groupLines([w('a', 100, 0), w('b', 0, 0)]).length).toBe(2);
    expect(groupLines([w('a', 0, 0, 1), w('b', 40, 30, 1), w('c', 80, 0, 2)]).map((l) => l.words.length)).toEqual([2, 1]);
  });
});
