import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MpiPatient, writeMpiCsv } from '../../scripts/samples/fake-mpi.js';

/**
 * What a site does to a station before anyone signs in, as `chartdesk` commands for
 * `runCliSteps` (station-fixture.ts) and the config file. The steps stay in each spec's
 * `prepare`, so a reader sees which patients, accounts and settings a test starts from.
 */

/** `chartdesk users add`: an account whose password is the suite's ACCOUNT_PASSWORD. */
export const addAccount = (username: string, name: string, role: 'admin' | 'clerk' | 'reviewer'): string[] => ['users', 'add', '--username', username, '--name', name, '--role', role];

/** The accounts most browser tests sign in with. */
export const ADMIN = addAccount('records.admin', 'Dana Records', 'admin');
export const CLERK = addAccount('carl.clerk', 'Carl Clerk', 'clerk');
export const REVIEWER = addAccount('rita.reviewer', 'Rita Reviewer', 'reviewer');

/** Writes the patient index as the CSV a site exports (`<root>/mpi.csv`) and returns the `chartdesk patients import` of it. */
export async function importPatients(root: string, patients: Iterable<MpiPatient>): Promise<string[]> {
  const csv = join(root, 'mpi.csv');
  await writeMpiCsv(csv, patients);
  return ['patients', 'import', csv];
}

/** Writes the station's config file (`chartdesk.json` in its data folder), as an installer does. */
export async function writeStationConfig(dataDir: string, config: Record<string, unknown>): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'chartdesk.json'), JSON.stringify(config));
}

/** A station that does no QC review: a confirmed document goes straight out. */
export const NO_REVIEW = { review: { required: false } } as const;
