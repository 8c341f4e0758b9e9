/** Plain words for image measurements (see electron/engine/recognition/page-metrics.ts for the scales). */
export const resolutionText = (dpi: number): string => {
  const d = Math.round(dpi);
  if (d >= 300) return `${d} DPI, fine`;
  if (d >= 200) return `${d} DPI, good for reading`;
  if (d >= 150) return `${d} DPI, low: small print may read poorly`;
  return `${d} DPI, too low for reliable reading`;
};

/** Words for a measurement: `texts[i]` from `floors[i]` up, the last text below every floor. */
interface Scale {
  floors: readonly number[];
  texts: readonly string[];
}
const onScale = (value: number, { floors, texts }: Scale): string => {
  const grade = floors.findIndex((floor) => value >= floor);
  return texts[grade === -1 ? floors.length : grade]!;
};

const contrastScale: Scale = { floors: [0.5, 0.3], texts: ['Good: dark print on light paper', 'Fair: print is a little faint', 'Poor: print is faint'] };
const sharpnessScale: Scale = { floors: [0.25, 0.1], texts: ['Sharp', 'A little soft', 'Blurred'] };

/** A measurement of the print: a dash until it is measured, and a blank page has no print to measure. */
const printText = (value: number | null, blank: boolean | null, scale: Scale): string => (value === null ? '—' : blank ? 'No print to measure' : onScale(value, scale));

export const contrastText = (contrast: number | null, blank: boolean | null): string => printText(contrast, blank, contrastScale);

export const sharpnessText = (sharpness: number | null, blank: boolean | null): string => printText(sharpness, blank, sharpnessScale);
