import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ColorMode, SourceFormat } from '../../shared/domain/batch.js';
import type { QuarantineReason } from '../../shared/domain/intake.js';
import { absurdDimensionsPng, corruptTiff, emptyFile, encryptedPdf, textNamedPdf, truncated } from './broken-files.js';
import { renderBoxScenario, writeBoxScenario } from './box-scenario.js';
import type { ExifOrientation } from './exif-orientation.js';
import { fakePatient } from './fake-records.js';
import type { PageSpec, RenderedPage } from './page-render.js';
import { renderPage } from './page-render.js';
import { createRandom, deriveSeed } from './random.js';
import type { SampleFile, SampleManifest, SamplePage, ScenarioDocument } from './sample-manifest.js';
import { writeImagePdf, writeJpeg, writePng, writeTiff } from './scan-files.js';
import { SAMPLE_PATIENTS_FILE, writeSamplePatients } from './sample-patients.js';

export interface SampleSetOptions {
  seed?: number;
  /** Resolution of every page. The default (150) keeps the whole set to a few seconds. */
  dpi?: number;
}

/**
 * Writes the demo set into `outDir` (created if missing) with manifest.json, and returns the
 * manifest. The same seed and dpi always give the same bytes.
 */
export async function generateSampleSet(outDir: string, options: SampleSetOptions = {}): Promise<SampleManifest> {
  const seed = options.seed ?? 1;
  const dpi = options.dpi ?? 150;
  await mkdir(outDir, { recursive: true });
  const files: SampleFile[] = [];
  const store = async (name: string, bytes: Buffer): Promise<{ sizeBytes: number; sha256: string }> => {
    await writeFile(path.join(outDir, name), bytes);
    return { sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const render = (file: string, specs: Array<Omit<PageSpec, 'seed' | 'dpi'>>): Promise<RenderedPage[]> =>
    Promise.all(specs.map((spec, i) => renderPage({ ...spec, seed: deriveSeed(seed, `${file}/${i + 1}`), dpi })));
  const addScan = async (name: string, format: SourceFormat, colorMode: ColorMode, description: string, bytes: Buffer, pages: SamplePage[], documents?: ScenarioDocument[]): Promise<void> => {
    files.push({
      kind: 'scan',
      name,
      format,
      colorMode,
      description,
      ...(await store(name, bytes)),
      pageCount: pages.length,
      pages,
      ...(documents ? { documents } : {}),
    });
  };
  /** A scan drawn from `specs`, encoded by `encode`, and listed with what each page shows (`pageFacts` adds what the encoding changes); returns the file's bytes. */
  const addRenderedScan = async (
    name: string,
    format: SourceFormat,
    colorMode: ColorMode,
    description: string,
    specs: Array<Omit<PageSpec, 'seed' | 'dpi'>>,
    encode: (images: Buffer[]) => Promise<Buffer>,
    pageFacts: (page: SamplePage) => SamplePage = (page) => page,
  ): Promise<Buffer> => {
    const pages = await render(name, specs);
    const bytes = await encode(pngs(pages));
    await addScan(name, format, colorMode, description, bytes, describe(pages, specs).map(pageFacts));
    return bytes;
  };
  const addBroken = async (name: string, expectedProblem: QuarantineReason, description: string, bytes: Buffer, truncatedFrom?: string): Promise<void> => {
    files.push({ kind: 'broken', name, description, ...(await store(name, bytes)), expectedProblem, ...(truncatedFrom ? { truncatedFrom } : {}) });
  };

  // One patient's chart for most files, a second patient's for the rest, as in a real batch.
  const patientA = fakePatient(createRandom(deriveSeed(seed, 'patient-a')));
  const patientB = fakePatient(createRandom(deriveSeed(seed, 'patient-b')));

  const letterTiff = await addRenderedScan(
    'letter-g4.tif',
    'tiff',
    'bilevel',
    'Three-page Group 4 letter: header page, a skewed dusty page, and a page fed sideways (landscape)',
    [{ patient: patientA }, { skewDegrees: 1.5, noise: 0.05 }, { rotate: 90 }],
    (images) => writeTiff(images, { compression: 'g4', dpi }),
  );

  await addRenderedScan(
    'progress-notes-lzw.tif',
    'tiff',
    'gray',
    'Two-page 8-bit grayscale LZW TIFF; the second page is the blank back of a sheet',
    [{ patient: patientB }, { blank: true }],
    (images) => writeTiff(images, { compression: 'lzw', dpi }),
  );

  const referralPdf = await addRenderedScan(
    'referral-scan.pdf',
    'pdf',
    'gray',
    'Two-page image-only PDF (JPEG images, as "scan to PDF" writes); the second page is upside down',
    [
      { patient: patientB, title: 'Referral Letter' },
      { rotate: 180, noise: 0.02 },
    ],
    (images) => writeImagePdf(images, { dpi, encoding: 'jpeg' }),
    (page) => ({ ...page, points: { width: (page.width / dpi) * 72, height: (page.height / dpi) * 72 } }),
  );

  const photoOrientation: ExifOrientation = 6;
  await addRenderedScan(
    'phone-photo.jpg',
    'jpeg',
    'gray',
    'A JPEG stored turned 90 degrees anticlockwise with EXIF Orientation 6: upright only if the tag is honoured',
    [{ patient: patientA, title: 'Medication Chart' }],
    ([image]) => writeJpeg(image!, { dpi, exifOrientation: photoOrientation }),
    (page) => ({ ...page, exifOrientation: photoOrientation, storedWidth: page.height, storedHeight: page.width }),
  );

  await addRenderedScan('consent-form.png', 'png', 'gray', 'A single grayscale PNG page', [{ patient: patientA, title: 'Consent Form' }], ([image]) => writePng(image!, { dpi }));

  await addRenderedScan(
    'labelled-page.tif',
    'tiff',
    'bilevel',
    "A Group 4 page with a ward's patient label: name, MRN and DOB, and a Code128 of the MRN",
    [{ label: patientA, patient: patientA }],
    (images) => writeTiff(images, { compression: 'g4', dpi }),
  );

  // A box of paper records back-scanned: cover sheets, a separator, blank backs, pages fed
  // sideways and upside down. The same pages as a G4 TIFF and as a 1-bit image-only PDF.
  const box = await renderBoxScenario({ seed: deriveSeed(seed, 'box-17'), dpi, preset: 'small' });
  const boxTiff = await writeBoxScenario(box, 'tiff');
  const boxDescription = 'A back-scanned box: cover sheet, document, blank back, upside-down page, separator, labelled document, sideways page, upside-down cover sheet, document, blank back';
  await addScan('box-17.tif', 'tiff', 'bilevel', `${boxDescription} (Group 4 TIFF)`, boxTiff.bytes, boxTiff.pages, box.documents);
  const boxPdf = await writeBoxScenario(box, 'pdf');
  await addScan('box-17.pdf', 'pdf', 'bilevel', `${boxDescription} (image-only PDF, 1-bit images)`, boxPdf.bytes, boxPdf.pages, box.documents);

  await addBroken('empty.pdf', 'empty-file', 'Zero bytes: the scanner failed before writing', emptyFile());
  await addBroken('truncated.tif', 'truncated', 'letter-g4.tif cut at half its length', truncated(letterTiff, 0.5), 'letter-g4.tif');
  await addBroken('truncated.pdf', 'truncated', 'referral-scan.pdf cut at 60% (no xref, no %%EOF)', truncated(referralPdf, 0.6), 'referral-scan.pdf');
  await addBroken('corrupt.tif', 'corrupt', 'Valid TIFF header; strip tables disagree and the image data is noise', corruptTiff(seed));
  await addBroken('notes.pdf', 'unsupported-format', 'Plain text saved with a .pdf name', textNamedPdf(seed));
  await addBroken('encrypted.pdf', 'encrypted-pdf', 'RC4-128 Standard security handler with a user password ("chartdesk")', encryptedPdf());
  await addBroken('huge.png', 'image-too-large', 'PNG header claims 200000 x 200000 pixels; tiny image data', absurdDimensionsPng());

  const manifest: SampleManifest = { generator: 'chartdesk-samples', version: 1, seed, dpi, files };
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // The patient index its scans need, to import before dropping them (see docs/station-day.md).
  await writeSamplePatients(outDir, manifest);
  return manifest;
}

function pngs(pages: RenderedPage[]): Buffer[] {
  return pages.map((page) => page.png);
}

function describe(pages: RenderedPage[], specs: Array<Omit<PageSpec, 'seed' | 'dpi'>>): SamplePage[] {
  return pages.map((page, i) => {
    const spec = specs[i] ?? {};
    return {
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      rotate: spec.rotate ?? 0,
      skewDegrees: spec.skewDegrees ?? 0,
      blank: spec.blank ?? false,
      lines: page.lines,
      labelLines: page.labelLines,
      barcodes: page.barcodes,
      patient: page.patient,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
      dpi: { type: 'string', default: '150' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const usage = 'usage: npm run samples -- --out DIR [--seed N] [--dpi D]';
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.out) throw new Error(`--out is required\n${usage}`);
  const seed = Number(values.seed);
  const dpi = Number(values.dpi);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  if (!(dpi >= 50 && dpi <= 600)) throw new Error('--dpi must be between 50 and 600');
  const started = performance.now();
  const manifest = await generateSampleSet(path.resolve(values.out), { seed, dpi });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${manifest.files.length} sample files, manifest.json and ${SAMPLE_PATIENTS_FILE} to ${values.out} in ${seconds} s`);
  console.log(`import the patients first: npx chartdesk patients import ${path.join(values.out, SAMPLE_PATIENTS_FILE)}`);
}

// Run only as a script, so tests can import generateSampleSet without side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
