import { createCanvas, loadImage } from '@napi-rs/canvas';
import { type PixelBox, type QuarterTurn, boundsOf, boxCorners, turnPoint } from '../../electron/engine/imaging/box-geometry.js';
import type { DateOrder } from '../../shared/domain/date-order.js';
import { formatDateAs } from '../../shared/domain/written-dates.js';
import type { SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import type { BarcodeFormat } from './barcode-image.js';
import { defaultModulePixels, renderBarcodePng } from './barcode-image.js';
import type { FakePatient, LetterKind } from './fake-records.js';
import { LETTER_TITLES, fakeLetterParagraphs, fakePatient, formatPatientName } from './fake-records.js';
import { ensureSampleFonts, sampleFont } from './fonts.js';
import type { Random } from './random.js';
import { createRandom } from './random.js';

export type { PixelBox, QuarterTurn };

export interface BarcodeSpec {
  format: BarcodeFormat;
  text: string;
  /** Left edge, in inches from the left of the upright page (dpi-independent). Default: bottom row. */
  x?: number;
  /** Top edge, in inches from the top of the upright page. */
  y?: number;
  /** Pixels per module (bar or cell). Default: a realistic print size for the dpi. */
  scale?: number;
  /** Module size in thousandths of an inch, whatever the dpi (never under 2 px). Ignored when `scale` is given. */
  moduleMils?: number;
  /** Centre the code across the page (then `x` is ignored); `y` still places its top edge. */
  centered?: boolean;
  /** Bar height of a linear code, in inches. Default 0.5. */
  barHeightInches?: number;
}

/** A line of text at a fixed place and size: the big print of separator and cover sheets. */
export interface TextSpec {
  text: string;
  /** Baseline, in inches from the top of the upright page. */
  y: number;
  /** Left edge, in inches from the left of the upright page. Default: centred across the page. */
  x?: number;
  points: number;
  bold?: boolean;
}

export interface PageSpec {
  seed: number;
  /** Default 300. Tests use 100-150: a 300 dpi letter page is 2550 x 3300 px. */
  dpi?: number;
  title?: string;
  /** Body text lines, drawn as given. Without them a clinical letter is generated. */
  lines?: string[];
  /** Prints a patient header block (name, MRN, DOB) under the title. */
  patient?: FakePatient;
  /**
   * A printed patient label stuck on the top right: name, MRN, DOB and a Code128 of the MRN.
   * `true` labels the page's `patient` (or an invented one); a patient object may differ from
   * the header, which is how a misfiled page looks.
   */
  label?: FakePatient | boolean;
  barcodes?: BarcodeSpec[];
  /**
   * Lines of text at fixed places and sizes, drawn before the title and body. They come first
   * in `lines`, in the order given (list them top to bottom).
   */
  texts?: TextSpec[];
  /** A sheet with nothing printed on it, only a little scanner dust. */
  blank?: boolean;
  /** The sheet went through the feeder at an angle; positive is clockwise. */
  skewDegrees?: number;
  /** Speckle density, 0..1 (0.1 is a dirty glass, 1 is a very bad fax). */
  noise?: number;
  /** The sheet was fed sideways or upside down: the final image is turned clockwise by this much. */
  rotate?: QuarterTurn;
  /**
   * How the hospital that printed the page writes dates (the header, the label, the date of
   * service): 09/02/2026 month first (US), 02/09/2026 day first, 2026-09-02 year first (default).
   */
  dateOrder?: DateOrder;
  /** A "Date of service:" line under the patient header (ISO; printed in `dateOrder`). */
  dateOfService?: string;
}

export interface PlacedBarcode {
  format: BarcodeFormat;
  text: string;
  /** Where the label sticker's barcode came from, versus one asked for in `barcodes`. */
  source: 'label' | 'spec';
  /** Bounding box in the final image's pixels, after skew and rotation. */
  box: PixelBox;
}

export interface RenderedPage {
  /** 8-bit single-channel PNG with its dpi in pHYs. */
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
  /**
   * OCR ground truth: every printed line of the page body in reading order (title, patient
   * header, text), words separated by single spaces. The label's text is in `labelLines`.
   */
  lines: string[];
  labelLines: string[];
  barcodes: PlacedBarcode[];
  /** The patient named in the header or label, if any. */
  patient: FakePatient | null;
}

const LETTER_INCHES = { width: 8.5, height: 11 } as const;
const MARGIN_INCHES = 1;
const BODY_POINTS = 11.5;
const TITLE_POINTS = 15;
const LINE_SPACING = 1.3;

export async function renderPage(spec: PageSpec): Promise<RenderedPage> {
  ensureSampleFonts();
  const dpi = spec.dpi ?? 300;
  const random = createRandom(spec.seed);
  const printed = (iso: string) => formatDateAs(iso, spec.dateOrder ?? 'year-first');
  const width = Math.round(LETTER_INCHES.width * dpi);
  const height = Math.round(LETTER_INCHES.height * dpi);
  const inch = (n: number) => Math.round(n * dpi);

  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const skew = spec.skewDegrees ?? 0;
  // Skew turns the printed content inside a fixed sheet, like paper entering the feeder crooked.
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((skew * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'alphabetic';

  const lines: string[] = [];
  const labelLines: string[] = [];
  // Boxes in upright, unskewed layout pixels; mapped to the final image at the end.
  const uprightBoxes: PlacedBarcode[] = [];
  let pagePatient: FakePatient | null = spec.patient ?? null;
  let textTop = inch(MARGIN_INCHES);
  let textBottom = height - inch(MARGIN_INCHES);

  if (!spec.blank) {
    for (const text of spec.texts ?? []) {
      ctx.font = sampleFont(text.points, dpi, text.bold ?? false);
      const x = text.x !== undefined ? inch(text.x) : Math.round((width - ctx.measureText(text.text).width) / 2);
      ctx.fillText(text.text, x, inch(text.y));
      lines.push(text.text);
    }
    if (spec.label) {
      const labelPatient = spec.label === true ? (spec.patient ?? fakePatient(random.fork('label-patient'))) : spec.label;
      pagePatient ??= labelPatient;
      const drawn = await drawLabel(ctx, labelPatient, dpi, width, printed);
      labelLines.push(...drawn.lines);
      uprightBoxes.push({ format: 'code128', text: labelPatient.mrn, source: 'label', box: drawn.barcodeBox });
      textTop = drawn.bottom + inch(0.3);
    }

    // Default-placed barcodes sit in a row along the bottom margin, and the text stops above them.
    let rowX = inch(MARGIN_INCHES);
    for (const barcode of spec.barcodes ?? []) {
      const image = await loadImage(
        await renderBarcodePng(barcode.format, barcode.text, {
          dpi,
          modulePixels: barcode.scale ?? (barcode.moduleMils !== undefined ? Math.max(2, Math.round((barcode.moduleMils * dpi) / 1000)) : defaultModulePixels(barcode.format, dpi)),
          barHeightInches: barcode.barHeightInches ?? 0.5,
        }),
      );
      let x: number;
      let y: number;
      if (barcode.centered) {
        x = Math.round((width - image.width) / 2);
        y = inch(barcode.y ?? MARGIN_INCHES);
      } else if (barcode.x !== undefined || barcode.y !== undefined) {
        x = inch(barcode.x ?? MARGIN_INCHES);
        y = inch(barcode.y ?? MARGIN_INCHES);
      } else {
        x = rowX;
        y = height - inch(0.6) - image.height;
        rowX += image.width + inch(0.4);
        textBottom = Math.min(textBottom, y - inch(0.25));
      }
      ctx.drawImage(image, x, y);
      uprightBoxes.push({
        format: barcode.format,
        text: barcode.text,
        source: 'spec',
        box: { x, y, width: image.width, height: image.height },
      });
    }

    const body = spec.lines !== undefined ? null : generatedLetter(random.fork('letter'), pagePatient);
    const title = spec.title ?? body?.title;
    const left = inch(MARGIN_INCHES);
    const maxWidth = width - 2 * inch(MARGIN_INCHES);
    const bodyLineHeight = (BODY_POINTS / 72) * dpi * LINE_SPACING;
    let baseline = textTop + (TITLE_POINTS / 72) * dpi;

    const drawLine = (text: string, font: string, advance: number): boolean => {
      if (baseline > textBottom) return false;
      ctx.font = font;
      ctx.fillText(text, left, baseline);
      lines.push(text);
      baseline += advance;
      return true;
    };

    if (title) {
      drawLine(title, sampleFont(TITLE_POINTS, dpi, true), (TITLE_POINTS / 72) * dpi * 1.6);
    }
    if (spec.patient) {
      const p = spec.patient;
      drawLine(`Patient: ${formatPatientName(p)}`, sampleFont(BODY_POINTS, dpi, true), bodyLineHeight);
      drawLine(`MRN: ${p.mrn} DOB: ${printed(p.birthDate)} Sex: ${p.sex}`, sampleFont(BODY_POINTS, dpi), bodyLineHeight * (spec.dateOfService ? 1 : 1.6));
    }
    if (spec.dateOfService) drawLine(`Date of service: ${printed(spec.dateOfService)}`, sampleFont(BODY_POINTS, dpi), bodyLineHeight * 1.6);
    const bodyFont = sampleFont(BODY_POINTS, dpi);
    ctx.font = bodyFont;
    if (spec.lines !== undefined) {
      for (const line of spec.lines) if (!drawLine(line, bodyFont, bodyLineHeight)) break;
    } else if (body) {
      outer: for (const paragraph of body.paragraphs) {
        for (const line of wrapText(ctx, paragraph, maxWidth)) if (!drawLine(line, bodyFont, bodyLineHeight)) break outer;
        baseline += bodyLineHeight * 0.5;
      }
    }
  }
  ctx.restore();

  // Dust lies on the scanner glass, so it is drawn after the skew is undone.
  const noise = spec.noise ?? 0;
  const specks = Math.round(noise * LETTER_INCHES.width * LETTER_INCHES.height * 150) + (spec.blank ? random.int(15, 40) : 0);
  drawSpecks(ctx, random.fork('specks'), specks, width, height, dpi);

  const rotate = spec.rotate ?? 0;
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const png = await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width, height, channels: 4 },
  })
    .removeAlpha()
    .rotate(rotate)
    .toColourspace('b-w')
    .withDensity(dpi)
    .png({ compressionLevel: 6 })
    .toBuffer();

  const turned = rotate === 90 || rotate === 270;
  return {
    png,
    width: turned ? height : width,
    height: turned ? width : height,
    dpi,
    lines,
    labelLines,
    barcodes: uprightBoxes.map((b) => ({ ...b, box: placeBox(b.box, width, height, skew, rotate) })),
    patient: pagePatient,
  };
}

function generatedLetter(random: Random, patient: FakePatient | null): { title: string; paragraphs: string[] } {
  const kind: LetterKind = random.pick(['discharge-summary', 'progress-note'] as const);
  return { title: LETTER_TITLES[kind], paragraphs: fakeLetterParagraphs(random, kind, random.int(4, 6), patient ?? undefined) };
}

function wrapText(ctx: SKRSContext2D, paragraph: string, maxWidth: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && ctx.measureText(candidate).width > maxWidth) {
      out.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The addressograph sticker wards print for every admission, stuck top right. */
async function drawLabel(
  ctx: SKRSContext2D,
  patient: FakePatient,
  dpi: number,
  pageWidth: number,
  printed: (iso: string) => string,
): Promise<{ lines: string[]; barcodeBox: PixelBox; bottom: number }> {
  const inch = (n: number) => Math.round(n * dpi);
  const modules = defaultModulePixels('code128', dpi);
  const barcode = await loadImage(await renderBarcodePng('code128', patient.mrn, { dpi, modulePixels: modules, barHeightInches: 0.35 }));
  const quietZone = 10 * modules;
  const pad = inch(0.1);
  const labelWidth = Math.max(inch(2.625), barcode.width + 2 * (quietZone + pad));
  const labelHeight = inch(1.25);
  const x = pageWidth - inch(0.5) - labelWidth;
  const y = inch(0.5);

  ctx.save();
  ctx.lineWidth = Math.max(1, Math.round(dpi / 100));
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(x, y, labelWidth, labelHeight);
  const textPoints = 9;
  const lineHeight = (textPoints / 72) * dpi * 1.25;
  const lines = [formatPatientName(patient), `MRN: ${patient.mrn} DOB: ${printed(patient.birthDate)}`];
  ctx.font = sampleFont(textPoints, dpi, true);
  ctx.fillText(lines[0] ?? '', x + pad, y + pad + lineHeight * 0.8);
  ctx.font = sampleFont(textPoints, dpi);
  ctx.fillText(lines[1] ?? '', x + pad, y + pad + lineHeight * 1.8);
  const barcodeX = x + Math.round((labelWidth - barcode.width) / 2);
  const barcodeY = y + labelHeight - pad - barcode.height;
  ctx.drawImage(barcode, barcodeX, barcodeY);
  ctx.restore();
  return {
    lines,
    barcodeBox: { x: barcodeX, y: barcodeY, width: barcode.width, height: barcode.height },
    bottom: y + labelHeight,
  };
}

function drawSpecks(ctx: SKRSContext2D, random: Random, count: number, width: number, height: number, dpi: number): void {
  const maxSize = Math.max(1, Math.round(dpi / 150));
  for (let i = 0; i < count; i++) {
    const grey = random.int(0, 110);
    ctx.fillStyle = `rgb(${grey},${grey},${grey})`;
    ctx.fillRect(random.int(0, width - 1), random.int(0, height - 1), random.int(1, maxSize), random.int(1, maxSize));
  }
}

/**
 * Maps an upright-layout box to the final image: skew about the page centre, then the quarter
 * turn. The result is the axis-aligned bounds of the moved corners.
 */
export function placeBox(box: PixelBox, width: number, height: number, skewDegrees: number, rotate: QuarterTurn): PixelBox {
  const angle = (skewDegrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  return boundsOf(
    boxCorners(box).map(([px, py]) => {
      const dx = px - cx;
      const dy = py - cy;
      return turnPoint(cx + dx * cos - dy * sin, cy + dx * sin + dy * cos, width, height, rotate);
    }),
  );
}
