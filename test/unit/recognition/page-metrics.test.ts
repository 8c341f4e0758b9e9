import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateSkew } from '../../../electron/engine/recognition/orientation.js';
import { measurePage } from '../../../electron/engine/recognition/page-metrics.js';
import { renderPage } from '../../../scripts/samples/index.js';
import { grayOf, withScannerEdge, withSignature } from './recognition-fixtures.js';

// 200 dpi keeps each render fast; the thresholds are in mm and mm², so 300 dpi behaves the same
// (one 300-dpi case below checks that).
const DPI = 200;
/** Ink area in mm² from coverage of a letter page's inside (the 8 mm edge band excluded). */
const mm2 = (coverage: number) => coverage * (215.9 - 16) * (279.4 - 16);

async function measure(png: Buffer, dpi = DPI) {
  return measurePage(await grayOf(png), dpi);
}

describe('blank page detection from the image', () => {
  it.each([0, 0.1, 0.5, 1])('a blank sheet with speckle noise %s is blank', async (noise) => {
    const page = await renderPage({ seed: 101, dpi: DPI, blank: true, noise });
    const metrics = await measure(page.png);
    expect(metrics.blank).toBe(true);
    expect(metrics.inkCoverage).toBeLessThan(0.00005);
  });

  it.each([
    ['left', 6],
    ['right', 10],
    ['bottom', 4],
  ] as const)('a blank duplex back with noise and a %s scanner edge of %s mm is blank', async (side, width) => {
    const page = await renderPage({ seed: 102, dpi: DPI, blank: true, noise: 0.3 });
    const metrics = await measure(await withScannerEdge(page.png, DPI, side, width));
    expect(metrics.blank).toBe(true);
    expect(metrics.brightness).toBeLessThan(254); // the band is there, it just is not content
  });

  it('a blank page at 300 dpi with heavy noise and an edge is blank too', async () => {
    const page = await renderPage({ seed: 103, dpi: 300, blank: true, noise: 1 });
    expect((await measure(await withScannerEdge(page.png, 300, 'left', 5), 300)).blank).toBe(true);
  });

  it('a page with only a one-word title is not blank', async () => {
    const page = await renderPage({ seed: 104, dpi: DPI, title: 'Consent', lines: [] });
    const metrics = await measure(page.png);
    expect(metrics.blank).toBe(false);
    // Measured about 31 mm² of ink: eight times the 4 mm² blank limit.
    expect(mm2(metrics.inkCoverage)).toBeGreaterThan(15);
  });

  it('a page with only a signature is not blank, even with noise', async () => {
    const page = await renderPage({ seed: 105, dpi: DPI, blank: true, noise: 0.3 });
    const metrics = await measure(await withSignature(page.png, DPI));
    expect(metrics.blank).toBe(false);
    expect(metrics.inkBox).not.toBeNull();
  });

  it('a page with only a patient label is not blank', async () => {
    const page = await renderPage({ seed: 106, dpi: DPI, label: true, title: '', lines: [] });
    expect((await measure(page.png)).blank).toBe(false);
  });

  it('a text page is not blank and has sensible contrast, brightness and coverage', async () => {
    const page = await renderPage({ seed: 107, dpi: DPI, noise: 0.1 });
    const metrics = await measure(page.png);
    expect(metrics.blank).toBe(false);
    expect(metrics.inkCoverage).toBeGreaterThan(0.005);
    expect(metrics.inkCoverage).toBeLessThan(0.1);
    expect(metrics.contrast).toBeGreaterThan(0.6);
    expect(metrics.brightness).toBeGreaterThan(230);
  });
});

describe('image quality measures', () => {
  it('sharpness drops on a blurred scan and does not depend on resolution', async () => {
    const at = async (dpi: number) => {
      const page = await renderPage({ seed: 108, dpi });
      const crisp = await measure(page.png, dpi);
      const blurred = await measure(
        await sharp(page.png)
          .blur((0.25 / 25.4) * dpi)
          .png()
          .toBuffer(),
        dpi,
      );
      return { crisp: crisp.sharpness, blurred: blurred.sharpness };
    };
    const [low, high] = [await at(200), await at(300)];
    expect(low.blurred).toBeLessThan(low.crisp / 4);
    expect(high.blurred).toBeLessThan(high.crisp / 4);
    // Measured 1.00 (200 dpi) and 1.37 (300 dpi) for the same page: same order, not 1.5² apart.
    expect(high.crisp / low.crisp).toBeGreaterThan(0.6);
    expect(high.crisp / low.crisp).toBeLessThan(1.7);
  });

  it('contrast falls on a faded scan', async () => {
    const page = await renderPage({ seed: 109, dpi: DPI });
    const faded = await sharp(page.png).linear(0.45, 140).png().toBuffer();
    const [normal, weak] = [await measure(page.png), await measure(faded)];
    expect(weak.blank).toBe(false);
    expect(weak.contrast).toBeLessThan(normal.contrast * 0.6);
  });
});

describe('skew estimate', () => {
  it.each([2.5, -2, 3, -3, 0])('finds a %s° feeder skew within 0.5°', async (skewDegrees) => {
    const page = await renderPage({ seed: 110, dpi: DPI, skewDegrees, noise: 0.1 });
    const metrics = await measure(page.png);
    const skew = estimateSkew(metrics.mask);
    expect(Math.abs(skew.degrees - skewDegrees)).toBeLessThan(0.5);
  });

  it('gives no skew on a blank page', async () => {
    const page = await renderPage({ seed: 111, dpi: DPI, blank: true, noise: 0.5 });
    expect(estimateSkew((await measure(page.png)).mask).degrees).toBe(0);
  });
});
