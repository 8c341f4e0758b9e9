import { describe, expect, it } from 'vitest';
import { isComplete, isTransientName, observe } from '../../../electron/engine/intake/completeness.js';

const rule = { stableForMs: 2000, emptyStableForMs: 10_000 };

describe('the completeness rule for files in the drop folder', () => {
  it('waits until size and modification time have been still for the whole interval', () => {
    const track = observe(undefined, { size: 1000, mtimeMs: 1 }, 0);
    expect(isComplete(track, 1999, rule)).toBe(false);
    expect(isComplete(track, 2000, rule)).toBe(true);
  });

  it('starts the wait again whenever the file grows', () => {
    let track = observe(undefined, { size: 1000, mtimeMs: 1 }, 0);
    track = observe(track, { size: 5000, mtimeMs: 2 }, 1500);
    expect(isComplete(track, 2500, rule)).toBe(false);
    expect(isComplete(track, 3500, rule)).toBe(true);
  });

  it('notices a rewrite that keeps the size but changes the modification time', () => {
    let track = observe(undefined, { size: 1000, mtimeMs: 1 }, 0);
    track = observe(track, { size: 1000, mtimeMs: 9 }, 1900);
    expect(isComplete(track, 2100, rule)).toBe(false);
  });

  it('gives an empty file longer, because scanners create the file before writing into it', () => {
    const track = observe(undefined, { size: 0, mtimeMs: 1 }, 0);
    expect(isComplete(track, 5000, rule)).toBe(false);
    expect(isComplete(track, 10_000, rule)).toBe(true);
  });

  it.each(['.hidden.tif', '~scan.pdf', 'scan.tif.part', 'scan.TMP', 'a.crdownload', 'Thumbs.db', 'x.filepart'])('ignores the transient name %s', (name) => {
    expect(isTransientName(name)).toBe(true);
  });

  it.each(['scan.tif', 'Batch 12.pdf', 'IMG_0001.JPG', 'page.png'])('accepts the ordinary name %s', (name) => {
    expect(isTransientName(name)).toBe(false);
  });
});
