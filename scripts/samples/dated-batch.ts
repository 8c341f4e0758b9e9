import sharp from 'sharp';
import type { DateOrder } from '../../shared/domain/date-order.js';
import { formatDateAs } from '../../shared/domain/written-dates.js';
import type { FakePatient } from './fake-records.js';
import { fakePatient } from './fake-records.js';
import { renderPage } from './page-render.js';
import { createRandom, deriveSeed } from './random.js';
import { writeTiff } from './scan-files.js';

/**
 * A small batch of one-page letters whose dates are the point: the same letters printed the way
 * a US hospital writes dates (month first) or a European one (day first). Each page carries a
 * header (name, MRN, date of birth) and a date of service; pages are cropped to the header, as
 * the OCR is what costs, not the paper.
 *
 * - `both-ambiguous`: the date of birth and the date of service each read as two real dates
 *   (day and month both 12 or under), with MRN and name printed too.
 * - `unambiguous`: both dates have a day over 12, so they mean one date in either order.
 * - `mrn-and-ambiguous-birth-date`: only the MRN and an ambiguous date of birth, no name: the
 *   date alone decides whether two identifiers agree.
 */
export type DatedLetterKind = 'both-ambiguous' | 'unambiguous' | 'mrn-and-ambiguous-birth-date';

export interface DatedLetter {
  kind: DatedLetterKind;
  patient: FakePatient;
  /** ISO. */
  dateOfService: string;
  /** A one-page bilevel TIFF. */
  tiff: Buffer;
  /** The lines printed on the page (OCR ground truth). */
  lines: string[];
}

const KINDS: DatedLetterKind[] = ['both-ambiguous', 'unambiguous', 'mrn-and-ambiguous-birth-date'];
/** Inches of the top of the page kept: title, header and date of service. */
const CROP_INCHES = 2.6;

/** The patients of a dated batch (the same for every date order): put them in the MPI. */
export function datedBatchPatients(seed: number): Record<DatedLetterKind, FakePatient> {
  const base = (kind: DatedLetterKind) => fakePatient(createRandom(deriveSeed(seed, `dated/${kind}`)));
  return {
    // 5 August or 8 May, depending on who reads it.
    'both-ambiguous': { ...base('both-ambiguous'), birthDate: '1971-05-08' },
    unambiguous: { ...base('unambiguous'), birthDate: '1984-03-25' },
    'mrn-and-ambiguous-birth-date': { ...base('mrn-and-ambiguous-birth-date'), birthDate: '1990-11-04' },
  };
}

const DATES_OF_SERVICE: Record<DatedLetterKind, string> = {
  'both-ambiguous': '2026-09-02',
  unambiguous: '2026-10-23',
  'mrn-and-ambiguous-birth-date': '2026-06-03',
};

export async function generateDatedBatch(options: { seed: number; dpi?: number; dateOrder: DateOrder }): Promise<DatedLetter[]> {
  const dpi = options.dpi ?? 200;
  const patients = datedBatchPatients(options.seed);
  return Promise.all(
    KINDS.map(async (kind, i) => {
      const patient = patients[kind];
      const dateOfService = DATES_OF_SERVICE[kind];
      // The last kind prints no name: a plain "MRN ... DOB ..." line stands in for the header.
      const page = await renderPage({
        seed: deriveSeed(options.seed, `dated/page/${i}`),
        dpi,
        title: 'Clinic Letter',
        dateOrder: options.dateOrder,
        dateOfService,
        lines: [],
        ...(kind === 'mrn-and-ambiguous-birth-date' ? {} : { patient }),
        ...(kind === 'mrn-and-ambiguous-birth-date' ? { texts: [{ text: `MRN: ${patient.mrn} DOB: ${formatDateAs(patient.birthDate, options.dateOrder)}`, x: 1, y: 2.2, points: 11.5 }] } : {}),
      });
      const cropped = await sharp(page.png)
        .extract({ left: 0, top: 0, width: page.width, height: Math.round(CROP_INCHES * dpi) })
        .withDensity(dpi)
        .png()
        .toBuffer();
      return { kind, patient, dateOfService, tiff: await writeTiff([cropped], { compression: 'g4', dpi }), lines: page.lines };
    }),
  );
}
