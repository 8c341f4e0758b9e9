import { deflateSync } from 'node:zlib';
import { PDFDocument, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import sharp from 'sharp';
import type { DateOrder } from '../../shared/domain/date-order.js';
import { findDocumentType } from '../../shared/domain/document-types.js';
import { coverSheetSpec, separatorSheetSpec } from './capture-sheets.js';
import type { FakePatient } from './fake-records.js';
import { fakePatient, formatPatientName } from './fake-records.js';
import type { PageSpec, QuarterTurn, RenderedPage } from './page-render.js';
import { renderPage } from './page-render.js';
import type { Random } from './random.js';
import { createRandom, deriveSeed } from './random.js';
import type { PageRole, ScenarioDocument, ScenarioPage } from './sample-manifest.js';
import { writeTiff } from './scan-files.js';

/**
 * A box of paper records back-scanned in one go: cover sheets and separator sheets between
 * the documents, blank backs of single-sided sheets (duplex scanning), pages fed sideways or
 * upside down, patient labels. Ground truth says, per page, what it is and which way up, and
 * how the pages divide into documents with which index values.
 *
 * Rotation convention: renderPage's `rotate` is how the sheet was fed (the stored image is the
 * upright page turned clockwise by that much; sharp's rotate is clockwise). Each page's
 * `rotation` is the clockwise turn that makes it upright again: (360 - rotate) % 360, so a
 * sheet fed with rotate 90 (its top now on the right) needs rotation 270.
 */

export type BoxPreset = 'small' | 'benchmark';
export type BoxFormat = 'tiff' | 'pdf';

export interface BoxScenarioOptions {
  seed: number;
  /** Default 150 for 'small', 300 for 'benchmark'. */
  dpi?: number;
  format: BoxFormat;
  /** 'small': 10 pages, for tests. 'benchmark': 20 pages. Default 'small'. */
  preset?: BoxPreset;
  /** How the pages print dates (see PageSpec.dateOrder): the same box, printed in the US or in Europe. Default year first. */
  dateOrder?: DateOrder;
}

export interface BoxScenario {
  /** A Group 4 TIFF, or an image-only PDF of 1-bit images. */
  bytes: Buffer;
  format: BoxFormat;
  dpi: number;
  pages: ScenarioPage[];
  documents: ScenarioDocument[];
}

export interface RenderedBoxScenario {
  dpi: number;
  rendered: RenderedPage[];
  /** Without `points`: those depend on the file format (see writeBoxScenario). */
  pages: ScenarioPage[];
  documents: ScenarioDocument[];
}

export async function generateBoxScenario(options: BoxScenarioOptions): Promise<BoxScenario> {
  const scenario = await renderBoxScenario(options);
  return { ...(await writeBoxScenario(scenario, options.format)), format: options.format, dpi: scenario.dpi, documents: scenario.documents };
}

/** Writes rendered box pages as a file; the same rendering serves the TIFF and the PDF. */
export async function writeBoxScenario(scenario: RenderedBoxScenario, format: BoxFormat): Promise<{ bytes: Buffer; pages: ScenarioPage[] }> {
  const pngs = scenario.rendered.map((page) => page.png);
  if (format === 'tiff') return { bytes: await writeTiff(pngs, { compression: 'g4', dpi: scenario.dpi }), pages: scenario.pages };
  return {
    bytes: await writeBilevelPdf(pngs, scenario.dpi),
    pages: scenario.pages.map((page) => ({ ...page, points: { width: (page.width / scenario.dpi) * 72, height: (page.height / scenario.dpi) * 72 } })),
  };
}

type Feed = { rotate?: QuarterTurn; skewDegrees?: number; noise?: number };

interface CoverPlan {
  patient: FakePatient;
  docTypeCode: string;
  dateOfService: string | null;
  encounter: string | null;
  /** The name is printed on the sheet; without it the sheet has a blank line. */
  printName: boolean;
}

/** Builds the sheet list and, alongside, the documents that the rules make of it. */
class BoxBuilder {
  readonly sheets: Array<{ role: PageRole; spec: Omit<PageSpec, 'seed' | 'dpi'> }> = [];
  readonly documents: ScenarioDocument[] = [];
  private current: ScenarioDocument | null = null;

  cover(plan: CoverPlan, feed: Feed = {}): void {
    const { payload: _payload, ...spec } = coverSheetSpec({
      mrn: plan.patient.mrn,
      docTypeCode: plan.docTypeCode,
      dateOfService: plan.dateOfService,
      encounter: plan.encounter,
      patientName: plan.printName ? formatPatientName(plan.patient) : null,
    });
    this.sheets.push({ role: 'cover', spec: { ...spec, ...feed } });
    const docType = findDocumentType(plan.docTypeCode);
    if (!docType) throw new Error(`unknown document type ${plan.docTypeCode}`);
    this.start({
      startedBy: 'cover',
      patient: { mrn: plan.patient.mrn },
      docType: { code: docType.code, display: docType.display },
      dateOfService: plan.dateOfService,
      encounter: plan.encounter,
    });
  }

  separator(feed: Feed = {}): void {
    this.sheets.push({ role: 'separator', spec: { ...separatorSheetSpec(), ...feed } });
    this.start({ startedBy: 'separator', patient: null, docType: null, dateOfService: null, encounter: null });
  }

  blank(): void {
    this.sheets.push({ role: 'blank', spec: { blank: true } });
  }

  /** A page of the current document; `label` sticks that patient's label on it. */
  content(spec: Omit<PageSpec, 'seed' | 'dpi' | 'label'>, options: { label?: FakePatient } & Feed = {}): void {
    const { label, ...feed } = options;
    this.sheets.push({ role: 'content', spec: { ...spec, ...(label ? { label } : {}), ...feed } });
    const document = (this.current ??= this.start({ startedBy: 'file-start', patient: null, docType: null, dateOfService: null, encounter: null }));
    document.pages.push(this.sheets.length);
    // A cover sheet's MRN wins; a label only gives the patient of a document without one.
    if (label && document.patient === null) document.patient = { mrn: label.mrn };
  }

  private start(values: Omit<ScenarioDocument, 'pages'>): ScenarioDocument {
    this.current = { pages: [], ...values };
    this.documents.push(this.current);
    return this.current;
  }
}

function isoDate(random: Random): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${random.int(2019, 2025)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

function encounterNumber(random: Random): string {
  return `E${random.digits(8, true)}`;
}

function planBox(seed: number, preset: BoxPreset): BoxBuilder {
  const random = createRandom(deriveSeed(seed, `box/${preset}`));
  const patient = (label: string) => fakePatient(random.fork(`patient-${label}`));
  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(patient) as [FakePatient, FakePatient, FakePatient, FakePatient, FakePatient];
  const box = new BoxBuilder();

  if (preset === 'benchmark') {
    // Loose pages at the front of the box, before any sheet: one document from the file start,
    // its patient known only from the label.
    box.content({ title: 'Referral Letter' }, { label: d });
    box.content({}, { skewDegrees: -1.2, noise: 0.03 });
  }

  box.cover({ patient: a, docTypeCode: '18842-5', dateOfService: isoDate(random.fork('dos-a')), encounter: encounterNumber(random.fork('enc-a')), printName: true });
  box.content({ patient: a, title: 'Discharge Summary' });
  box.blank();
  box.content({}, { rotate: 180, noise: 0.02 });
  box.separator();
  box.content({ patient: b, title: 'Progress Note' }, { label: b });
  box.content({}, { rotate: 90 });
  box.cover({ patient: c, docTypeCode: '11502-2', dateOfService: isoDate(random.fork('dos-c')), encounter: null, printName: true }, { rotate: 180 });
  box.content({ patient: c, title: 'Laboratory Report' }, { rotate: 270, skewDegrees: 0.8 });
  box.blank();

  if (preset === 'benchmark') {
    box.separator({ rotate: 90 });
    box.content({ title: 'Clinic Letter' });
    box.content({}, { noise: 0.05 });
    box.blank();
    box.cover({ patient: e, docTypeCode: '59284-0', dateOfService: null, encounter: null, printName: false }, { skewDegrees: 1.5 });
    box.content({ patient: e, title: 'Consent Form' });
    box.blank();
    box.content({}, { rotate: 90 });
  }
  return box;
}

/** Renders the pages of a box scenario and its ground truth (no file written yet). */
export async function renderBoxScenario(options: { seed: number; dpi?: number; preset?: BoxPreset; dateOrder?: DateOrder }): Promise<RenderedBoxScenario> {
  const preset = options.preset ?? 'small';
  const dpi = options.dpi ?? (preset === 'benchmark' ? 300 : 150);
  const box = planBox(options.seed, preset);
  const rendered = await Promise.all(
    box.sheets.map((sheet, i) => renderPage({ ...sheet.spec, seed: deriveSeed(options.seed, `box/${preset}/${i + 1}`), dpi, ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}) })),
  );
  const pages: ScenarioPage[] = rendered.map((page, i) => {
    const sheet = box.sheets[i]!;
    const rotate = sheet.spec.rotate ?? 0;
    return {
      page: i + 1,
      role: sheet.role,
      rotation: ((360 - rotate) % 360) as QuarterTurn,
      width: page.width,
      height: page.height,
      dpi: page.dpi,
      rotate,
      skewDegrees: sheet.spec.skewDegrees ?? 0,
      blank: sheet.spec.blank ?? false,
      lines: page.lines,
      labelLines: page.labelLines,
      barcodes: page.barcodes,
      patient: page.patient,
    };
  });
  return { dpi, rendered, pages, documents: box.documents.filter((d) => d.pages.length > 0) };
}

/**
 * An image-only PDF as a scanner in black-and-white mode writes it: one 1-bit image per page
 * (Flate-compressed here; scanners often use CCITT G4, which decodes to the same 1-bit image),
 * the page exactly the paper size. No dates or ids, so the same pages give the same bytes.
 */
export async function writeBilevelPdf(pages: readonly Buffer[], dpi: number): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const png of pages) {
    const { data, info } = await sharp(png).toColourspace('b-w').extractChannel(0).threshold(128).raw().toBuffer({ resolveWithObject: true });
    const rowBytes = Math.ceil(info.width / 8);
    const packed = Buffer.alloc(rowBytes * info.height);
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        // DeviceGray at 1 bit: 1 is white.
        if ((data[y * info.width + x] ?? 0) >= 128) packed[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    const image = pdf.context.register(
      pdf.context.stream(deflateSync(packed, { level: 9 }), {
        Type: 'XObject',
        Subtype: 'Image',
        Width: info.width,
        Height: info.height,
        ColorSpace: 'DeviceGray',
        BitsPerComponent: 1,
        Filter: 'FlateDecode',
      }),
    );
    const width = (info.width / dpi) * 72;
    const height = (info.height / dpi) * 72;
    const page = pdf.addPage([width, height]);
    const name = page.node.newXObject('Im', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
  }
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
