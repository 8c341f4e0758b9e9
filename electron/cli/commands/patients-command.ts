import { createReadStream } from 'node:fs';
import { patientName } from '../../../shared/domain/patient.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportSummary, PatientSearchResult } from '../../../shared/domain/patient.js';
import { AuditLog } from '../../engine/audit/audit-log.js';
import type { StationKey } from '../../engine/crypto/station-key.js';
import type { Database } from '../../engine/db/connection.js';
import { IndexingRepository } from '../../engine/db/repositories/indexing.js';
import { OutboxRepository } from '../../engine/db/repositories/outbox.js';
import { PatientMergeRepository } from '../../engine/db/repositories/patient-merges.js';
import { createLogger } from '../../engine/log/logger.js';
import { MergeFileError, applyMergeFile } from '../../engine/patient-sync/merge-file.js';
import { PatientSync } from '../../engine/patient-sync/patient-sync.js';
import { FhirBundleError, PatientImportError, PatientIndex, importPatientFile, searchPatients } from '../../engine/indexing/patient-index/index.js';
import { dateOrderSetting, stationLocale } from '../../engine/config/date-order-setting.js';
import { readStationConfig, stationConfigPath } from '../../engine/config/station-config-file.js';
import { SettingsRepository } from '../../engine/db/repositories/settings.js';
import { dateOrderOptionHelp, parseDateOrderOption } from '../date-order-option.js';
import { currentCliActor } from '../cli-actor.js';
import { runSubcommand } from '../command-line.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabaseAndKey } from '../station-key.js';

export const patientsUsage = `chartdesk [--data-dir DIR] patients import FILE [--json] [--mrn-system URI]
       chartdesk [--data-dir DIR] patients search "QUERY" [--limit N] [--json] [${dateOrderOptionHelp}]
       chartdesk [--data-dir DIR] patients sync [--json]
       chartdesk [--data-dir DIR] patients merge FILE [--json]

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
sync    reads the patients changed since the last sync from the hospital's FHIR Patient
        endpoint (Settings > Patient sync, or "patientSync" in chartdesk.json) and applies the
        merges it names, as the station does on its schedule. Exit status 1 when it failed.
merge   applies a merge file from the ADT feed: CSV with the header retiredMrn,survivingMrn.
        Undelivered documents under a retired MRN move to the surviving patient; delivered ones
        are listed in Corrections for a reviewer.
--json  prints the result alone on standard output, as JSON.`;

async function openIndex(global: GlobalOptions): Promise<{ index: PatientIndex; settings: SettingsRepository; audit: AuditLog; close: () => void }> {
  const { db, key } = await openStationDatabaseAndKey(global);
  return { index: new PatientIndex(db), settings: new SettingsRepository(db), audit: new AuditLog(db, key.auditChainKey()), close: () => db.close() };
}

async function importCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, 'mrn-system': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('patients import needs exactly one FILE');
  const { index, audit, close } = await openIndex(global);
  try {
    const started = Date.now();
    const summary = await importPatientFile(index, resolve(positionals[0]!), {
      ...(values['mrn-system'] ? { mrnSystem: values['mrn-system'] } : {}),
      onProgress: values.json ? undefined : (read) => process.stderr.write(`\r${read.toLocaleString('en')} records read`),
    });
    audit.record({ user: currentCliActor(), action: 'patients-imported', details: importDetails(summary, 'chartdesk patients import') });
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

/** What the trail keeps of an import: counts and the format, never a row of it (nor the file's name). */
export const importDetails = (summary: ImportSummary & { format?: string }, via: string) => ({
  ...(summary.format ? { format: summary.format } : {}),
  inserted: summary.inserted,
  updated: summary.updated,
  unchanged: summary.unchanged,
  rejected: summary.rejected.length,
  via,
});

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

/** What a merge or a sync changes besides the patients: documents, the outbox, the audit trail. */
function mergeDepsOf(db: Database, key: StationKey) {
  return {
    merges: new PatientMergeRepository(db),
    patients: new PatientIndex(db),
    indexing: new IndexingRepository(db),
    outbox: new OutboxRepository(db),
    audit: new AuditLog(db, key.auditChainKey()),
    settings: new SettingsRepository(db),
    transaction: <T>(work: () => T): T => db.transaction(work).immediate(),
    now: () => new Date(),
  };
}

async function syncCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
  const { db, key } = await openStationDatabaseAndKey(global);
  try {
    const sync = new PatientSync({ ...mergeDepsOf(db, key), log: createLogger({ level: global.verbose ? 'debug' : 'warn' }) });
    const status = await sync.run('chartdesk patients sync', currentCliActor());
    if (values.json) process.stdout.write(JSON.stringify(status, null, 2) + '\n');
    else if (status.error) process.stderr.write(`chartdesk: patient sync: ${status.error}\n`);
    else process.stdout.write(`Patient sync: ${status.changed} patient(s) added or updated, ${status.merged} merge(s) applied, ${status.rejected} rejected.\n`);
    return status.error && status.lastSuccessAt !== status.lastRunAt ? 1 : 0;
  } finally {
    db.close();
  }
}

async function mergeCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('patients merge needs exactly one FILE');
  const { db, key } = await openStationDatabaseAndKey(global);
  try {
    const summary = await applyMergeFile(mergeDepsOf(db, key), createReadStream(resolve(positionals[0]!)) as AsyncIterable<Buffer>, {
      source: 'csv',
      by: currentCliActor(),
      via: 'chartdesk patients merge',
    });
    if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else {
      process.stdout.write(
        `Merges: ${summary.applied} applied, ${summary.unchanged} already known, ${summary.rejected.length} rejected; ${summary.moved} undelivered document(s) moved, ${summary.toCorrect} delivered document(s) to correct (see Corrections).\n`,
      );
      for (const r of summary.rejected.slice(0, 50)) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof MergeFileError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`chartdesk: cannot apply ${positionals[0]}: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

export async function patientsCommand(global: GlobalOptions, args: string[]): Promise<number> {
  return runSubcommand('patients', { import: importCommand, search: searchCommand, sync: syncCommand, merge: mergeCommand }, global, args);
}
