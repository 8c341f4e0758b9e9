import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

type Ops = typeof PdfJsModule.OPS;

// pdf.js ImageKind: 1 = 1 bit per pixel (what a scanner's bilevel page becomes).
export const GRAYSCALE_1BPP = 1;

/** An image painted on a PDF page, and how finely: its pixels over the paper it covers. */
export interface ImageOnPage {
  width: number;
  bilevel: boolean;
  objId?: string;
  /** Pixels per inch across the paper it is drawn on (its own resolution there). */
  dpi: number;
  /** Paper it covers, in square inches. */
  areaInches: number;
}

/** A PDF transformation matrix [a b c d e f]. */
export type Matrix = [number, number, number, number, number, number];

/** `n` applied in the space `m` maps to the page: what a `cm` operator does to the current matrix. */
export const multiply = (m: Matrix, n: readonly number[]): Matrix => [
  n[0]! * m[0] + n[1]! * m[2],
  n[0]! * m[1] + n[1]! * m[3],
  n[2]! * m[0] + n[3]! * m[2],
  n[2]! * m[1] + n[3]! * m[3],
  n[4]! * m[0] + n[5]! * m[2] + m[4],
  n[4]! * m[1] + n[5]! * m[3] + m[5],
];

/**
 * The images a page paints, each with the resolution it is drawn at. An image is drawn into the
 * unit square under the current transformation, so its size on paper is the length of the
 * matrix's columns (in points); the operator list is walked keeping that matrix through
 * save/restore, transforms and form XObjects. A scanner's PDF has one image covering the page;
 * other PDFs put a scanned label or barcode, at its own resolution, somewhere on a larger page.
 */
export function imagesOnPage(ops: Ops, fnArray: readonly number[], argsArray: readonly unknown[]): ImageOnPage[] {
  const images: ImageOnPage[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const place = (width: number, height: number) => {
    const across = Math.hypot(ctm[0], ctm[1]) / 72;
    const down = Math.hypot(ctm[2], ctm[3]) / 72;
    const dpi = Math.max(across > 0 ? width / across : 0, down > 0 ? height / down : 0);
    return { dpi: Number.isFinite(dpi) ? dpi : 0, areaInches: Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) / (72 * 72) };
  };
  fnArray.forEach((fn, i) => {
    const args = (argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case ops.save:
        stack.push(ctm);
        return;
      case ops.restore:
        ctm = stack.pop() ?? ctm;
        return;
      case ops.transform:
        ctm = multiply(ctm, args as number[]);
        return;
      case ops.paintFormXObjectBegin: {
        stack.push(ctm);
        const matrix = args[0] as number[] | null | undefined;
        if (Array.isArray(matrix) && matrix.length === 6) ctm = multiply(ctm, matrix);
        return;
      }
      case ops.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        return;
      case ops.paintImageMaskXObject: {
        const mask = args[0] as { width?: number; height?: number } | undefined;
        images.push({ width: mask?.width ?? 0, bilevel: true, ...place(mask?.width ?? 0, mask?.height ?? 0) });
        return;
      }
      case ops.paintInlineImageXObject: {
        const inline = args[0] as { width?: number; height?: number; kind?: number } | undefined;
        images.push({ width: inline?.width ?? 0, bilevel: inline?.kind === GRAYSCALE_1BPP, ...place(inline?.width ?? 0, inline?.height ?? 0) });
        return;
      }
      case ops.paintImageXObject: {
        const [objId, width, height] = args as [string, number, number];
        // The image's bit depth is known only once pdf.js has decoded it, during rendering.
        images.push({ width: Number(width) || 0, bilevel: false, objId, ...place(Number(width) || 0, Number(height) || 0) });
        return;
      }
    }
  });
  return images;
}
