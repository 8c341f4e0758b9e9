import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPageBarcodes } from '../../../electron/engine/recognition/barcode-pass.js';
import { normaliseFormat, readBarcodesFromGray } from '../../../electron/engine/recognition/barcode-reader.js';
import { measurePage } from '../../../electron/engine/recognition/page-metrics.js';
import { type BarcodeFormat, renderPage } from '../../../scripts/samples/index.js';
import { corpusDir, grayOf, overlapRatio } from './recognition-fixtures.js';
import { describeWith } from '../../support/prerequisites.js';

const barcodes = path.join(corpusDir, 'barcodes');

async function imagesIn(folder: string): Promise<string[]> {
  return (await readdir(path.join(barcodes, folder))).filter((f) => f.endsWith('.png')).sort();
}

describeWith(['corpus'], "zxing's black-box images", () => {
  it.each([
    ['code128-1', 'Code128'],
    ['code39-1', 'Code39'],
    ['qrcode-1', 'QRCode'],
    ['datamatrix-2', 'DataMatrix'],
  ])('every image in %s decodes to its exact expected text', async (folder, format) => {
    const files = await imagesIn(folder);
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const expected = await readFile(path.join(barcodes, folder, file.replace(/\.png$/, '.txt')), 'utf8');
      const found = await readBarcodesFromGray(await grayOf(path.join(barcodes, folder, file)));
      expect({ file, found: found.map((b) => [b.format, b.text]) }).toEqual({ file, found: expect.arrayContaining([[format, expected]]) });
    }
  });

  it('reads Code 128 extended characters (FNC4) in code128-1/6.png', async () => {
    const found = await readBarcodesFromGray(await grayOf(path.join(barcodes, 'code128-1', '6.png')));
    expect(found.map((b) => b.text)).toEqual(['óóóó1234óóabózz']);
  });

  it('reports nothing on the photos without a barcode (falsepositives-2)', async () => {
    const files = await imagesIn('falsepositives-2');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const found = await readBarcodesFromGray(await grayOf(path.join(barcodes, 'falsepositives-2', file)));
      expect({ file, found }).toEqual({ file, found: [] });
    }
  });

  // The fast path reads a page stored below 300 dpi again, upscaled: that must not invent codes
  // nor lose any. The photos have no resolution; taken as 100 dpi they are upscaled threefold.
  it('the page barcode pass, upscaling them as 100-dpi pages, still decodes every image and invents nothing', async () => {
    const pass = async (file: string) => {
      const gray = await grayOf(file);
      return readPageBarcodes(gray, 100, measurePage(gray, 100).markBox);
    };
    for (const [folder, format] of [
      ['code128-1', 'Code128'],
      ['code39-1', 'Code39'],
      ['qrcode-1', 'QRCode'],
      ['datamatrix-2', 'DataMatrix'],
    ] as const) {
      for (const file of await imagesIn(folder)) {
        const expected = await readFile(path.join(barcodes, folder, file.replace(/\.png$/, '.txt')), 'utf8');
        const found = await pass(path.join(barcodes, folder, file));
        expect({ file, found: found.map((b) => [b.format, b.text]) }).toEqual({ file, found: expect.arrayContaining([[format, expected]]) });
      }
    }
    for (const file of await imagesIn('falsepositives-2')) expect({ file, found: await pass(path.join(barcodes, 'falsepositives-2', file)) }).toEqual({ file, found: [] });
  }, 300_000);
});

describe('barcodes on generated scans', () => {
  const formats: Array<[BarcodeFormat, string, string, number]> = [
    ['code128', 'MRN-00418822', 'Code128', 200],
    ['code39', 'CHART-42', 'Code39', 200],
    ['qrcode', 'chartdesk:cover;mrn=00418822;type=consent', 'QRCode', 200],
    ['datamatrix', 'MRN00418822', 'DataMatrix', 300],
    ['pdf417', 'Cover sheet 00418822 / consent', 'PDF417', 300],
  ];

  it.each(formats)('reads a %s back with its text and box', async (format, text, expectedFormat, dpi) => {
    const page = await renderPage({ seed: 201, dpi, barcodes: [{ format, text }] });
    const found = await readBarcodesFromGray(await grayOf(page.png));
    const hit = found.find((b) => b.text === text);
    expect(hit?.format).toBe(expectedFormat);
    expect(overlapRatio(hit!.box, page.barcodes[0]!.box)).toBeGreaterThan(0.7);
  });

  it('reads the patient label and several codes on one sideways 300-dpi page', async () => {
    const page = await renderPage({
      seed: 202,
      dpi: 300,
      rotate: 90,
      label: true,
      barcodes: [
        { format: 'code39', text: 'ABC-123' },
        { format: 'qrcode', text: 'hello' },
      ],
    });
    const found = await readBarcodesFromGray(await grayOf(page.png));
    expect(found.map((b) => b.text).sort()).toEqual(page.barcodes.map((b) => b.text).sort());
  });

  it('normalises zxing variant names to the families the engine knows', () => {
    expect(normaliseFormat('Code39Ext')).toBe('Code39');
    expect(normaliseFormat('EAN13')).toBe('EAN-13');
    expect(normaliseFormat('EAN-8')).toBe('EAN-8');
    expect(normaliseFormat('UPCA')).toBe('UPC-A');
    expect(normaliseFormat('UPC-E')).toBe('UPC-E');
    expect(normaliseFormat('QRCodeModel2')).toBe('QRCode');
    expect(normaliseFormat('MicroQRCode')).toBe('QRCode');
    expect(normaliseFormat('Data Matrix')).toBe('DataMatrix');
    expect(normaliseFormat('CompactPDF417')).toBe('PDF417');
    expect(normaliseFormat('AztecCode')).toBe('Aztec');
    expect(normaliseFormat('ITF14')).toBe('ITF');
    expect(normaliseFormat('Codabar')).toBe('Codabar');
    expect(normaliseFormat('Code93')).toBe('Code93');
  });
});
