/**
 * When two MRNs name the same record. Labels, cover sheets, OCR and the patient index write
 * the same number differently: with spaces or dashes ("00-123 456"), with leading zeros a
 * printer kept or dropped, in either case where the hospital uses letters. The engine's QC,
 * its patient matching and the screens all ask this, and nothing else.
 */
export const mrnKey = (mrn: string): string =>
  mrn
    .trim()
    .replace(/[\s-]/g, '')
    .toUpperCase()
    .replace(/^0+(?=.)/, '');

export const sameMrn = (a: string, b: string): boolean => mrnKey(a) === mrnKey(b);
