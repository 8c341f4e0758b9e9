import { type InkComponent, type PageFrame, sideMm } from './ink-components.js';

/**
 * A line of text, seen without reading it: a row of glyph-sized marks of about the same height,
 * sitting on about the same line, with letter and word gaps between them. It finds a footer in
 * the bottom margin, a typed sentence, a handwritten date, on a page otherwise empty.
 *
 * Glyph size: 0.9 mm is the x-height of 6-pt type, 12 mm a 48-pt capital or a large
 * handwritten figure; wider than 25 mm is a word run together, a rule or a box, not a glyph.
 * Neighbours: the gap to the next glyph is at most 1.2 times the taller one's height (word
 * spaces in print are about a third of that, in handwriting up to one height), their vertical
 * centres differ by at most half of it (descenders and capitals move a centre by about a
 * quarter), and their heights by at most a factor of three ('l' beside 'o' is 1.4, a capital
 * beside a small letter under 2). Three glyphs in a row make a line: dust never lines up like
 * that, and three glyph-sized marks in a row are worth a look by the clerk whatever they are.
 */
const GLYPH_MIN_HEIGHT_MM = 0.9;
const GLYPH_MAX_HEIGHT_MM = 12;
const GLYPH_MAX_WIDTH_MM = 25;
const MAX_GAP_PER_HEIGHT = 1.2;
const MAX_CENTRE_SHIFT_PER_HEIGHT = 0.5;
const MAX_HEIGHT_RATIO = 3;
const MIN_GLYPHS_PER_LINE = 3;

interface Box {
  start: number;
  end: number;
  low: number;
  high: number;
}

/** The components that form text lines, across the page or down it (a page fed sideways). */
export function textLineGlyphs(components: readonly InkComponent[], frame: PageFrame): InkComponent[] {
  const glyphs = components.filter((c) => {
    const { width, height } = sideMm(c, frame);
    const tall = Math.max(width, height);
    return tall >= GLYPH_MIN_HEIGHT_MM && tall <= GLYPH_MAX_WIDTH_MM && Math.min(width, height) <= GLYPH_MAX_HEIGHT_MM;
  });
  const across = glyphs.map((c) => ({ start: c.minX, end: c.maxX, low: c.minY, high: c.maxY }));
  const down = glyphs.map((c) => ({ start: c.minY, end: c.maxY, low: c.minX, high: c.maxX }));
  const members = new Set([...rowMembers(across, frame.pxPerMm), ...rowMembers(down, frame.pxPerMm)]);
  return glyphs.filter((_, i) => members.has(i));
}

/** Indexes of the boxes that belong to a row of at least MIN_GLYPHS_PER_LINE, reading along `start`. */
function rowMembers(boxes: readonly Box[], pxPerMm: number): number[] {
  const order = boxes
    .map((b, i) => ({ b, i }))
    .filter(({ b }) => {
      const h = (b.high - b.low + 1) / pxPerMm;
      return h >= GLYPH_MIN_HEIGHT_MM && h <= GLYPH_MAX_HEIGHT_MM;
    })
    .sort((p, q) => p.b.start - q.b.start);
  const parent = order.map((_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  for (let k = 0; k < order.length; k++) {
    const a = order[k]!.b;
    const ha = a.high - a.low + 1;
    for (let m = k + 1; m < order.length; m++) {
      const b = order[m]!.b;
      const hb = b.high - b.low + 1;
      const tall = Math.max(ha, hb);
      // Sorted by start: once a box starts beyond the widest allowed gap, none after it is closer.
      if (b.start - a.end > MAX_GAP_PER_HEIGHT * (GLYPH_MAX_HEIGHT_MM * pxPerMm)) break;
      if (b.start - a.end > MAX_GAP_PER_HEIGHT * tall) continue;
      if (Math.abs((a.low + a.high) / 2 - (b.low + b.high) / 2) > MAX_CENTRE_SHIFT_PER_HEIGHT * tall) continue;
      if (tall / Math.min(ha, hb) > MAX_HEIGHT_RATIO) continue;
      parent[find(m)] = find(k);
    }
  }
  const sizes = new Map<number, number>();
  for (let k = 0; k < order.length; k++) sizes.set(find(k), (sizes.get(find(k)) ?? 0) + 1);
  return order.filter((_, k) => (sizes.get(find(k)) ?? 0) >= MIN_GLYPHS_PER_LINE).map(({ i }) => i);
}
