import type { PatientEvidence, PatientIdentifier, PatientMatch } from '../../../../shared/domain/patient.js';
import { fitName, nameTermsOf } from './name-match.js';
import { nameWords } from './name-folding.js';
import { type FoundName, findNames, nameText, repairOcrDigits } from './ocr-identifiers.js';
import type { PatientIndex, StoredPatient } from './patient-index.js';
import { searchPatients } from './patient-search.js';

/**
 * Which patient a document belongs to, from what its pages say. Two identifiers must agree
 * and none disagree for 'high'; a single one is 'weak'. A label whose MRN is one patient's
 * and whose name and birth date are another's gives neither a 'high': both come back weak
 * with the disagreement spelled out, because filing a page under the wrong patient is the one
 * mistake a records department cannot afford.
 *
 * A printed date of birth counts in the station's date order only. When just its other
 * reading is the patient's (05/08/1971 on a label for someone born 1971-05-08, at a day-first
 * station), it "confirms under the other order": shown, but neither an agreement nor a
 * disagreement.
 */

type Verdict = 'agree' | 'disagree' | 'neutral' | 'other-order';

interface NameEvidence {
  words: { text: string; family: boolean; given: boolean }[];
  /** The layout or a label says this is a name, so a mismatch is a real disagreement. */
  trusted: boolean;
}

/** Candidates from names are looked up this deep; a label's name is rarely this common with the same birth date. */
const NAME_CANDIDATES = 25;

export function matchPatient(index: PatientIndex, evidence: PatientEvidence): PatientMatch[] {
  const mrnValues = mrnEvidence(index, evidence);
  const names = nameEvidence(evidence.names);
  const birthDates = [...new Set(evidence.birthDates.map((d) => d.date))];
  const otherReadings = [...new Set(evidence.birthDates.flatMap((d) => (d.otherReading && !birthDates.includes(d.otherReading) ? [d.otherReading] : [])))];
  // Candidates are looked up under both readings, so a patient who fits only the other one is shown with that said.
  const lookupDates = [...birthDates, ...otherReadings];

  const candidates = new Map<number, StoredPatient>();
  const add = (p: StoredPatient | null) => {
    if (p && !candidates.has(p.id)) candidates.set(p.id, p);
  };
  for (const m of mrnValues.found) add(m);
  for (const name of names) {
    const words = name.words;
    const withDates = searchPatients(index, { mrns: [], birthDates: lookupDates, preferredBirthDates: birthDates.length, words }, { limit: NAME_CANDIDATES });
    const alone = searchPatients(index, { mrns: [], birthDates: [], preferredBirthDates: 0, words }, { limit: NAME_CANDIDATES });
    // The family born the same day (twins): offered so the clerk sees why the given name matters.
    const familyWords = words.filter((w) => w.family);
    const family =
      familyWords.length > 0 && birthDates.length > 0
        ? searchPatients(index, { mrns: [], birthDates: lookupDates, preferredBirthDates: birthDates.length, words: familyWords }, { limit: NAME_CANDIDATES })
        : [];
    for (const r of [...withDates, ...alone, ...family]) add(index.byMrn(r.patient.mrn));
  }

  const matches: (PatientMatch & { nameScore: number })[] = [];
  for (const patient of candidates.values()) {
    const agreed: PatientIdentifier[] = [];
    const disagreed: PatientIdentifier[] = [];
    const otherOrder: PatientIdentifier[] = [];
    const note = (identifier: PatientIdentifier, verdict: Verdict) => {
      if (verdict === 'agree') agreed.push(identifier);
      else if (verdict === 'disagree') disagreed.push(identifier);
      else if (verdict === 'other-order') otherOrder.push(identifier);
    };
    // MRNs of two patients on one document (a sticker on someone else's letter) agree with nobody.
    const named = mrnValues.found.some((p) => p.id === patient.id);
    const onlyThis = mrnValues.found.every((p) => p.id === patient.id);
    note('mrn', named ? (onlyThis ? 'agree' : 'disagree') : mrnValues.conclusive ? 'disagree' : 'neutral');
    const name = nameVerdict(patient, names);
    note('name', name.verdict);
    note('birthDate', birthDateVerdict(patient.birthDate, birthDates, otherReadings));
    if (agreed.length === 0) continue;
    const { id: _id, ...plain } = patient;
    matches.push({ patient: plain, confidence: agreed.length >= 2 && disagreed.length === 0 ? 'high' : 'weak', agreed, disagreed, otherOrder, nameScore: name.score });
  }
  // Two patients both fitting (twins on a label without a given name) is no answer at all.
  if (matches.filter((m) => m.confidence === 'high').length > 1) for (const m of matches) m.confidence = 'weak';
  return matches
    .sort(
      (a, b) =>
        Number(b.confidence === 'high') - Number(a.confidence === 'high') ||
        b.agreed.length - a.agreed.length ||
        a.disagreed.length - b.disagreed.length ||
        b.otherOrder.length - a.otherOrder.length ||
        b.nameScore - a.nameScore ||
        a.patient.mrn.localeCompare(b.patient.mrn),
    )
    .map(({ nameScore: _score, ...m }) => m);
}

function birthDateVerdict(birthDate: string | null, read: readonly string[], otherReadings: readonly string[]): Verdict {
  if (read.length === 0 || !birthDate) return 'neutral';
  if (read.includes(birthDate)) return 'agree';
  return otherReadings.includes(birthDate) ? 'other-order' : 'disagree';
}

/**
 * The patients the MRNs on the page name. A barcode or cover-sheet MRN is conclusive (a
 * patient with another MRN disagrees with it); an OCR'd number is conclusive only when it is
 * some patient's MRN, since a misread digit names nobody.
 */
function mrnEvidence(index: PatientIndex, evidence: PatientEvidence): { found: StoredPatient[]; conclusive: boolean } {
  const found: StoredPatient[] = [];
  let conclusive = false;
  for (const { value, source } of evidence.mrns) {
    const cleaned = value.trim().replace(/[\s-]/g, '').toUpperCase();
    const tries = source === 'ocr' ? [cleaned, repairOcrDigits(cleaned)] : [cleaned, value.trim()];
    const patient = tries.map((t) => index.byMrn(t)).find((p) => p !== null) ?? null;
    if (patient) {
      if (!found.some((p) => p.id === patient.id)) found.push(patient);
      conclusive = true;
    } else if (source !== 'ocr') conclusive = true;
  }
  return { found, conclusive };
}

function nameEvidence(lines: readonly string[]): NameEvidence[] {
  const out: NameEvidence[] = [];
  const found: FoundName[] = findNames(lines);
  const fromLines = found.length > 0 ? found : lines.map((l) => ({ text: nameText(l), labelled: false }) as FoundName);
  for (const f of fromLines) {
    const words =
      f.family !== undefined
        ? [...nameWords(f.family).map((text) => ({ text, family: true, given: false })), ...nameWords(f.given ?? '').map((text) => ({ text, family: false, given: true }))]
        : nameWords(f.text).map((text) => ({ text, family: false, given: false }));
    if (words.length > 0) out.push({ words, trusted: f.labelled || f.family !== undefined });
  }
  return out;
}

/**
 * Agree: the whole family name and the given name fit (an initial is enough). Disagree: the
 * family name does not fit, or it does and the other written name is someone else's (twins).
 * A family name alone is neutral: it cannot tell a family's members apart.
 */
function nameVerdict(patient: StoredPatient, names: readonly NameEvidence[]): { verdict: Verdict; score: number } {
  if (names.length === 0) return { verdict: 'neutral', score: 0 };
  const terms = nameTermsOf(patient);
  let best: { verdict: Verdict; score: number } = { verdict: 'neutral', score: 0 };
  let anyTrustedDisagrees = false;
  for (const name of names) {
    const fit = fitName(name.words, terms);
    const flagged = (word: string) => name.words.find((w) => w.text === word);
    // When the layout says which word is the family name, a word must fit where it was written.
    const inPlace = fit.fits.every((f) => {
      const w = flagged(f.word);
      return !(w?.family && f.field !== 'family') && !(w?.given && f.field !== 'given');
    });
    const otherWords = name.words.filter((w) => !fit.fits.some((f) => f.word === w.text && f.field === 'family'));
    const fitsMiddle = fit.fits.some((f) => f.field === 'given' && !terms.given.includes(f.term));
    let verdict: Verdict;
    if (!fit.familyCovered || !inPlace) verdict = 'disagree';
    else if (fit.givenMatched || (terms.given.length === 0 && otherWords.length === 0)) verdict = 'agree';
    else verdict = otherWords.length > 0 && !fitsMiddle ? 'disagree' : 'neutral';
    if (verdict === 'agree' && fit.score > best.score) best = { verdict, score: fit.score };
    if (verdict === 'disagree' && name.trusted) anyTrustedDisagrees = true;
  }
  if (best.verdict === 'agree') return best;
  return { verdict: anyTrustedDisagrees ? 'disagree' : 'neutral', score: 0 };
}
