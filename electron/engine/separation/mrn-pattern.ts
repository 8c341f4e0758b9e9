/**
 * The default patient-label rule: 6 to 10 digits, optionally prefixed MRN, MRN: or MRN=.
 * Configurable per site (some hospitals use letters); the pattern must capture the MRN as
 * its first group.
 */
export const defaultMrnPattern = '^(?:MRN[:=]?\\s*)?(\\d{6,10})$';

export function mrnFromBarcode(text: string, pattern: string = defaultMrnPattern): string | null {
  const match = new RegExp(pattern, 'i').exec(text.trim());
  return match?.[1] ?? null;
}
