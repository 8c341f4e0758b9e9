import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDocumentType } from '../../../shared/domain/document-types.js';
import { parseCoverSheetPayload } from '../../../electron/engine/separation/cover-sheet-payload.js';
import { mrnFromBarcode } from '../../../shared/domain/separation-rules.js';
import { SEPARATOR_VALUE, generateBoxScenario, renderBoxScenario, writeBoxScenario } from '../../../scripts/samples/index.js';
import type { BoxScenario, RenderedBoxScenario, ScenarioDocument, ScenarioPage } from '../../../scripts/samples/index.js';
import { readCodes } from './zxing-reader.js';

// 100 dpi keeps the ten pages to well under a second; the layout is the same at 300.
const DPI = 100;
const SEED = 17;

let rendered: RenderedBoxScenario;
let tiff: BoxScenario;
let pdf: BoxScenario;
beforeAll(async () => {
  rendered = await renderBoxScenario({ seed: SEED, dpi: DPI });
  [tiff, pdf] = await Promise.all([generateBoxScenario({ seed: SEED, dpi: DPI, format: 'tiff' }), generateBoxScenario({ seed: SEED, dpi: DPI, format: 'pdf' })]);
});

function checkGroundTruth(pages: ScenarioPage[], documents: ScenarioDocument[]): void {
  expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i + 1));
  const content = pages.filter((p) => p.role === 'content').map((p) => p.page);
  const inDocuments = documents.flatMap((d) => d.pages);
  // The documents partition exactly the content pages, in order, each page once.
  expect(inDocuments).toEqual(content);
  expect(new Set(inDocuments).size).toBe(inDocuments.length);
  for (const d of documents) {
    expect(d.pages.length).toBeGreaterThan(0);
    expect(d.pages).toEqual([...d.pages].sort((a, b) => a - b));
  }
  for (const page of pages) {
    expect(page.rotation).toBe((360 - page.rotate) % 360);
    expect(page.blank).toBe(page.role === 'blank');
    if (page.role === 'blank') expect(page.lines).toEqual([]);
    if (page.role === 'separator') expect(page.barcodes.map((b) => [b.format, b.text])).toEqual([['code128', SEPARATOR_VALUE]]);
    if (page.role === 'cover') expect(page.barcodes.map((b) => b.format)).toEqual(['datamatrix']);
  }
  // Each document's index values follow the rules from what starts it.
  for (const d of documents) {
    const before = pages.slice(0, (d.pages[0] ?? 1) - 1).reverse();
    const opener = before.find((p) => p.role === 'cover' || p.role === 'separator' || p.role === 'content');
    const labels = d.pages.flatMap((n) => pages[n - 1]!.barcodes.filter((b) => b.source === 'label').map((b) => mrnFromBarcode(b.text)));
    if (d.startedBy === 'cover') {
      const cover = pages.filter((p) => p.page < d.pages[0]! && p.role === 'cover').at(-1)!;
      expect(opener?.role).toBe('cover');
      const payload = parseCoverSheetPayload(cover.barcodes[0]!.text)!;
      expect(d.patient).toEqual({ mrn: payload.mrn });
      expect(d.docType).toEqual({ code: payload.docType, display: findDocumentType(payload.docType!)?.display });
      expect(d.dateOfService).toBe(payload.dateOfService);
      expect(d.encounter).toBe(payload.encounter);
    } else {
      expect(opener === undefined || opener.role === 'separator').toBe(true);
      expect(d.startedBy).toBe(opener === undefined ? 'file-start' : 'separator');
      expect(d.patient).toEqual(labels[0] ? { mrn: labels[0] } : null);
      expect([d.docType, d.dateOfService, d.encounter]).toEqual([null, null, null]);
    }
  }
}

describe('box scenario', () => {
  it('models a box with every kind of sheet, and ground truth that follows the separation rules', () => {
    const { pages, documents } = tiff;
    expect(pages).toHaveLength(10);
    expect(pages.map((p) => p.role)).toEqual(['cover', 'content', 'blank', 'content', 'separator', 'content', 'content', 'cover', 'content', 'blank']);
    expect(pages.map((p) => p.rotate)).toEqual([0, 0, 0, 180, 0, 0, 90, 180, 270, 0]);
    expect(pages.map((p) => p.rotation)).toEqual([0, 0, 0, 180, 0, 0, 270, 180, 90, 0]);
    expect(documents.map((d) => d.pages)).toEqual([[2, 4], [6, 7], [9]]);
    expect(documents.map((d) => d.startedBy)).toEqual(['cover', 'separator', 'cover']);
    // The separator's document gets its patient from the label on page 6, and nothing else.
    expect(documents[1]!.patient).toEqual({ mrn: pages[5]!.barcodes.find((b) => b.source === 'label')!.text });
    expect(documents[0]!.docType).toEqual({ code: '18842-5', display: 'Discharge summary' });
    expect(documents[0]!.dateOfService).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    checkGroundTruth(pages, documents);
    expect(pdf.documents).toEqual(documents);
  });

  it('keeps the benchmark preset consistent too: 20 pages, a document before any sheet', async () => {
    const bench = await renderBoxScenario({ seed: SEED, dpi: 50, preset: 'benchmark' });
    expect(bench.pages).toHaveLength(20);
    expect(bench.documents[0]).toMatchObject({ startedBy: 'file-start', pages: [1, 2], docType: null });
    expect(bench.documents[0]!.patient).not.toBeNull();
    checkGroundTruth(bench.pages, bench.documents);
  });

  it('writes the same bytes for the same seed, other bytes for another', async () => {
    const [again, other] = await Promise.all([generateBoxScenario({ seed: SEED, dpi: DPI, format: 'tiff' }), generateBoxScenario({ seed: SEED + 1, dpi: DPI, format: 'tiff' })]);
    expect(again.bytes.equals(tiff.bytes)).toBe(true);
    expect(other.bytes.equals(tiff.bytes)).toBe(false);
    expect((await writeBoxScenario(rendered, 'pdf')).bytes.equals(pdf.bytes)).toBe(true);
  });

  it('writes a bilevel Group 4 TIFF with one page per sheet, each at its fed size', async () => {
    expect((await sharp(tiff.bytes).metadata()).pages).toBe(10);
    for (const page of tiff.pages) {
      const meta = await sharp(tiff.bytes, { page: page.page - 1 }).metadata();
      expect(meta).toMatchObject({ width: page.width, height: page.height, density: DPI, bitsPerSample: 1 });
    }
    expect(tiff.pages[6]).toMatchObject({ width: 1100, height: 850 });
  });

  it('writes an image-only PDF with one page per sheet, sized as the paper', async () => {
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getPageCount()).toBe(10);
    doc.getPages().forEach((page, i) => expect(page.getSize()).toEqual(pdf.pages[i]!.points));
    expect(pdf.pages[0]!.points).toEqual({ width: 612, height: 792 });
    // Image only: no text layer.
    expect(pdf.bytes.toString('latin1')).not.toMatch(/\/Type\s*\/Font\b/);
  });

  it('has readable codes where the ground truth says, on the pages as stored in the TIFF', async () => {
    for (const page of tiff.pages) {
      const codes = await readCodes(sharp(tiff.bytes, { page: page.page - 1 }).toColourspace('b-w'));
      expect(codes.map((c) => c.text).sort(), `page ${page.page}`).toEqual(page.barcodes.map((b) => b.text).sort());
    }
  });
});
