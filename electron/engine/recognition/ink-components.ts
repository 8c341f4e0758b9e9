/**
 * The marks on a page: 8-connected groups of ink pixels, and what each one is. All sizes are in
 * millimetres of paper, so the same rules hold at every scan resolution.
 */

export interface InkComponent {
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  pixels: number[];
}

/** 8-connected components by flood fill with an explicit stack (pages have huge components). */
export function* connectedComponents(ink: Uint8Array, width: number, height: number): Generator<InkComponent> {
  const seen = new Uint8Array(ink.length);
  const stack = new Int32Array(ink.length);
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    const c: InkComponent = { area: 0, minX: width, minY: height, maxX: -1, maxY: -1, pixels: [] };
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width;
      const y = (p - x) / width;
      c.area++;
      c.pixels.push(p);
      if (x < c.minX) c.minX = x;
      if (x > c.maxX) c.maxX = x;
      if (y < c.minY) c.minY = y;
      if (y > c.maxY) c.maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (ink[q] && !seen[q]) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    yield c;
  }
}

/**
 * Dust: a component whose longest side is under 0.6 mm and whose area is under 0.2 mm². Scanner
 * dust and toner specks are 0.1-0.4 mm; the smallest deliberate marks (a period in 8-pt type,
 * 0.3 mm) can go too, which costs nothing: a page is never "not blank" because of one period.
 */
const DUST_MAX_SIDE_MM = 0.6;
const DUST_MAX_AREA_MM2 = 0.2;

/**
 * Punch holes: ISO 838 holes are 6 mm across with centres 12 mm from the edge; US three-hole
 * punches make 6.4-8 mm holes 9.5-13 mm in. A scanner sees a dark disc (black backing) or the
 * ring of its shadow (white backing). Generous bounds (4-10 mm, centre within 25 mm of an edge)
 * cover worn punches and sheets fed a little off; the shape test keeps a QR code or a bold
 * letter O from passing for one: a disc leaves its bounding box's corners empty, a QR code fills
 * three of them with finder patterns.
 */
const HOLE_MIN_MM = 4;
const HOLE_MAX_MM = 10;
const HOLE_MAX_CENTRE_FROM_EDGE_MM = 25;

/**
 * The shadow of the sheet's own edge, a thin dark line beside it when the backing is white and
 * the sheet was fed a little askew (so the line wanders out of the edge band): at least 20 mm
 * long, at most 1.5 mm thick, within 15 mm of the edge it runs along.
 */
const EDGE_LINE_MIN_LENGTH_MM = 20;
const EDGE_LINE_MAX_THICKNESS_MM = 1.5;
const EDGE_LINE_MAX_FROM_EDGE_MM = 15;

export type ComponentKind = 'dust' | 'border' | 'punch-hole' | 'edge-line' | 'mark';

/** The page's geometry at the resolution the components were found at. */
export interface PageFrame {
  width: number;
  height: number;
  pxPerMm: number;
}

export const sideMm = (c: InkComponent, frame: PageFrame) => ({
  width: (c.maxX - c.minX + 1) / frame.pxPerMm,
  height: (c.maxY - c.minY + 1) / frame.pxPerMm,
});

export function classifyComponent(c: InkComponent, frame: PageFrame): ComponentKind {
  const width = (c.maxX - c.minX + 1) / frame.pxPerMm;
  const height = (c.maxY - c.minY + 1) / frame.pxPerMm;
  if (width < DUST_MAX_SIDE_MM && height < DUST_MAX_SIDE_MM && c.area < DUST_MAX_AREA_MM2 * frame.pxPerMm * frame.pxPerMm) return 'dust';
  if (c.minX === 0 || c.minY === 0 || c.maxX === frame.width - 1 || c.maxY === frame.height - 1) return 'border';
  // Most marks are letters, far smaller than a punch hole or a sheet's edge.
  if (width < HOLE_MIN_MM && height < HOLE_MIN_MM) return 'mark';
  if (isPunchHole(c, frame, width, height)) return 'punch-hole';
  if (isEdgeLine(c, frame, width, height)) return 'edge-line';
  return 'mark';
}

function distanceToEdgeMm(x: number, y: number, frame: PageFrame): number {
  return Math.min(x, y, frame.width - 1 - x, frame.height - 1 - y) / frame.pxPerMm;
}

function isPunchHole(c: InkComponent, frame: PageFrame, widthMm: number, heightMm: number): boolean {
  if (widthMm < HOLE_MIN_MM || heightMm < HOLE_MIN_MM || widthMm > HOLE_MAX_MM || heightMm > HOLE_MAX_MM) return false;
  if (Math.max(widthMm, heightMm) / Math.min(widthMm, heightMm) > 1.25) return false;
  const cx = (c.minX + c.maxX) / 2;
  const cy = (c.minY + c.maxY) / 2;
  if (distanceToEdgeMm(cx, cy, frame) > HOLE_MAX_CENTRE_FROM_EDGE_MM) return false;
  // Radius of each pixel relative to the inscribed ellipse of the bounding box.
  const rx = (c.maxX - c.minX + 1) / 2;
  const ry = (c.maxY - c.minY + 1) / 2;
  let inside = 0;
  let rim = 0;
  for (const p of c.pixels) {
    const x = p % frame.width;
    const y = (p - x) / frame.width;
    const r = Math.hypot((x + 0.5 - (c.minX + rx)) / rx, (y + 0.5 - (c.minY + ry)) / ry);
    if (r <= 1.08) inside++;
    if (r >= 0.65 && r <= 1.08) rim++;
  }
  const fill = c.area / ((c.maxX - c.minX + 1) * (c.maxY - c.minY + 1));
  const disc = fill >= 0.6 && inside >= 0.97 * c.area;
  const ring = fill < 0.6 && rim >= 0.9 * c.area;
  return disc || ring;
}

function isEdgeLine(c: InkComponent, frame: PageFrame, widthMm: number, heightMm: number): boolean {
  const length = Math.max(widthMm, heightMm);
  // Mean thickness: a skewed line's bounding box is wide, its ink is not.
  const thickness = c.area / (frame.pxPerMm * frame.pxPerMm) / length;
  if (length < EDGE_LINE_MIN_LENGTH_MM || thickness > EDGE_LINE_MAX_THICKNESS_MM) return false;
  const limit = EDGE_LINE_MAX_FROM_EDGE_MM * frame.pxPerMm;
  if (widthMm >= heightMm) return c.maxY < limit || c.minY >= frame.height - limit;
  return c.maxX < limit || c.minX >= frame.width - limit;
}
