import { defaultMrnPattern } from './mrn-pattern.js';

/** How a batch is split into documents; each rule is a site setting. */
export interface SeparationRules {
  /** Barcode values that mark a separator sheet (compared case-insensitively). */
  separatorValues: string[];
  /** Barcode formats a cover sheet may use. */
  coverSheetFormats: string[];
  /** A regular expression whose first group is the MRN (patient labels). */
  mrnPattern: string;
}

export const defaultSeparationRules: SeparationRules = {
  separatorValues: ['PATCHT'],
  coverSheetFormats: ['QRCode', 'DataMatrix', 'PDF417'],
  mrnPattern: defaultMrnPattern,
};
