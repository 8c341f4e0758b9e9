/**
 * Pixel boxes on a page that is turned or skewed: where the station finds a barcode on the
 * page as scanned and where it lies on the upright page are the same box moved. The sample
 * generator moves its boxes the other way with the same pieces.
 */

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type QuarterTurn = 0 | 90 | 180 | 270;

/** The four corners of a box. */
export function boxCorners(box: PixelBox): Array<[number, number]> {
  return [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height],
  ];
}

/** Where a point of a width×height image lands after turning the image clockwise. */
export function turnPoint(x: number, y: number, width: number, height: number, rotation: QuarterTurn): [number, number] {
  switch (rotation) {
    case 90:
      return [height - y, x];
    case 180:
      return [width - x, height - y];
    case 270:
      return [y, width - x];
    default:
      return [x, y];
  }
}

/** The smallest whole-pixel box that covers every point. */
export function boundsOf(points: ReadonlyArray<readonly [number, number]>): PixelBox {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}
