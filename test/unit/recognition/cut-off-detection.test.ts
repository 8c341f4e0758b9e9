import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { measurePage } from '../../../electron/engine/recognition/page-metrics.js';
import { renderPage } from '../../../scripts/samples/index.js';

const DPI = 150;
const gray = async (png: Buffer) => {
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
};

describe('text cut off by the page border', () => {
  it('counts the letters sliced when the scan stops inside the text', async () => {
    const page = await renderPage({ seed: 41, dpi: DPI });
    const meta = await sharp(page.png).metadata();
    const whole = measurePage(await gray(page.png), DPI);
    expect(whole.cutOffGlyphs).toBe(0);
    // The scanned area ends 1 mm into the text: the first letter of every line is sliced.
    const left = whole.inkBox!.x + Math.round(DPI / 25.4);
    const cut = await sharp(page.png)
      .extract({ left, top: 0, width: meta.width! - left, height: meta.height! })
      .png()
      .toBuffer();
    expect(measurePage(await gray(cut), DPI).cutOffGlyphs).toBeGreaterThanOrEqual(4);
  });

  it('does not count a scanner’s dark edge as cut text', async () => {
    const page = await renderPage({ seed: 42, dpi: DPI, blank: true, noise: 0.5 });
    const meta = await sharp(page.png).metadata();
    const band = await sharp({ create: { width: Math.round(0.25 * DPI), height: meta.height!, channels: 3, background: '#111' } })
      .png()
      .toBuffer();
    const withEdge = await sharp(page.png)
      .composite([{ input: band, left: 0, top: 0 }])
      .png()
      .toBuffer();
    expect(measurePage(await gray(withEdge), DPI).cutOffGlyphs).toBe(0);
  });
});
