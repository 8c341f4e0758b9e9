import type { DateOrder } from '../../../../shared/domain/date-order.js';
import { type ReadDate, dateSpansIn } from '../../../../shared/domain/written-dates.js';
import { birthDatesIn } from './birth-dates.js';

/**
 * Pulls the patient identifiers out of OCR'd lines of a label, wristband print or letter
 * header: `Name: O'BRIEN, Mary`, `DOB 07/03/1984`, `MRN: 00123456`, or a bare label layout
 * (`O'BRIEN, Mary` on one line, `07.03.1984  F  00123456` on the next). Labelled values are
 * marked, so a caller can trust them more than a number that merely looks like an MRN.
 */

export interface FoundMrn {
  value: string;
  labelled: boolean;
  line: number;
}

/** A date read in the station's order (see ReadDate), and where it stood. */
export interface FoundBirthDate extends ReadDate {
  labelled: boolean;
  line: number;
}

export interface FoundName {
  /** The name as written, labels and other fields removed. */
  text: string;
  /** Set when the layout says which part is which ("FAMILY, Given" or a Surname: field). */
  family?: string;
  given?: string;
  labelled: boolean;
  line: number;
}

const MRN_LABEL = /\b(?:MRN|M\.R\.N\.?|MR\s*(?:No|Number|#)|Hosp(?:ital)?\.?\s*(?:No|Number|#)|Record\s*(?:No|Number|#)|Unit\s*(?:No|Number)|Patient\s*(?:ID|No|Number))\b\.?\s*[:#.]?\s*/i;
const DOB_LABEL = /\b(?:DOB|D\.O\.B\.?|Date\s+of\s+Birth|Birth\s*Date|Born|Geb(?:oren|\.)?)\s*[:.]?\s*/i;
const NAME_LABEL = /\b(?:Patient(?:'s)?\s+Name|Patient|Name|Surname|Family\s+Name|Pt\.?)\s*[:.]\s*/i;
const SURNAME_LABEL = /\b(?:Surname|Family\s+Name|Last\s+Name)\s*[:.]\s*/i;
const FORENAME_LABEL = /\b(?:Forenames?|Given\s+Names?|First\s+Names?)\s*[:.]\s*/i;
// Where a name field ends on a line that also carries other fields.
const OTHER_FIELD =
  /\b(?:Patient\s*(?:ID|No)|ID|DOB|D\.O\.B|Date\s+of\s+Birth|Born|MRN|M\.R\.N|MR\s*No|Hosp(?:ital)?\.?\s*No|NHS|Sex|Gender|Ward|Age|Unit\s*No|Record\s*No|Consultant|Address|Tel|Phone|Encounter|Visit)\b.*$/i;
const TITLES = /\b(?:MR|MRS|MS|MISS|MSTR|MASTER|DR|PROF|SIR|REV)\b\.?/gi;
const SEX_MARKER = /\(\s*[MFU]\s*\)|\b(?:male|female)\b/gi;

// Letters OCR reads in place of digits inside a number.
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', '|': '1', i: '1', Z: '2', S: '5', s: '5', G: '6', B: '8', g: '9' };

/** An OCR'd MRN with look-alike letters read as digits, when it is mostly digits. */
export function repairOcrDigits(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  if (digits < value.length / 2) return value;
  return value.replace(/[OoDQIl|iZSsGBg]/g, (c) => DIGIT_LOOKALIKES[c] ?? c);
}

export function findMrns(lines: readonly string[]): FoundMrn[] {
  const found: FoundMrn[] = [];
  const seen = new Set<string>();
  const add = (value: string, labelled: boolean, line: number) => {
    const clean = value.replace(/[\s-]/g, '');
    if (clean.length < 4 || seen.has(clean)) return;
    seen.add(clean);
    found.push({ value: clean, labelled, line });
  };
  lines.forEach((text, line) => {
    const label = MRN_LABEL.exec(text);
    if (label) {
      const after = text.slice(label.index + label[0].length);
      const value = /^[A-Z0-9OoIl|][A-Z0-9OoIl| -]{3,15}?(?=\s{2,}|\s*$|\s+[A-Za-z]{2,}|\s*[,;|])/.exec(after);
      if (value) add(repairOcrDigits(value[0].trim()), true, line);
    }
    // Bare numbers on a label line: 6 to 10 digits that are not part of a date.
    const withoutDates = dateSpansIn(text).reduce((t, d) => t.replace(d.text, ' '), text);
    for (const m of withoutDates.matchAll(/(?<![\d/.-])\d{6,10}(?![\d/.-])/g)) add(m[0], false, line);
  });
  return found;
}

export function findBirthDates(lines: readonly string[], order: DateOrder, today?: Date): FoundBirthDate[] {
  const found: FoundBirthDate[] = [];
  lines.forEach((text, line) => {
    const label = DOB_LABEL.exec(text);
    for (const { index, ...d } of birthDatesIn(text, order, today)) {
      const labelled = !!label && index >= label.index && index <= label.index + label[0].length + 2;
      found.push({ ...d, labelled, line });
    }
  });
  // Labelled dates first: a letter header also carries the date of the letter.
  return found.sort((a, b) => Number(b.labelled) - Number(a.labelled));
}

/** A line (or the rest of one) with labels, dates, numbers, titles and sex markers removed. */
export function nameText(text: string): string {
  let t = text.replace(OTHER_FIELD, ' ');
  for (const d of dateSpansIn(t)) t = t.replace(d.text, ' ');
  return t
    .replace(NAME_LABEL, ' ')
    .replace(TITLES, ' ')
    .replace(SEX_MARKER, ' ')
    .replace(/[0-9#:;|()[\]{}<>_*=+"]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.-]+|[\s,.-]+$/g, '');
}

const hasNameWord = (text: string) => /\p{L}{2,}/u.test(text);

export function findNames(lines: readonly string[]): FoundName[] {
  const found: FoundName[] = [];
  let surname: { text: string; line: number } | null = null;
  lines.forEach((raw, line) => {
    const surnameLabel = SURNAME_LABEL.exec(raw);
    const forenameLabel = FORENAME_LABEL.exec(raw);
    if (surnameLabel && !forenameLabel) {
      surname = { text: nameText(raw.slice(surnameLabel.index + surnameLabel[0].length)), line };
      return;
    }
    if (forenameLabel) {
      const given = nameText(raw.slice(forenameLabel.index + forenameLabel[0].length));
      const family = surnameLabel ? nameText(raw.slice(surnameLabel.index + surnameLabel[0].length, forenameLabel.index)) : surname?.text;
      if (family && hasNameWord(family)) found.push({ text: `${family}, ${given}`, family, given, labelled: true, line });
      surname = null;
      return;
    }
    const label = NAME_LABEL.exec(raw);
    const text = nameText(label ? raw.slice(label.index + label[0].length) : raw);
    if (!hasNameWord(text)) return;
    const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
    if (comma) {
      found.push({ text, family: comma[1]!.trim(), given: comma[2]!.trim(), labelled: !!label, line });
      return;
    }
    const words = text.split(' ');
    // An unlabelled line is a name only if it looks like one: two to four words, one of them in
    // capitals (label printers write the family name that way).
    if (!label && !(words.length >= 2 && words.length <= 4 && words.some((w) => w.length >= 2 && w === w.toUpperCase() && /\p{Lu}/u.test(w)))) return;
    const upper = words.filter((w) => w.length >= 2 && w === w.toUpperCase());
    if (upper.length > 0 && upper.length < words.length) {
      found.push({ text, family: upper.join(' '), given: words.filter((w) => !upper.includes(w)).join(' '), labelled: !!label, line });
    } else found.push({ text, labelled: !!label, line });
  });
  const pending = surname as { text: string; line: number } | null;
  if (pending && hasNameWord(pending.text)) found.push({ text: pending.text, family: pending.text, labelled: true, line: pending.line });
  return found;
}
