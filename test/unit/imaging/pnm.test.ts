import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import { decodePnm } from '../../../electron/engine/imaging/decode-pnm.js';
import { decodeScanToStore } from '../../../electron/engine/imaging/decode-scan.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { inferScanDpi } from '../../../electron/engine/imaging/paper-resolution.js';
import { sniffFormat } from '../../../electron/engine/imaging/sniff-format.js';
import { UnreadableScan } from '../../../electron/engine/imaging/unreadable-scan.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { renderPage, writePnm } from '../../../scripts/samples/index.js';
import { makeTempDir } from '../../support/temp-dir.js';

/** A small grey test card: a ramp across, a black bar and a white gap, so every level and edge shows. */
async function testCard(width = 37, height = 23): Promise<Buffer> {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = y < 5 ? 0 : y < 8 ? 255 : Math.round((x * 255) / (width - 1));
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

async function pixelsOf(bytes: Buffer, page = 0): Promise<{ data: Buffer; channels: number }> {
  const [decoded] = decodePnm(bytes, defaultScanLimits).slice(page);
  const { data, info } = await decoded!.pixels().raw().toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

const failure = (fn: () => unknown): { reason: string; detail: string | null } | null => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnreadableScan) return { reason: error.reason, detail: error.detail };
    throw error;
  }
  return null;
};

let card: Buffer;
let cardGray: Buffer;
beforeAll(async () => {
  card = await testCard();
  cardGray = await sharp(card).extractChannel(0).raw().toBuffer();
});

describe('PNM as scanimage writes it', () => {
  it.each([
    ['pgm', false],
    ['pgm', true],
  ] as const)('reads a %s (plain: %s) back to the same grey levels', async (kind, plain) => {
    const { data, channels } = await pixelsOf(await writePnm(card, { kind, plain }));
    expect(channels).toBe(1);
    expect(data).toEqual(cardGray);
  });

  it.each([false, true])('reads a ppm (plain: %s) back to the same colours', async (plain) => {
    const { data, channels } = await pixelsOf(await writePnm(card, { kind: 'ppm', plain }));
    expect(channels).toBe(3);
    expect([...data.subarray(0, 3 * 37)].filter((_, i) => i % 3 === 0)).toEqual([...cardGray.subarray(0, 37)]);
    expect(data[3 * (20 * 37 + 36)]).toBe(255);
  });

  it.each([false, true])('reads a pbm (plain: %s): 1 is black, rows padded to whole bytes', async (plain) => {
    const { data } = await pixelsOf(await writePnm(card, { kind: 'pbm', plain }));
    expect(data.length).toBe(37 * 23);
    expect([...data].every((v, i) => v === (cardGray[i]! < 128 ? 0 : 255))).toBe(true);
  });

  it('scales 16-bit samples (scanimage --depth 16) and small maxvals to 8 bits', async () => {
    const { data } = await pixelsOf(await writePnm(card, { kind: 'pgm', depth: 16 }));
    expect(data).toEqual(cardGray);
    const fourBit = Buffer.concat([Buffer.from('P5\n3 1\n15\n'), Buffer.from([0, 8, 15])]);
    expect([...(await pixelsOf(fourBit)).data]).toEqual([0, 136, 255]);
  });

  it('skips comments wherever the header allows them', async () => {
    const bytes = Buffer.concat([Buffer.from('P5 # scanned by SANE\n#second comment\r\n 3#c\n 1\n# before maxval\n255\n'), Buffer.from([10, 20, 30])]);
    expect([...(await pixelsOf(bytes)).data]).toEqual([10, 20, 30]);
  });

  it('reads every image of a stream of pages, each a page, in order', async () => {
    const two = Buffer.concat([await writePnm(card, { kind: 'pgm' }), await writePnm(card, { kind: 'pbm' })]);
    const pages = decodePnm(two, defaultScanLimits);
    expect(pages.map((p) => [p.sourcePageNumber, p.colorMode])).toEqual([
      [1, 'gray'],
      [2, 'bilevel'],
    ]);
  });
});

describe('PNM checked before it is read', () => {
  it('sniffs P1-P6 by magic, and not text that merely starts with P', async () => {
    for (const magic of ['P1', 'P2', 'P3', 'P4', 'P5', 'P6']) expect(sniffFormat(Buffer.from(`${magic}\n# SANE data follows\n`))).toBe('pnm');
    expect(failure(() => sniffFormat(Buffer.from('P7\nWIDTH 3\n')))?.reason).toBe('unsupported-format');
    expect(failure(() => sniffFormat(Buffer.from('Patient seen in clinic today.\n')))?.reason).toBe('unsupported-format');
  });

  it.each([
    ['a raw raster cut short', async () => (await writePnm(card, { kind: 'pgm' })).subarray(0, 200), 'truncated', /has \d+ of its 851 raster bytes/],
    ['a 16-bit raster cut short', async () => (await writePnm(card, { kind: 'ppm', depth: 16 })).subarray(0, 3000), 'truncated', /raster bytes/],
    ['a bitmap cut short', async () => (await writePnm(card, { kind: 'pbm' })).subarray(0, 60), 'truncated', /raster bytes/],
    ['a plain image cut short', async () => (await writePnm(card, { kind: 'pgm', plain: true })).subarray(0, 300), 'truncated', /samples/],
    ['a header cut short', async () => Buffer.from('P6\n# SANE data follows\n2550 '), 'truncated', /header/],
    ['absurd dimensions', async () => Buffer.from('P5\n200000 200000\n255\n'), 'image-too-large', /200000 x 200000/],
    ['a maxval of 0', async () => Buffer.from('P5\n1 1\n0\n\0'), 'corrupt', /maxval/],
    ['a sample above its maxval', async () => Buffer.from('P2\n2 1\n15\n3 16\n'), 'corrupt', /above its maxval/],
    ['a size that is not a number', async () => Buffer.from('P5\nwide 1\n255\n\0'), 'corrupt', /width/],
    ['other data after the image', async () => Buffer.concat([await writePnm(card, { kind: 'pgm' }), Buffer.from('%PDF-1.4 trailing')]), 'corrupt', /after PNM image 1/],
  ])('quarantines %s with a reason', async (_what, make, reason, detail) => {
    const bytes = await make();
    const problem = failure(() => decodePnm(bytes, defaultScanLimits));
    expect(problem?.reason).toBe(reason);
    expect(problem?.detail).toMatch(detail);
  });
});

describe('resolution of a PNM page, which the file does not record', () => {
  it.each([
    [1275, 1650, 150, 'letter at 150 dpi'],
    [2550, 3300, 300, 'letter at 300 dpi'],
    [2480, 3508, 300, 'A4 at 300 dpi'],
    [1700, 2800, 200, 'legal at 200 dpi'],
    [638, 825, 75, 'letter at 75 dpi (a scanner default)'],
    [2552, 3508, 300, 'the whole 216 x 297 mm glass at 300 dpi'],
    [3300, 2550, 300, 'letter sideways'],
    [1700, 1100, 200, 'a feeder sheet 8.5 in wide, 5.5 in long'],
  ])('%s x %s px is %s dpi (%s)', (width, height, dpi) => {
    expect(inferScanDpi(width, height)).toBe(dpi);
  });

  it('guesses nothing for an image that is no whole sheet (a cropped label)', () => {
    expect(inferScanDpi(780, 330)).toBeNull();
  });

  it('marks the resolution as assumed either way', () => {
    const header = (w: number, h: number) => Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), Buffer.alloc(w * h, 255)]);
    expect(decodePnm(header(1275, 1650), defaultScanLimits).map((p) => [p.dpi, p.dpiAssumed])).toEqual([[150, true]]);
    expect(decodePnm(header(78, 33), defaultScanLimits).map((p) => [p.dpi, p.dpiAssumed])).toEqual([[defaultScanLimits.assumedDpi, true]]);
  });
});

describe('PNM through the decoder, like any scan', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: ContentStore;
  beforeAll(async () => {
    tmp = await makeTempDir('pnm');
    store = new ContentStore(tmp.path, StationKey.generate().fileKey());
  });
  afterAll(async () => tmp?.remove());

  it('stores a PBM letter page as a 1-bit G4 master at the resolution its size gives', async () => {
    const page = await renderPage({ seed: 31, dpi: 150, title: 'Clinic letter', lines: ['Seen today.'] });
    const outcome = await decodeScanToStore(await writePnm(page.png, { kind: 'pbm' }), store.location, defaultScanLimits);
    expect(outcome).toMatchObject({ ok: true, format: 'pnm' });
    if (!outcome.ok) return;
    expect(outcome.pages.map((p) => [p.width, p.height, p.dpi, p.dpiAssumed, p.colorMode, p.masterType])).toEqual([[1275, 1650, 150, true, 'bilevel', 'image/tiff']]);
    const master = await sharp(await store.read(outcome.pages[0]!.masterSha256)).metadata();
    expect([master.format, master.bitsPerSample, master.density]).toEqual(['tiff', 1, 150]);
  });

  it('reports a truncated PNM as truncated, not as pages with rows missing', async () => {
    const page = await renderPage({ seed: 32, dpi: 100, title: 'Clinic letter', lines: [] });
    const cut = (await writePnm(page.png, { kind: 'pgm' })).subarray(0, 500_000);
    expect(await decodeScanToStore(cut, store.location, defaultScanLimits)).toMatchObject({ ok: false, format: 'pnm', reason: 'truncated' });
  });
});
