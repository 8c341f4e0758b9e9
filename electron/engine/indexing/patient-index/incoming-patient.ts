import type { PatientSex } from '../../../../shared/domain/patient.js';
import { strictBirthDate } from './birth-dates.js';

/**
 * A patient as an import file states it, checked. Optional fields left undefined were not in
 * the file at all (a CSV without a phone column), so an update keeps what the index had;
 * null means the file says "none".
 */
export interface IncomingPatient {
  mrn: string;
  family: string;
  given: string | null;
  birthDate: string | null;
  sex: PatientSex;
  middle?: string | null;
  encounter?: string | null;
  phone?: string | null;
  address?: string | null;
}

/** The raw text of each field, before checking; undefined when the source has no such field. */
export interface RawPatientFields {
  mrn?: string | undefined;
  family?: string | undefined;
  given?: string | undefined;
  middle?: string | undefined;
  birthDate?: string | undefined;
  sex?: string | undefined;
  encounter?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
}

const SEX_CODES: Record<string, PatientSex> = {
  F: 'female',
  FEMALE: 'female',
  M: 'male',
  MALE: 'male',
  O: 'other',
  OTHER: 'other',
  U: 'unknown',
  UNKNOWN: 'unknown',
  '': 'unknown',
};

const tidy = (value: string | undefined) => value?.replace(/\s+/g, ' ').trim();
const orNull = (value: string | undefined) => (value ? value : null);
const optional = (value: string | undefined) => (value === undefined ? undefined : orNull(tidy(value)));
// Line breaks in an address are the lines of the envelope: kept, each line tidied.
const tidyLines = (value: string | undefined) =>
  value === undefined
    ? undefined
    : orNull(
        value
          .split(/\r\n|\r|\n/)
          .map((l) => tidy(l))
          .filter(Boolean)
          .join('\n'),
      );

export type Checked = { ok: true; patient: IncomingPatient } | { ok: false; reason: string };

export function checkPatient(raw: RawPatientFields, today?: Date): Checked {
  // Letters in MRNs are case-blind to every system that issues them; one case keeps lookups exact.
  const mrn = (tidy(raw.mrn) ?? '').toUpperCase();
  if (!mrn) return { ok: false, reason: 'the MRN is missing' };
  if (/\s/.test(mrn)) return { ok: false, reason: `the MRN "${mrn}" contains a space` };
  const family = tidy(raw.family) ?? '';
  if (!family) return { ok: false, reason: 'the family name is missing' };
  if (!/\p{L}/u.test(family)) return { ok: false, reason: `the family name "${family}" has no letters` };

  const dateText = tidy(raw.birthDate) ?? '';
  const birthDate = dateText ? strictBirthDate(dateText, today) : null;
  if (dateText && !birthDate) return { ok: false, reason: `the birth date "${dateText}" is not a real past date written YYYY-MM-DD` };

  const sexText = (tidy(raw.sex) ?? '').toUpperCase();
  const sex = SEX_CODES[sexText];
  if (!sex) return { ok: false, reason: `the sex code "${tidy(raw.sex)}" is not one of F, M, O, U (or female, male, other, unknown)` };

  const patient: IncomingPatient = { mrn, family, given: orNull(tidy(raw.given)), birthDate, sex };
  const middle = optional(raw.middle);
  const encounter = optional(raw.encounter);
  const phone = optional(raw.phone);
  const address = tidyLines(raw.address);
  if (middle !== undefined) patient.middle = middle;
  if (encounter !== undefined) patient.encounter = encounter;
  if (phone !== undefined) patient.phone = phone;
  if (address !== undefined) patient.address = address;
  return { ok: true, patient };
}
