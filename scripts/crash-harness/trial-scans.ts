import { createHash } from 'node:crypto';
import type { MpiPatient } from '../samples/fake-mpi.js';
import { type FakePatient, type Random, coverSheetSpec, corruptTiff, fakePatient, formatPatientName, renderPage, separatorSheetSpec, truncated, writeBilevelPdf, writeTiff } from '../samples/index.js';

/** One file the harness drops, with what the station must make of it. */
export interface TrialInputFile {
  /** Its name in the drop folder. */
  name: string;
  bytes: Buffer;
  sha256: string;
  /** 'document': its pages must all be accounted for in a batch; 'quarantine': it must be set aside with a reason. */
  expect: 'document' | 'quarantine';
  pageCount: number;
}

export interface TrialScans {
  patients: FakePatient[];
  files: TrialInputFile[];
}

/** 150 dpi: the fast path reads every code on these sheets, and it is below the blocking resolution check only as a warning. */
const DPI = 150;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function contentPage(seed: number, patient: FakePatient, options: { label: boolean; title: string }) {
  return renderPage({
    seed,
    dpi: DPI,
    title: options.title,
    patient,
    ...(options.label ? { label: patient } : {}),
    // A few lines only: OCR time is what makes a trial slow, and the harness is about durability.
    lines: ['Seen today on the ward.', 'Observations stable overnight.', 'Plan: continue current treatment.'],
  });
}

/**
 * The scans of one trial, from its seed: a Group 4 TIFF with a cover sheet, a separator sheet
 * and a patient label (two documents), an image-only PDF with a label (one document), and
 * sometimes a damaged file that must end in quarantine.
 */
export async function generateTrialScans(seed: number, random: Random): Promise<TrialScans> {
  const patients = [0, 1, 2].map((i) => fakePatient(random.fork(`patient-${i}`)));
  const [a, b, c] = patients as [FakePatient, FakePatient, FakePatient];
  const files: TrialInputFile[] = [];

  const { payload: _payload, ...cover } = coverSheetSpec({ mrn: a.mrn, docTypeCode: '11506-3', dateOfService: '2025-03-04', patientName: formatPatientName(a) });
  const boxPages = await Promise.all([
    renderPage({ ...cover, seed: seed + 1, dpi: DPI }),
    contentPage(seed + 2, a, { label: false, title: 'Progress Note' }),
    renderPage({ ...separatorSheetSpec(), seed: seed + 3, dpi: DPI }),
    contentPage(seed + 4, b, { label: true, title: 'Consultation Note' }),
  ]);
  const tiff = await writeTiff(
    boxPages.map((p) => p.png),
    { compression: 'g4', dpi: DPI },
  );
  files.push({ name: `box-${seed}.tif`, bytes: tiff, sha256: sha256(tiff), expect: 'document', pageCount: boxPages.length });

  const letterPages = await Promise.all([contentPage(seed + 5, c, { label: true, title: 'Discharge Summary' }), contentPage(seed + 6, c, { label: false, title: 'Discharge Summary' })]);
  const pdf = await writeBilevelPdf(
    letterPages.map((p) => p.png),
    DPI,
  );
  files.push({ name: `letter-${seed}.pdf`, bytes: pdf, sha256: sha256(pdf), expect: 'document', pageCount: letterPages.length });

  if (random.chance(0.5)) {
    const broken = random.chance(0.5) ? truncated(tiff, random.float(0.3, 0.8)) : corruptTiff(seed);
    files.push({ name: `damaged-${seed}.tif`, bytes: broken, sha256: sha256(broken), expect: 'quarantine', pageCount: 0 });
  }
  return { patients, files: random.shuffle(files) };
}

/** The trial's patients as patient-index rows, so the clerk can choose them. */
export function patientIndexRows(patients: readonly FakePatient[]): MpiPatient[] {
  return patients.map((p) => ({ mrn: p.mrn, family: p.family, given: p.given, middle: null, birthDate: p.birthDate, sex: p.sex, encounter: null, phone: null, address: null }));
}
