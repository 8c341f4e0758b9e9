import { describe, expect, it } from 'vitest';
import { contrastText, sharpnessText } from '../../../renderer/lib/page-measurements.js';
import { goToLegend, sectionKeys } from '../../../renderer/lib/shortcuts.js';
import { applyZoomKey } from '../../../renderer/stores/viewer.js';

describe('page measurement words', () => {
  it('says a dash before the page is measured, and that a blank page has no print to measure', () => {
    expect(contrastText(null, false)).toBe('—');
    expect(sharpnessText(null, true)).toBe('—');
    expect(contrastText(0.9, true)).toBe('No print to measure');
    expect(sharpnessText(0.9, true)).toBe('No print to measure');
  });

  it('grades contrast from its floor up (0.5 good, 0.3 fair, below that poor)', () => {
    const good = 'Good: dark print on light paper';
    const fair = 'Fair: print is a little faint';
    expect([0.5, 0.49, 0.3, 0.29, 0].map((c) => contrastText(c, false))).toEqual([good, fair, fair, 'Poor: print is faint', 'Poor: print is faint']);
    expect(contrastText(0.3, null)).toBe(fair);
  });

  it('grades sharpness from its floor up (0.25 sharp, 0.1 a little soft, below that blurred)', () => {
    expect([0.25, 0.24, 0.1, 0.09].map((s) => sharpnessText(s, false))).toEqual(['Sharp', 'A little soft', 'A little soft', 'Blurred']);
  });
});

describe('zoom keys', () => {
  const viewer = () => {
    const calls: string[] = [];
    const record = (name: string) => () => void calls.push(name);
    return { calls, viewer: { zoomIn: record('zoomIn'), zoomOut: record('zoomOut'), fitPage: record('fitPage'), fitWidth: record('fitWidth') } };
  };

  it.each([
    ['+', 'zoomIn'],
    ['=', 'zoomIn'],
    ['-', 'zoomOut'],
    ['_', 'zoomOut'],
    ['0', 'fitPage'],
    ['w', 'fitWidth'],
    ['W', 'fitWidth'],
  ])('%s runs %s', (key, action) => {
    const { calls, viewer: v } = viewer();
    expect(applyZoomKey(key, v)).toBe(true);
    expect(calls).toEqual([action]);
  });

  it('leaves every other key alone, including names an object has of its own', () => {
    const { calls, viewer: v } = viewer();
    for (const key of ['x', '1', 'Enter', 'toString', 'constructor', '__proto__']) expect(applyZoomKey(key, v)).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('screen legends', () => {
  it('names a section with the sequence the sidebar shows for it', () => {
    expect(goToLegend('batches', 'delivery', 'review')).toEqual([
      { keys: [sectionKeys.batches], action: 'Batches' },
      { keys: [sectionKeys.delivery], action: 'Delivery' },
      { keys: [sectionKeys.review], action: 'QC review' },
    ]);
    expect(goToLegend('intake')).toEqual([{ keys: ['G I'], action: 'Intake' }]);
  });
});
