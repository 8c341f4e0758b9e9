import { describe, expect, it } from 'vitest';
import { pageRenderDpi } from '../../../electron/engine/imaging/decode-pdf.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import type { ImageOnPage } from '../../../electron/engine/imaging/pdf-page-images.js';

const letter = { width: 8.5, height: 11 };
const image = (dpi: number, areaInches: number): ImageOnPage => ({ width: 100, bilevel: false, dpi, areaInches });

describe('the resolution a PDF page is rendered at', () => {
  it("is the scan's own on a page that is one scanned image", () => {
    expect(pageRenderDpi([image(200, 93.5)], letter, defaultScanLimits)).toBe(200);
  });

  it("is the label's own when a label scanned alone is placed on a larger page", () => {
    // 2.6 x 1 in at 300 dpi on a letter page: its pixels over the page's width would be 92 dpi.
    expect(pageRenderDpi([image(300, 2.6)], letter, defaultScanLimits)).toBe(300);
  });

  it('rises to a sizeable finer image up to 300 dpi, and no further', () => {
    expect(pageRenderDpi([image(150, 93.5), image(300, 3)], letter, defaultScanLimits)).toBe(300);
    expect(pageRenderDpi([image(150, 93.5), image(1200, 3)], letter, defaultScanLimits)).toBe(300);
    expect(pageRenderDpi([image(600, 93.5)], letter, defaultScanLimits)).toBe(600);
  });

  it('ignores icons and rules (under half a square inch) and says so for a page without images', () => {
    expect(pageRenderDpi([image(150, 93.5), image(2000, 0.1)], letter, defaultScanLimits)).toBe(150);
    expect(pageRenderDpi([image(2000, 0.1)], letter, defaultScanLimits)).toBeNull();
    expect(pageRenderDpi([], letter, defaultScanLimits)).toBeNull();
  });

  it('stays within 100-600 dpi and within the page pixel limit', () => {
    expect(pageRenderDpi([image(72, 93.5)], letter, defaultScanLimits)).toBe(100);
    // A 40 x 30 inch drawing scanned at 600 dpi would be 432 Mpx: rendered as fine as 70 Mpx allows.
    const dpi = pageRenderDpi([image(600, 1200)], { width: 40, height: 30 }, defaultScanLimits)!;
    expect(40 * dpi * 30 * dpi).toBeLessThanOrEqual(defaultScanLimits.maxPixelsPerPage);
    expect(dpi).toBeGreaterThan(230);
  });
});
