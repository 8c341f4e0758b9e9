import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { type Matrix, multiply } from './pdf-page-images.js';

/**
 * A page that is nothing but one JPEG covering it, as a scanner writes it: the JPEG's own bytes
 * and its resolution on the paper. Rendering such a page through pdf.js decodes the JPEG in
 * JavaScript and paints it onto a canvas at the same size (about 0.9 CPU s for a 300-dpi letter
 * page); libjpeg-turbo decodes the same bytes to the same pixels in a tenth of that.
 */
export interface FullPageJpeg {
  bytes: Buffer;
  width: number;
  height: number;
  /** Components in the JPEG: 1 (grey) or 3 (colour). */
  components: 1 | 3;
  /** Pixels per inch across and down the page (the same, or the page is not taken as it is). */
  dpi: number;
}

/** Within a point, or a two-hundredth of the page: where a scanner's rounding of the page size ends. */
const COVER_TOLERANCE = (length: number) => Math.max(1, length / 200);

/**
 * The page's JPEG when the page shows exactly that and nothing else: no /Rotate, no annotation,
 * a content stream of only `q`, `Q`, `cm` and one `Do`, and that XObject a plain 8-bit grey or
 * RGB DCT image (no mask, no decode array, no second filter) drawn upright over the whole page
 * at one resolution both ways. Anything else (a text layer, a stamp, a CMYK or masked image, a
 * turned page) is null: the caller renders the page, which is always right, only slower.
 */
export function fullPageJpeg(doc: PDFDocument, pageIndex: number): FullPageJpeg | null {
  const page = doc.getPage(pageIndex);
  if (page.getRotation().angle % 360 !== 0) return null;
  const annotations = page.node.Annots();
  if (annotations && annotations.size() > 0) return null;
  const box = page.getCropBox();
  const media = page.getMediaBox();
  if (box.x !== media.x || box.y !== media.y || box.width !== media.width || box.height !== media.height) return null;

  const content = contentText(doc, page.node.Contents());
  if (content === null) return null;
  const drawn = singleImageDrawn(content);
  if (!drawn) return null;
  const [a, b, c, d, e, f] = drawn.ctm;
  if (b !== 0 || c !== 0 || a <= 0 || d <= 0) return null;
  const near = (x: number, y: number, length: number) => Math.abs(x - y) <= COVER_TOLERANCE(length);
  if (!near(e, box.x, box.width) || !near(f, box.y, box.height) || !near(a, box.width, box.width) || !near(d, box.height, box.height)) return null;

  const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const image = xobjects ? doc.context.lookup(xobjects.get(PDFName.of(drawn.name))) : undefined;
  if (!(image instanceof PDFRawStream)) return null;
  const dict = image.dict;
  const name = (key: string) => dict.lookup(PDFName.of(key));
  if (name('Subtype') !== PDFName.of('Image')) return null;
  if (!isOnly(name('Filter'), 'DCTDecode')) return null;
  for (const key of ['SMask', 'Mask', 'Decode', 'DecodeParms', 'ImageMask']) if (dict.has(PDFName.of(key))) return null;
  const bits = name('BitsPerComponent');
  if (!(bits instanceof PDFNumber) || bits.asNumber() !== 8) return null;
  const components = componentsOf(doc, name('ColorSpace'));
  const width = name('Width');
  const height = name('Height');
  if (!components || !(width instanceof PDFNumber) || !(height instanceof PDFNumber)) return null;

  const across = width.asNumber() / (a / 72);
  const down = height.asNumber() / (d / 72);
  if (Math.abs(across - down) > across / 100) return null;
  return { bytes: Buffer.from(image.contents), width: width.asNumber(), height: height.asNumber(), components, dpi: Math.round(across) };
}

function isOnly(filter: PDFObject | undefined, wanted: string): boolean {
  if (filter instanceof PDFName) return filter === PDFName.of(wanted);
  return filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === PDFName.of(wanted);
}

/** 1 or 3 for DeviceGray, DeviceRGB and an ICC profile of that many components; null otherwise (CMYK, Indexed, Lab...). */
function componentsOf(doc: PDFDocument, space: PDFObject | undefined): 1 | 3 | null {
  if (space === PDFName.of('DeviceGray')) return 1;
  if (space === PDFName.of('DeviceRGB')) return 3;
  if (space instanceof PDFArray && space.size() === 2 && space.get(0) === PDFName.of('ICCBased')) {
    const profile = doc.context.lookup(space.get(1));
    const n = profile instanceof PDFRawStream ? profile.dict.lookup(PDFName.of('N')) : undefined;
    if (n instanceof PDFNumber && (n.asNumber() === 1 || n.asNumber() === 3)) return n.asNumber() as 1 | 3;
  }
  return null;
}

/** The page's content streams, decoded and joined; null when one cannot be decoded. */
function contentText(doc: PDFDocument, contents: PDFObject | undefined): string | null {
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  const parts: string[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return null;
    try {
      parts.push(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'));
    } catch {
      return null;
    }
  }
  return parts.join('\n');
}

/**
 * The one XObject a content stream draws and the matrix it is drawn under, when the stream is
 * only graphics-state saves and restores, matrices and that one `Do`. Any other operator or
 * operand (text, paths, colours, inline images, a second `Do`) gives null.
 */
export function singleImageDrawn(content: string): { name: string; ctm: Matrix } | null {
  const tokens = content.split(/[\s\0]+/).filter((t) => t.length > 0);
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let operands: string[] = [];
  let drawn: { name: string; ctm: Matrix } | null = null;
  for (const token of tokens) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) || /^\/[^/[\]()<>{}%]+$/.test(token)) {
      operands.push(token);
      continue;
    }
    switch (token) {
      case 'q':
        if (operands.length !== 0) return null;
        stack.push(ctm);
        break;
      case 'Q':
        if (operands.length !== 0 || stack.length === 0) return null;
        ctm = stack.pop()!;
        break;
      case 'cm': {
        const numbers = operands.map(Number);
        if (numbers.length !== 6 || numbers.some((n) => !Number.isFinite(n))) return null;
        ctm = multiply(ctm, numbers);
        break;
      }
      case 'Do':
        if (drawn || operands.length !== 1 || !operands[0]!.startsWith('/')) return null;
        drawn = { name: operands[0]!.slice(1), ctm };
        break;
      default:
        return null;
    }
    operands = [];
  }
  return operands.length === 0 ? drawn : null;
}
