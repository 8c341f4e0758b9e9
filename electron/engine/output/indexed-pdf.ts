import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, PDFHexString, PDFName, PDFString, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { type EmbeddedImage, type MasterType, embedPageImage, uprightImageMatrix } from './pdf-images.js';
import { type IndexValues, addInfoDictionary, addXmpMetadata, buildXmp, documentInfo } from './pdf-metadata.js';
import { type OcrWordBox, type TextLayerFont, drawableWords, textLayerOperators } from './pdf-text-layer.js';
import { SRGB_OUTPUT_CONDITION, srgbIccProfile } from './srgb-icc.js';

/**
 * The searchable PDF of one confirmed document: each page's archived image, upright and
 * unchanged, under an invisible OCR text layer, with the index values in the Info dictionary
 * and in XMP, built to PDF/A-2b. The same input always gives the same bytes, so a delivery
 * repeated after a crash writes an identical file with an identical hash.
 */

export interface IndexedPdfPage {
  image: { bytes: Uint8Array; type: MasterType };
  dpi: number;
  /** Degrees clockwise to turn the stored image to make it upright (recognition's + the clerk's). */
  rotation: 0 | 90 | 180 | 270;
  /** Small deskew already applied to the OCR image, degrees; the text boxes are in the upright deskewed image's pixels. */
  skewDegrees: number;
  /** OCR words with boxes in UPRIGHT page pixels (x, y from top-left, width, height) at `dpi`. */
  words: { text: string; confidence: number; box: { x: number; y: number; width: number; height: number }; line?: number }[];
}

export type IndexedPdfMetadata = IndexValues;

export interface IndexedPdfOptions {
  /** The moment written as creation and modification date; default the confirmation time. */
  now?: Date;
}

const FONT_NAME = 'LiberationSans';
// Ligatures would draw "fi" as one glyph whose text some extractors report as one character.
const PLAIN_GLYPHS = { liga: false, clig: false, dlig: false, rlig: false, calt: false };

export async function renderIndexedPdf(pages: IndexedPdfPage[], metadata: IndexedPdfMetadata, options: IndexedPdfOptions = {}): Promise<Uint8Array> {
  if (pages.length === 0) throw new Error('an indexed PDF needs at least one page');
  pages.forEach((page, i) => {
    if (!(Number.isFinite(page.dpi) && page.dpi > 0)) throw new Error(`page ${i + 1} has no usable dpi`);
    if (![0, 90, 180, 270].includes(page.rotation)) throw new Error(`page ${i + 1} has rotation ${page.rotation}, not a quarter turn`);
  });
  const created = options.now ?? new Date(metadata.confirmedAt);
  if (Number.isNaN(created.getTime())) throw new Error('the confirmation time is not a date, and no time was given');

  const doc = await PDFDocument.create({ updateMetadata: false });
  const context = doc.context;
  const textFont = await loadTextFont();
  const pageWords = pages.map((page) => drawableWords(page.words, textFont.hasGlyph));
  const usedText = [...new Set(pageWords.flatMap((words) => words.map((w) => w.text)).join(''))].sort().join('');
  let font: TextLayerFont | null = null;
  if (usedText) {
    doc.registerFontkit(fontkit);
    const embedded: PDFFont = await doc.embedFont(textFont.bytes, {
      subset: true,
      // pdf-lib would otherwise name the font with a random suffix; a tag derived from the
      // characters used names the same subset the same way every time.
      customName: `${subsetTag(usedText)}+${FONT_NAME}`,
      features: PLAIN_GLYPHS,
    });
    font = { font: embedded, ascent: textFont.ascent, descent: textFont.descent };
  }

  // Images are prepared together (re-encoding runs on libvips' threads) but registered in
  // page order, so object numbers never depend on which finished first.
  const prepared = await Promise.all(pages.map((page) => embedPageImage.prepare(page.image)));
  const images = prepared.map((image) => embedPageImage.register(context, image));

  pages.forEach((page, i) => {
    const image = images[i] as EmbeddedImage;
    const toPoints = 72 / page.dpi;
    const sideways = page.rotation === 90 || page.rotation === 270;
    const width = round((sideways ? image.height : image.width) * toPoints);
    const height = round((sideways ? image.width : image.height) * toPoints);
    const pdfPage = doc.addPage([width, height]);
    const imageKey = pdfPage.node.newXObject('Im', image.ref);
    const matrix = uprightImageMatrix(page.rotation, round(image.width * toPoints), round(image.height * toPoints));
    pdfPage.pushOperators(pushGraphicsState(), concatTransformationMatrix(...matrix), drawObject(imageKey), popGraphicsState());
    const words = pageWords[i] as OcrWordBox[];
    if (font && words.length > 0) {
      const fontKey = pdfPage.node.newFontDictionary('F', font.font.ref);
      pdfPage.pushOperators(...textLayerOperators(words, { dpi: page.dpi, pageHeight: height, fontKey, font }));
    }
  });

  const ids = { permanentId: sha256Hex(`chartdesk-document:${metadata.documentId}`).slice(0, 32), instanceId: inputDigest(pages, metadata, created).slice(0, 32) };
  const info = documentInfo(metadata, created, ids);
  context.trailerInfo.Info = addInfoDictionary(context, info);
  context.trailerInfo.ID = context.obj([PDFHexString.of(ids.permanentId), PDFHexString.of(ids.instanceId)]);
  doc.catalog.set(PDFName.of('Metadata'), addXmpMetadata(context, buildXmp(metadata, info)));
  const profile = context.register(context.flateStream(srgbIccProfile(), { N: 3 }));
  doc.catalog.set(
    PDFName.of('OutputIntents'),
    context.obj([
      {
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        OutputConditionIdentifier: PDFString.of(SRGB_OUTPUT_CONDITION),
        Info: PDFString.of(SRGB_OUTPUT_CONDITION),
        RegistryName: PDFString.of('http://www.color.org'),
        DestOutputProfile: profile,
      },
    ]),
  );

  return doc.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false });
}

interface TextFontSource {
  bytes: Uint8Array;
  ascent: number;
  descent: number;
  hasGlyph: (codePoint: number) => boolean;
}

let textFontSource: Promise<TextFontSource> | null = null;

/** Liberation Sans from pdf.js's bundled fonts: metric-compatible with Arial, OFL-licensed, already shipped. */
function loadTextFont(): Promise<TextFontSource> {
  textFontSource ??= (async () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts');
    const bytes = new Uint8Array(await readFile(join(dir, 'LiberationSans-Regular.ttf')));
    const parsed = fontkit.create(bytes);
    return {
      bytes,
      ascent: parsed.ascent / parsed.unitsPerEm,
      descent: parsed.descent / parsed.unitsPerEm,
      hasGlyph: (codePoint: number) => parsed.hasGlyphForCodePoint(codePoint),
    };
  })();
  textFontSource.catch(() => {
    textFontSource = null;
  });
  return textFontSource;
}

function subsetTag(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  return Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Everything that shapes the file, hashed: the second half of the trailer ID. */
function inputDigest(pages: readonly IndexedPdfPage[], metadata: IndexedPdfMetadata, created: Date): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ metadata, created: created.toISOString() }));
  for (const page of pages) {
    hash.update(sha256Hex(page.image.bytes));
    hash.update(JSON.stringify({ type: page.image.type, dpi: page.dpi, rotation: page.rotation, skew: page.skewDegrees, words: page.words }));
  }
  return hash.digest('hex');
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
