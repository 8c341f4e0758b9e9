import { join } from 'node:path';
import { createAdministrator, expect, goTo, snap, test } from './station-fixture.js';

/**
 * Settings > Delivery targets and Separation rules check with the engine's own schemas
 * (shared/domain): a clerk-readable sentence beside the field before anything is sent, and a
 * saved secret that never comes back to the screen.
 */
test('an administrator adds an import folder and a FHIR server, and the forms refuse what the engine would refuse', async ({ page, station }) => {
  test.setTimeout(240_000);
  await page.goto(station.url);
  await createAdministrator(page);
  await goTo(page, 'Settings');

  const targets = page.getByRole('region', { name: 'Delivery targets' });
  await targets.getByRole('button', { name: 'Add import folder' }).click();
  const folder = targets.getByLabel('Import folder', { exact: true });
  await folder.fill('relative/import');
  await targets.getByLabel('Time limit (seconds)').fill('');
  await targets.getByRole('button', { name: 'Add target' }).click();
  await expect(targets.getByText(/The import folder must be an absolute path/)).toBeVisible();
  await expect(targets.getByText('Between 1 and 600 seconds.')).toBeVisible();
  await expect(folder).toBeFocused();
  await snap(page, 'settings-targets-00-refused');

  const dmsImport = join(station.root, 'dms-import');
  await folder.fill(dmsImport);
  await targets.getByLabel('Time limit (seconds)').fill('45');
  await targets.getByText('Delimited text').click();
  await targets.getByRole('button', { name: 'Add target' }).click();
  await expect(targets.getByText('Saved import-folder.')).toBeVisible();
  await expect(targets.getByRole('table', { name: 'Delivery targets' })).toContainText(dmsImport);

  await targets.getByRole('button', { name: 'Add FHIR server' }).click();
  await targets.getByLabel('Base URL').fill('fhir.example.org');
  await targets.getByLabel('MRN identifier system').fill('urn:oid:1.2.3');
  await targets.getByLabel('Authentication').selectOption('bearer');
  await targets.getByRole('button', { name: 'Add target' }).click();
  await expect(targets.getByText(/an http:\/\/ or https:\/\/ address/)).toBeVisible();
  await expect(targets.getByText('Paste the token the server issued.')).toBeVisible();
  await targets.getByLabel('Base URL').fill('https://fhir.example.org/R4');
  await targets.getByLabel('Token').fill('secret-token-value');
  await targets.getByRole('button', { name: 'Add target' }).click();
  await expect(targets.getByText('Saved fhir.')).toBeVisible();

  // The saved token stays on the station: the form says one is saved and saves without it.
  await targets.getByRole('button', { name: 'Edit fhir' }).click();
  await expect(targets.getByLabel('Token')).toHaveValue('');
  await expect(targets.getByText('A token is saved. Type a new one only to replace it.')).toBeVisible();
  await targets.getByRole('button', { name: 'Save target' }).click();
  await expect(targets.getByText('Saved fhir.')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('secret-token-value');

  const separation = page.getByRole('region', { name: 'Separation rules' });
  await separation.getByLabel('MRN pattern').fill('^MRN\\d{6,10}$');
  await separation.getByRole('button', { name: 'Save separation rules' }).click();
  await expect(separation.getByText('Put the MRN in a capturing group, e.g. (\\d{6,10}).')).toBeVisible();
  await targets.scrollIntoViewIfNeeded();
  await snap(page, 'settings-targets-01-saved');
});
