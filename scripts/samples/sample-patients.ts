import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type MpiPatient, fakeMpi, mpiCsv } from './fake-mpi.js';
import type { FakePatient } from './fake-records.js';
import type { SampleManifest } from './sample-manifest.js';

/** The file the sample set's patient index is written to, beside the scans. */
export const SAMPLE_PATIENTS_FILE = 'patients.csv';

const asMpi = (p: FakePatient): MpiPatient => ({ mrn: p.mrn, family: p.family, given: p.given, middle: null, birthDate: p.birthDate, sex: p.sex, encounter: null, phone: null, address: null });

/**
 * The patients the sample scans name (on their pages, labels and cover sheets), among a few
 * hundred others, as an MPI extract: import it into the station before the scans, so their
 * documents find their patients. Same seed, same file. Returns how many patients it holds.
 */
export async function writeSamplePatients(outDir: string, manifest: SampleManifest): Promise<number> {
  const named = new Map<string, MpiPatient>();
  for (const file of manifest.files) {
    if (file.kind !== 'scan') continue;
    for (const page of file.pages) if (page.patient) named.set(page.patient.mrn, asMpi(page.patient));
  }
  // Others around them, look-alikes included: matching is not tried against an index of five.
  const others = fakeMpi({ seed: manifest.seed, count: 300 }).filter((p) => !named.has(p.mrn));
  const patients = [...named.values(), ...others];
  await writeFile(path.join(outDir, SAMPLE_PATIENTS_FILE), mpiCsv(patients));
  return patients.length;
}
