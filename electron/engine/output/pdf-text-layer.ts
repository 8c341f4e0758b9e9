import { type PDFFont, type PDFName, type PDFOperator, TextRenderingMode, beginText, endText, setCharacterSqueeze, setFontAndSize, setTextMatrix, setTextRenderingMode, showText } from 'pdf-lib';

/**
 * The invisible OCR layer: every word drawn in text render mode 3 (neither filled nor
 * stroked) over its box on the upright page, so that search, selection and copy find it where
 * the clerk sees it. Words are written in the recogniser's reading order and grouped into
 * lines that share a font size and a baseline, which is what text extractors use to rebuild
 * lines and spaces.
 */

export interface OcrWordBox {
  text: string;
  box: { x: number; y: number; width: number; height: number };
  /** The recogniser's line number, when it gives one: better than guessing lines from boxes. */
  line?: number;
}

export interface TextLayerFont {
  font: PDFFont;
  /** Ascender and descender as fractions of the em (descender negative). */
  ascent: number;
  descent: number;
}

interface Line {
  words: OcrWordBox[];
  top: number;
  bottom: number;
}

/** Words whose boxes make sense, with text the font can draw (the rest is dropped). */
export function drawableWords(words: readonly OcrWordBox[], hasGlyph: (codePoint: number) => boolean): OcrWordBox[] {
  const out: OcrWordBox[] = [];
  for (const word of words) {
    const { x, y, width, height } = word.box;
    if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) continue;
    let text = '';
    // Characters without a glyph would be drawn with .notdef, which PDF/A forbids and which
    // extracts as nothing useful; white space inside a "word" would split it in extraction.
    for (const char of word.text.normalize('NFC')) {
      const code = char.codePointAt(0) ?? 0;
      if (code > 0x20 && !(code >= 0x7f && code <= 0xa0) && !/\s/u.test(char) && hasGlyph(code)) text += char;
    }
    if (text) out.push(word.line === undefined ? { text, box: word.box } : { text, box: word.box, line: word.line });
  }
  return out;
}

/** Consecutive words that sit side by side on one text line, in reading order. */
export function groupLines(words: readonly OcrWordBox[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let previous: OcrWordBox | null = null;
  for (const word of words) {
    const top = word.box.y;
    const bottom = word.box.y + word.box.height;
    if (current && previous && continuesLine(previous, word, current)) {
      current.words.push(word);
      current.top = Math.min(current.top, top);
      current.bottom = Math.max(current.bottom, bottom);
    } else {
      current = { words: [word], top, bottom };
      lines.push(current);
    }
    previous = word;
  }
  return lines;
}

function continuesLine(previous: OcrWordBox, word: OcrWordBox, line: Line): boolean {
  if (previous.line !== undefined && word.line !== undefined) return previous.line === word.line;
  const overlap = Math.min(word.box.y + word.box.height, line.bottom) - Math.max(word.box.y, line.top);
  const sameRow = overlap >= 0.5 * Math.min(word.box.height, line.bottom - line.top);
  const rightward = word.box.x + word.box.width / 2 > previous.box.x + previous.box.width / 2;
  return sameRow && rightward;
}

/**
 * Operators for one page. Positions are OCR pixels (origin top left) at `dpi`; the page is
 * `pageHeight` points tall. Each line's font size makes the font's ascender-to-descender
 * height equal to the line's box height; each word then starts at its box's left edge and is
 * squeezed or stretched horizontally (Tz) to its box's width.
 */
export function textLayerOperators(words: readonly OcrWordBox[], options: { dpi: number; pageHeight: number; fontKey: PDFName; font: TextLayerFont }): PDFOperator[] {
  const { dpi, pageHeight, fontKey, font } = options;
  const toPoints = 72 / dpi;
  const ops: PDFOperator[] = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  const emHeight = font.ascent - font.descent;
  for (const line of groupLines(words)) {
    const size = round(((line.bottom - line.top) * toPoints) / emHeight);
    if (size <= 0) continue;
    const baseline = round(pageHeight - line.bottom * toPoints - font.descent * size);
    ops.push(setFontAndSize(fontKey, size));
    for (const word of line.words) {
      const natural = font.font.widthOfTextAtSize(word.text, size);
      if (!(natural > 0)) continue;
      const squeeze = Math.min(1000, Math.max(5, (100 * word.box.width * toPoints) / natural));
      ops.push(setCharacterSqueeze(round(squeeze)), setTextMatrix(1, 0, 0, 1, round(word.box.x * toPoints), baseline), showText(font.font.encodeText(word.text)));
    }
  }
  ops.push(endText());
  return ops;
}

/** Three decimals: a thousandth of a point is far below a pixel, and keeps the stream small. */
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
