import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { LOOK_ALIKES, fakeMpi } from '../../scripts/samples/fake-mpi.js';
import { type FhirPeer, startFhirPeer } from '../support/fhir-peer.js';
import { batchRow, coverAndLetter, expectBatchRead, indexAndAcceptPatient } from './scans.js';
import { ADMIN, NO_REVIEW, addAccount, importPatients, writeStationConfig } from './site-setup.js';
import { expect, goTo, runCliSteps, type RunningTestStation, signIn, signOut, snap, useStation } from './station-fixture.js';

const { maryOBrien, maryOBrienYounger } = LOOK_ALIKES;
const SYSTEM = 'urn:chartdesk:document';

/**
 * A station delivering to its outgoing folder and to a real FHIR engine, with review off (a
 * confirmed document goes straight out; the four-eyes rule for corrections is tested through
 * the API), the MPI loaded and a reviewer's account made with the CLI at installation.
 */
const test = base.extend<{ peer: FhirPeer; station: RunningTestStation }>({
  peer: async ({}, use) => {
    const peer = await startFhirPeer();
    await use(peer);
    await peer.close();
  },
  station: async ({ peer }, use) =>
    useStation(
      {
        prepare: async ({ root, dataDir }) => {
          const ehr = { kind: 'fhir', id: 'ehr', baseUrl: peer.baseUrl, patientIdentifierSystem: 'urn:oid:1.2.3' };
          await writeStationConfig(dataDir, { ...NO_REVIEW, delivery: { targets: [ehr] } });
          await runCliSteps(dataDir, [await importPatients(root, fakeMpi({ seed: 17, count: 200 })), ADMIN, addAccount('rita', 'Rita Reviewer', 'reviewer')]);
        },
      },
      use,
    ),
});

/** One document as a clerk scans it: a cover sheet for Mary O'Brien (born 1984), then her letter. */
async function scan(station: RunningTestStation): Promise<void> {
  await writeFile(join(station.dropDir, 'discharge-31.tif'), await coverAndLetter(901));
}

/** The administrator indexes it (I, accept with A, confirm with C) and waits for it to be delivered. Returns its id. */
async function confirmAndDeliver(page: Page): Promise<string> {
  await expectBatchRead(batchRow(page, 'discharge-31.tif'), '1 document');
  await indexAndAcceptPatient(page, maryOBrien.mrn);
  const documentId = decodeURIComponent(new URL(page.url()).hash.split('/')[3] ?? '');
  await page.keyboard.press('c');
  // The document's name carries the engine's state word (issue 14): delivered once it reached the folder.
  await expect(page.getByRole('button', { name: /^Document 1, / })).toHaveAccessibleName('Document 1, Delivered', { timeout: 60_000 });
  return documentId;
}

const atBothSizes = async (page: Page, name: string) => {
  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await snap(page, `${name}-${width}x${height}`);
  }
};

test('a reviewer finds a delivered document, files it under the right patient, and sees the replacement arrive', async ({ page, station, peer }) => {
  test.setTimeout(360_000);
  await page.goto(station.url);
  await signIn(page, 'records.admin');
  await scan(station);
  const original = await confirmAndDeliver(page);
  await signOut(page);

  // The reviewer (G C): finds it by MRN among the delivered documents.
  await signIn(page, 'rita');
  await goTo(page, 'Corrections');
  const finder = page.getByRole('form', { name: 'Find documents' });
  await finder.getByLabel('Patient or MRN').fill(maryOBrien.mrn);
  await finder.getByRole('button', { name: 'Find' }).click();
  const results = page.getByRole('table', { name: 'Documents found, newest first' });
  const row = results.getByRole('row').filter({ hasText: maryOBrien.mrn });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Discharge summary');
  await expect(row).toContainText('Delivered');
  await atBothSizes(page, 'corrections-01-found');

  // Reopened with a reason.
  await row.getByRole('button', { name: 'Correct…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Correct a delivered document' });
  await dialog.getByLabel('Reason').fill('Filed under the wrong Mary O’Brien (found by the clinic).');
  await dialog.getByRole('button', { name: 'Reopen for correction' }).click();
  await expect(page.getByRole('heading', { name: 'Correction', level: 1 })).toBeVisible();
  await expect(page.getByText('Being corrected')).toBeVisible();

  // The right patient: found by MRN, taken with Enter.
  const patient = page.getByRole('combobox', { name: /Find a patient/ });
  await patient.fill(maryOBrienYounger.mrn);
  await expect(page.getByRole('listbox', { name: 'Patients found' })).toContainText(maryOBrienYounger.mrn);
  await patient.press('Enter');
  const replacement = page.getByRole('region', { name: 'Corrected document' });
  await expect(replacement.locator('.cr-now')).toContainText(maryOBrienYounger.mrn);
  // QC sees the cover sheet's MRN disagree with the chosen patient: a reviewer overrides it, with a reason.
  const checks = replacement.getByRole('list', { name: 'QC findings' });
  await expect(checks).toContainText('Blocking');
  await expect(replacement.getByRole('button', { name: 'Send correction' })).toBeDisabled();
  await atBothSizes(page, 'corrections-02-editing');
  for (let n = await checks.getByRole('button', { name: 'Override…' }).count(); n > 0; n--) {
    await checks.getByRole('button', { name: 'Override…' }).first().click();
    const override = page.getByRole('dialog', { name: 'Override a blocking finding' });
    await override.getByLabel('Why may it be filed anyway?').fill('The cover sheet was printed for the wrong patient.');
    await override.getByRole('button', { name: 'Override' }).click();
    await expect(override).toHaveCount(0);
  }

  // Sent: the replacement arrives at both targets, and the screen follows it to Delivered.
  await replacement.getByRole('button', { name: 'Send correction' }).click();
  const deliveries = page.getByRole('table', { name: 'Delivery of the correction, per target' });
  await expect(deliveries.getByRole('row').filter({ hasText: 'ehr' })).toContainText('Delivered', { timeout: 60_000 });
  await expect(deliveries.getByRole('row').filter({ hasText: 'local-folder' })).toContainText('Delivered', { timeout: 60_000 });
  await expect(page.getByText('Delivered').first()).toBeVisible();
  await expect(deliveries).toContainText('Replaces the delivered one');
  await atBothSizes(page, 'corrections-03-delivered');

  // The FHIR server holds the old DocumentReference marked, and the new one replacing it.
  await peer.idle();
  const references = await peer.documentReferences();
  const old = references.find((r) => r.identifier?.some((i) => i.system === SYSTEM && i.value === original))!;
  const newer = references.find((r) => r.identifier?.some((i) => i.system === SYSTEM && i.value !== original))!;
  expect(references).toHaveLength(2);
  expect(old.status).toBe('entered-in-error');
  expect(newer.subject?.identifier?.value).toBe(maryOBrienYounger.mrn);
  expect(newer.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${old.id}` } }]);
  expect(await peer.orphanBinaries()).toEqual([]);
  // And the outgoing folder the replacement's index naming the original, and the original's retraction record.
  const outgoing = `${station.dataDir}-outgoing`;
  const replacementId = newer.identifier!.find((i) => i.system === SYSTEM)!.value!;
  expect(JSON.parse(await readFile(join(outgoing, `${replacementId}.json`), 'utf8'))).toMatchObject({ patient: { mrn: maryOBrienYounger.mrn }, replaces: { documentId: original } });
  expect(JSON.parse(await readFile(join(outgoing, `${original}-retraction.json`), 'utf8'))).toMatchObject({ replacedBy: replacementId });

  // Back in the finder: the original is listed as replaced.
  await page.getByRole('button', { name: 'Corrections' }).click();
  await finder.getByLabel('Patient or MRN').fill(maryOBrien.mrn);
  await finder.getByRole('button', { name: 'Find' }).click();
  await expect(results.getByRole('row').filter({ hasText: maryOBrien.mrn })).toContainText('Replaced');
});

test('a merge made in the FHIR patient source reaches the station, and the document delivered under the retired MRN is corrected in one step', async ({ page, station, peer }) => {
  test.setTimeout(360_000);
  // The same Mary O'Brien under a new MRN at the hospital (duplicate records merged), as the FHIR server holds her.
  const survivor = { mrn: '00900001', family: "O'Brien", given: ['Mary', 'Bridget'], birthDate: maryOBrien.birthDate! };
  const mr = (value: string) => [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:oid:1.2.3', value }];
  const post = async (path: string, method: string, body: unknown) => {
    const response = await fetch(`${peer.baseUrl}/${path}`, { method, headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
    expect(response.ok).toBe(true);
    return (await response.json()) as { id: string };
  };
  const retiredRecord = { resourceType: 'Patient', identifier: mr(maryOBrien.mrn), name: [{ family: "O'Brien", given: ['Mary', 'Bridget'] }], birthDate: maryOBrien.birthDate, gender: 'female' };
  const old = await post('Patient', 'POST', retiredRecord);
  const kept = await post('Patient', 'POST', {
    resourceType: 'Patient',
    identifier: mr(survivor.mrn),
    name: [{ family: survivor.family, given: survivor.given }],
    birthDate: survivor.birthDate,
    gender: 'female',
  });

  await page.goto(station.url);
  await signIn(page, 'records.admin');
  await scan(station);
  const original = await confirmAndDeliver(page);

  // Settings > Patient sync: the hospital's FHIR server, then a first sync.
  await goTo(page, 'Settings');
  const panel = page.getByRole('region', { name: 'Patient sync' });
  await panel.getByLabel('FHIR base URL').fill(peer.baseUrl);
  await panel.getByLabel('MRN identifier system').fill('urn:oid:1.2.3');
  await panel.getByRole('button', { name: 'Save patient sync' }).click();
  await expect(panel.getByText('Patient sync saved.')).toBeVisible();
  await panel.getByRole('button', { name: 'Sync now' }).click();
  const statusLine = panel.getByRole('status', { name: 'Patient sync status' });
  await expect(statusLine).toContainText('0 merges applied');

  // The hospital merges the two records: the old one is replaced by the new.
  await post(`Patient/${old.id}`, 'PUT', { ...retiredRecord, id: old.id, active: false, link: [{ type: 'replaced-by', other: { reference: `Patient/${kept.id}` } }] });
  await panel.getByRole('button', { name: 'Sync now' }).click();
  await expect(statusLine).toContainText('1 merge applied');
  await panel.scrollIntoViewIfNeeded();
  await atBothSizes(page, 'corrections-04-patient-sync');
  await signOut(page);

  // The reviewer finds what was delivered under the retired MRN, and files it under the survivor in one step.
  await signIn(page, 'rita');
  await goTo(page, 'Corrections');
  const finder = page.getByRole('form', { name: 'Find documents' });
  await finder.getByLabel('Filed under a merged MRN').check();
  await finder.getByRole('button', { name: 'Find' }).click();
  const row = page.getByRole('table', { name: 'Documents found, newest first' }).getByRole('row').filter({ hasText: maryOBrien.mrn });
  await expect(row).toContainText(`Filed under a merged MRN → ${survivor.mrn}`);
  await atBothSizes(page, 'corrections-05-merged');
  await row.getByRole('button', { name: `File under ${survivor.mrn}` }).click();
  const deliveries = page.getByRole('table', { name: 'Delivery of the correction, per target' });
  await expect(deliveries.getByRole('row').filter({ hasText: 'ehr' })).toContainText('Delivered', { timeout: 60_000 });
  await expect(page.getByText(`Reason: “The hospital merged MRN ${maryOBrien.mrn} into MRN ${survivor.mrn}.”`)).toBeVisible();

  await peer.idle();
  const references = await peer.documentReferences();
  const before = references.find((r) => r.identifier?.some((i) => i.system === SYSTEM && i.value === original))!;
  const after = references.find((r) => r.relatesTo?.[0]?.target.reference === `DocumentReference/${before.id}`)!;
  expect(before.status).toBe('entered-in-error');
  expect(after.subject?.identifier?.value).toBe(survivor.mrn);
});
