import { z } from 'zod';
import { ReadDate } from './written-dates.js';

/** FHIR's administrative gender; CSV codes F/M/O/U are read into these. */
export const PatientSex = z.enum(['female', 'male', 'other', 'unknown']);
export type PatientSex = z.infer<typeof PatientSex>;

/** Where a patient row last came from, so a clerk can tell a stale CSV row from the FHIR feed. */
export const PatientSource = z.enum(['csv', 'fhir']);
export type PatientSource = z.infer<typeof PatientSource>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One patient of the master patient index as the workstation holds it. */
export const Patient = z.object({
  mrn: z.string().min(1),
  family: z.string().min(1),
  given: z.string().nullable(),
  middle: z.string().nullable(),
  /** YYYY-MM-DD; null when the MPI does not know it. */
  birthDate: isoDate.nullable(),
  sex: PatientSex,
  encounter: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  source: PatientSource,
  updatedAt: z.string(),
});
export type Patient = z.infer<typeof Patient>;

/**
 * A patient's name as every screen, message and command writes it: "O'BRIEN, Mary Bridget",
 * family name first and in capitals, as on wristbands and labels. (Staff are named by their
 * display name.)
 */
export const patientName = (p: Pick<Patient, 'family' | 'given' | 'middle'>): string => {
  const given = [p.given, p.middle].filter(Boolean).join(' ');
  return given ? `${p.family.toUpperCase()}, ${given}` : p.family.toUpperCase();
};

/** The parts of a patient a search can match; a middle name counts as given. */
export const PatientSearchField = z.enum(['mrn', 'family', 'given', 'birthDate']);
export type PatientSearchField = z.infer<typeof PatientSearchField>;

/** How a part matched, best first: typed exactly, typed so far, sounds alike, one slip of the keyboard. */
export const MatchKind = z.enum(['exact', 'prefix', 'phonetic', 'typo']);
export type MatchKind = z.infer<typeof MatchKind>;

export const PatientSearchResult = z.object({
  patient: Patient,
  /** Higher is better; only comparable within one search. */
  score: z.number(),
  matched: z.array(z.object({ field: PatientSearchField, how: MatchKind })),
});
export type PatientSearchResult = z.infer<typeof PatientSearchResult>;

/** The identifiers a document can carry for its patient. */
export const PatientIdentifier = z.enum(['mrn', 'name', 'birthDate']);
export type PatientIdentifier = z.infer<typeof PatientIdentifier>;

export const MrnEvidenceSource = z.enum(['barcode', 'cover-sheet', 'ocr']);
export type MrnEvidenceSource = z.infer<typeof MrnEvidenceSource>;

/** What a page says about its patient, as read (raw OCR text, not cleaned). */
export const PatientEvidence = z.object({
  mrns: z.array(z.object({ value: z.string(), source: MrnEvidenceSource })),
  names: z.array(z.string()),
  /** Printed dates of birth, read in the station's date order (the other reading kept when there is one). */
  birthDates: z.array(ReadDate),
});
export type PatientEvidence = z.infer<typeof PatientEvidence>;

/**
 * A patient the evidence may belong to. 'high' needs two identifiers that agree and none that
 * disagrees; anything less is 'weak' and a clerk decides.
 */
export const PatientMatch = z.object({
  patient: Patient,
  confidence: z.enum(['high', 'weak']),
  agreed: z.array(PatientIdentifier),
  disagreed: z.array(PatientIdentifier),
  /**
   * Identifiers that fit only when a printed date is read in the other date order ("confirms
   * under the other order"): shown, never counted as agreeing nor as disagreeing.
   */
  otherOrder: z.array(PatientIdentifier),
});
export type PatientMatch = z.infer<typeof PatientMatch>;

export const ImportRejection = z.object({
  /** The physical line of the file where the rejected record starts (1-based). */
  line: z.number().int().min(1),
  reason: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ImportSummary = z.object({
  inserted: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejected: z.array(ImportRejection),
});
export type ImportSummary = z.infer<typeof ImportSummary>;
