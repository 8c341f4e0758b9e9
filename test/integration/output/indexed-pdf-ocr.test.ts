import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderIndexedPdf } from '../../../electron/engine/output/indexed-pdf.js';
import { OcrEngine, type OcrOutcome } from '../../../electron/engine/recognition/ocr-engine.js';
import { renderPage } from '../../../scripts/samples/index.js';
import { describeWith } from '../../support/prerequisites.js';
import { tempDirForFile } from '../../support/per-file-fixtures.js';
import { g4Tiff, openPdfJs, pdftotextWords, sampleMetadata } from './indexed-pdf-fixtures.js';

const DPI = 150;
const LINES = ['Blood pressure was stable overnight', 'Review in the clinic in six weeks', 'Continue the current medication'];

/**
 * The real recogniser on one small page, stored sideways as G4: its word boxes (upright
 * pixels) must land over the same words in the PDF, and the words must come out of it.
 */
describeWith(['poppler'], 'indexed PDF with real OCR words', () => {
  const ocr = new OcrEngine();
  const dir = tempDirForFile('indexed-pdf-ocr');
  let outcome: OcrOutcome;
  let pdf: Uint8Array;
  let file: string;

  beforeAll(async () => {
    const spec = { seed: 7, dpi: DPI, title: 'Clinic Letter', lines: LINES };
    const upright = await renderPage(spec);
    outcome = await ocr.recognize({ bytes: upright.png, dpi: DPI });
    const sideways = await renderPage({ ...spec, rotate: 90 });
    pdf = await renderIndexedPdf([{ image: { bytes: await g4Tiff(sideways.png, DPI), type: 'image/tiff' }, dpi: DPI, rotation: 270, skewDegrees: 0, words: outcome.words }], sampleMetadata());
    file = join(dir.path, 'ocr.pdf');
    await writeFile(file, pdf);
  }, 120_000);
  afterAll(async () => {
    await ocr.terminate();
  });

  it('lets pdftotext find the recognised words, in reading order', () => {
    const expected = ['Clinic', 'Letter', ...LINES.flatMap((line) => line.split(' '))];
    const found = pdftotextWords(file, 1).map((w) => w.text);
    const hits = expected.filter((word) => found.includes(word));
    expect(hits.length / expected.length).toBeGreaterThan(0.85);
    // Reading order: each line's words come in the order they were printed.
    const positions = ['Blood', 'stable', 'Review', 'weeks', 'Continue', 'medication'].map((w) => found.indexOf(w)).filter((i) => i >= 0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('puts each word over its OCR box on the upright page', async () => {
    const k = 72 / DPI;
    const bbox = pdftotextWords(file, 1);
    const words = outcome.words.filter((w) => w.text.trim());
    expect(bbox.length).toBe(words.length);
    bbox.forEach((found, i) => {
      const box = (words[i] as OcrOutcome['words'][number]).box;
      expect(Math.abs(found.xMin - box.x * k)).toBeLessThan(1);
      expect(Math.abs(found.xMax - (box.x + box.width) * k)).toBeLessThan(1);
      // Vertically the word spans its line, which contains its own box.
      expect(found.yMin).toBeLessThanOrEqual(box.y * k + 1);
      expect(found.yMax).toBeGreaterThanOrEqual((box.y + box.height) * k - 1);
    });

    const doc = await openPdfJs(pdf);
    try {
      const page = await doc.getPage(1);
      const [, , width, height] = page.view as [number, number, number, number];
      expect(height).toBeGreaterThan(width);
      const items = (await page.getTextContent()).items.filter((item) => 'str' in item && item.str.trim()) as Array<{ str: string; transform: number[] }>;
      const first = items[0] as { str: string; transform: number[] };
      const word = words[0] as OcrOutcome['words'][number];
      expect(first.str.startsWith(word.text)).toBe(true);
      expect(Math.abs((first.transform[4] as number) - word.box.x * k)).toBeLessThan(1);
      const baseline = first.transform[5] as number;
      expect(baseline).toBeGreaterThan(height - (word.box.y + word.box.height) * k - 1);
      expect(baseline).toBeLessThan(height - word.box.y * k);
    } finally {
      await doc.destroy();
    }
  });
});
