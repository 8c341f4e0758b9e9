import { z } from 'zod';

/**
 * How a batch is split into documents; each rule is a site setting. One schema for the config
 * file, Settings > Separation rules (the form checks with it before it sends) and the engine.
 */

/**
 * The default patient-label rule: 6 to 10 digits, optionally prefixed MRN, MRN: or MRN=.
 * Configurable per site (some hospitals use letters); the pattern must capture the MRN as
 * its first group.
 */
export const DEFAULT_MRN_PATTERN = '^(?:MRN[:=]?\\s*)?(\\d{6,10})$';

/** Barcode formats a cover sheet may use (zxing's names). */
export const CoverSheetFormat = z.enum(['QRCode', 'DataMatrix', 'PDF417', 'Aztec']);
export type CoverSheetFormat = z.infer<typeof CoverSheetFormat>;

/** Patient labels are read case-insensitively: "mrn: 123456" is a label too. */
const mrnRegExp = (pattern: string) => new RegExp(pattern, 'i');

/** Why a pattern cannot read patient labels, in a sentence; null when it can. */
function mrnPatternProblem(pattern: string): string | null {
  try {
    mrnRegExp(pattern);
  } catch {
    return 'This is not a valid regular expression.';
  }
  // A capturing group: "(" not followed by "?" (which would make it non-capturing or a look-around).
  return /\((?!\?)/.test(pattern) ? null : 'Put the MRN in a capturing group, e.g. (\\d{6,10}).';
}

export const MrnPattern = z
  .string()
  .min(1, 'Enter the pattern patient labels follow.')
  .max(200, 'Keep the pattern under 200 characters.')
  .superRefine((pattern, ctx) => {
    const problem = mrnPatternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const MAX_SEPARATOR_VALUES = 20;

/** A value printed in a separator sheet's barcode. */
export const SeparatorValue = z.string().trim().min(1, 'Type the value printed in the separator sheet’s barcode.').max(64, 'A separator value is at most 64 characters.');

export const SeparationRules = z.strictObject({
  /** Barcode values that mark a separator sheet (compared case-insensitively). */
  separatorValues: z.array(SeparatorValue).min(1, 'Keep at least one separator value.').max(MAX_SEPARATOR_VALUES, `At most ${MAX_SEPARATOR_VALUES} separator values.`),
  /** Barcode formats a cover sheet may use. */
  coverSheetFormats: z.array(CoverSheetFormat).min(1, 'Choose at least one barcode format for cover sheets.'),
  /** A regular expression whose first group is the MRN (patient labels). */
  mrnPattern: MrnPattern,
});
export type SeparationRules = z.infer<typeof SeparationRules>;

export const defaultSeparationRules: SeparationRules = {
  separatorValues: ['PATCHT'],
  coverSheetFormats: ['QRCode', 'DataMatrix', 'PDF417'],
  mrnPattern: DEFAULT_MRN_PATTERN,
};

/** The MRN a barcode value gives under `pattern`, or null when it is not a patient label. */
export function mrnFromBarcode(text: string, pattern: string = DEFAULT_MRN_PATTERN): string | null {
  return mrnRegExp(pattern).exec(text.trim())?.[1] ?? null;
}

/** What a sample barcode value gives under a pattern being edited (Settings shows it as the admin types). */
export type MrnTest = { kind: 'mrn'; mrn: string } | { kind: 'no-match' } | { kind: 'no-group' } | { kind: 'invalid-pattern' };

export function testMrnPattern(pattern: string, value: string): MrnTest {
  let match: RegExpExecArray | null;
  try {
    match = mrnRegExp(pattern).exec(value.trim());
  } catch {
    return { kind: 'invalid-pattern' };
  }
  if (!match) return { kind: 'no-match' };
  const mrn = match[1];
  return mrn === undefined ? { kind: 'no-group' } : { kind: 'mrn', mrn };
}
