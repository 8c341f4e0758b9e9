import { patientName } from '../../../shared/domain/patient.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { PatientSearchResult } from '../../../shared/domain/patient.js';
import { FhirBundleError, PatientImportError, PatientIndex, importPatientFile, searchPatients } from '../../engine/indexing/patient-index/index.js';
import { dateOrderSetting, stationLocale } from '../../engine/config/date-order-setting.js';
import { readStationConfig, stationConfigPath } from '../../engine/config/station-config-file.js';
import { SettingsRepository } from '../../engine/db/repositories/settings.js';
import { dateOrderOptionHelp, parseDateOrderOption } from '../date-order-option.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabase } from '../station-key.js';

export const patientsUsage = `chartdesk [--data-dir DIR] patients import FILE [--json] [--mrn-system URI]
       chartdesk [--data-dir DIR] patients search "QUERY" [--limit N] [--json] [${dateOrderOptionHelp}]

import  loads an MPI extract into the station's patient index: a CSV file (header
        mrn,family,given,birthDate,sex; optional middle,encounter,phone,address) or a FHIR R4
        Bundle of Patient resources (JSON), told apart by content. Patients already known by
        MRN are updated, never duplicated; rejected rows are listed with their line number.
        --mrn-system picks the FHIR identifier system that holds the MRN (default: the
        identifier typed MR, else the first).
search  finds patients by MRN (whole or first digits), name (any order, "FAMILY, Given",
        typed so far, sounds-alike or one typo), birth date (1984-03-07, 07/03/1984, 7.3.1984)
        or any mix, best first. A date like 07/03/1984 is read in the station's date order
        (chartdesk.json "dates", Settings, else the computer's locale; --date-order for this
        search); its other reading is searched too and ranks lower.
--json  prints the result alone on standard output, as JSON.`;

async function openIndex(global: GlobalOptions): Promise<{ index: PatientIndex; settings: SettingsRepository; close: () => void }> {
  const db = await openStationDatabase(global);
  return { index: new PatientIndex(db), settings: new SettingsRepository(db), close: () => db.close() };
}

async function importCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, 'mrn-system': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('patients import needs exactly one FILE');
  const { index, close } = await openIndex(global);
  try {
    const started = Date.now();
    const summary = await importPatientFile(index, resolve(positionals[0]!), {
      ...(values['mrn-system'] ? { mrnSystem: values['mrn-system'] } : {}),
      onProgress: values.json ? undefined : (read) => process.stderr.write(`\r${read.toLocaleString('en')} records read`),
    });
    if (values.json) {
      process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    } else {
      process.stderr.write('\n');
      const { format, inserted, updated, unchanged, rejected } = summary;
      process.stdout.write(
        `Imported ${format === 'csv' ? 'CSV' : 'FHIR Bundle'} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${inserted} inserted, ${updated} updated, ${unchanged} unchanged, ${rejected.length} rejected\n`,
      );
      for (const r of rejected.slice(0, 50)) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
      if (rejected.length > 50) process.stdout.write(`  ... and ${rejected.length - 50} more (use --json for all)\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof PatientImportError || error instanceof FhirBundleError) {
      process.stderr.write(`chartdesk: cannot import ${positionals[0]}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    close();
  }
}

const describe = (r: PatientSearchResult) => {
  const p = r.patient;
  const name = patientName(p);
  const how = r.matched.map((m) => `${m.field} ${m.how}`).join(', ');
  return `${p.mrn.padEnd(12)} ${name.padEnd(36)} ${(p.birthDate ?? '----------').padEnd(11)} ${p.sex.padEnd(8)} ${how}`;
};

async function searchCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, limit: { type: 'string', default: '20' }, 'date-order': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('patients search needs a query');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a whole number of 1 or more');
  const commandLine = parseDateOrderOption(values['date-order']);
  const configFile = (await readStationConfig(stationConfigPath(global.dataDir), false)).dates?.order;
  const { index, settings, close } = await openIndex(global);
  try {
    const { order } = dateOrderSetting(settings, { ...(commandLine ? { commandLine } : {}), ...(configFile ? { configFile } : {}), locale: stationLocale(process.env) });
    const results = searchPatients(index, positionals.join(' '), { limit, dateOrder: order });
    if (values.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else if (results.length === 0) process.stdout.write('No patient matches.\n');
    else for (const r of results) process.stdout.write(describe(r) + '\n');
    return 0;
  } finally {
    close();
  }
}

export async function patientsCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(global, rest);
  if (sub === 'search') return searchCommand(global, rest);
  throw new UsageError(sub ? `unknown patients command "${sub}" (import or search)` : 'patients needs import or search');
}
