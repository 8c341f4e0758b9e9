import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatientIndex, importPatientFile } from '../../../electron/engine/indexing/patient-index/index.js';
import { SAMPLE_PATIENTS_FILE } from '../../../scripts/samples/sample-patients.js';
import type { SampleManifest } from '../../../scripts/samples/sample-manifest.js';
import { sampleSet } from '../../support/sample-set.js';
import { memoryDatabase } from '../../support/memory-database.js';

let samples: Awaited<ReturnType<typeof sampleSet>>;
beforeAll(async () => {
  samples = await sampleSet(5, 60);
}, 120_000);
afterAll(async () => samples?.remove());

/** Every MRN the scans carry: printed on pages and labels, and on the cover sheets that start documents. */
const mrnsOnScans = (manifest: SampleManifest) => {
  const mrns = new Set<string>();
  for (const file of manifest.files) {
    if (file.kind !== 'scan') continue;
    for (const page of file.pages) if (page.patient) mrns.add(page.patient.mrn);
    for (const document of file.documents ?? []) if (document.patient) mrns.add(document.patient.mrn);
  }
  return mrns;
};

describe('the sample set’s patient index', () => {
  it('is a CSV the station imports whole, with every patient its scans name', async () => {
    const db = memoryDatabase();
    const index = new PatientIndex(db);
    const summary = await importPatientFile(index, samples.path(SAMPLE_PATIENTS_FILE));
    expect(summary.format).toBe('csv');
    expect(summary.rejected).toEqual([]);
    const mrns = mrnsOnScans(samples.manifest);
    expect(mrns.size).toBeGreaterThanOrEqual(5);
    for (const mrn of mrns) expect(index.byMrn(mrn), `patient ${mrn}`).not.toBeNull();
    // As printed on the pages: the same name and date of birth, so matching finds them.
    for (const file of samples.manifest.files) {
      if (file.kind !== 'scan') continue;
      for (const page of file.pages) {
        if (!page.patient) continue;
        expect(index.byMrn(page.patient.mrn)).toMatchObject({ family: page.patient.family, given: page.patient.given, birthDate: page.patient.birthDate });
      }
    }
    db.close();
  });

  it('is the same file for the same seed', async () => {
    const again = await sampleSet(5, 60);
    try {
      expect(await readFile(join(again.dir, SAMPLE_PATIENTS_FILE), 'utf8')).toBe(await readFile(samples.path(SAMPLE_PATIENTS_FILE), 'utf8'));
    } finally {
      await again.remove();
    }
  }, 120_000);
});
