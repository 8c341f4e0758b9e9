import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderPage, writeImagePdf, writeTiff } from '../samples/index.js';
import type { FakePatient } from '../samples/index.js';

export const BENCH_DPI = 300;

/** One page set in the two encodings the bench feeds every tool. */
export interface PageSet {
  pages: number;
  /** Multi-page 300-dpi bilevel CCITT G4 TIFF, as production scanners write text. */
  tiff: string;
  /** The same pages as one-page G4 TIFFs (native tesseract reads a list of them). */
  tiffPages: string[];
  /** Grey JPEG (quality 80) per page in an image-only PDF, as "scan to PDF" writes. */
  jpegPdf: string;
  /** The same JPEGs as files (native tesseract does not read PDF). */
  jpegPages: string[];
}

/**
 * Office pages as a scanner sees a box: letters with a patient label, some fed upside down,
 * some blank backs. `distinct` pages are rendered; longer sets repeat them (rendering 500 pages
 * would cost more than the bench), which changes nothing for a pipeline that reads each page.
 */
export async function renderPageImages(distinct: number, labelled: FakePatient[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < distinct; i++) {
    const page = await renderPage({
      seed: 1000 + i,
      dpi: BENCH_DPI,
      ...(i % 5 === 0 ? { label: labelled[i % labelled.length] ?? true } : {}),
      ...(i % 7 === 3 ? { rotate: 180 as const } : {}),
      ...(i % 9 === 5 ? { blank: true } : {}),
    });
    out.push(page.png);
  }
  return out;
}

export async function writePageSet(dir: string, images: readonly Buffer[], pages: number): Promise<PageSet> {
  await mkdir(dir, { recursive: true });
  const chosen = Array.from({ length: pages }, (_, i) => images[i % images.length]!);
  const tiffOne = await Promise.all(images.map((png) => writeTiff([png], { compression: 'g4', dpi: BENCH_DPI })));
  const jpegOne = await Promise.all(images.map((png) => sharp(png).toColourspace('b-w').withDensity(BENCH_DPI).jpeg({ quality: 80 }).toBuffer()));
  const tiffPages: string[] = [];
  const jpegPages: string[] = [];
  for (let i = 0; i < pages; i++) {
    const tiffPath = join(dir, `page-${i}.tif`);
    const jpegPath = join(dir, `page-${i}.jpg`);
    await writeFile(tiffPath, tiffOne[i % images.length]!);
    await writeFile(jpegPath, jpegOne[i % images.length]!);
    tiffPages.push(tiffPath);
    jpegPages.push(jpegPath);
  }
  const tiff = join(dir, `batch-${pages}.tif`);
  const jpegPdf = join(dir, `batch-${pages}.pdf`);
  await writeFile(tiff, await writeTiff(chosen, { compression: 'g4', dpi: BENCH_DPI }));
  await writeFile(jpegPdf, await writeImagePdf(chosen, { dpi: BENCH_DPI, encoding: 'jpeg', jpegQuality: 80 }));
  return { pages, tiff, tiffPages, jpegPdf, jpegPages };
}
