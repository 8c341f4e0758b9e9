import { parseArgs } from 'node:util';
import { AuditLog } from '../../engine/audit/index.js';
import { stationPaths } from '../../engine/config/station-paths.js';
import { SettingsRepository } from '../../engine/db/repositories/settings.js';
import { createLogger } from '../../engine/log/logger.js';
import { type PurgeReport, purgeExpired } from '../../engine/retention/purge.js';
import { ContentStore } from '../../engine/storage/content-store.js';
import { openDatabase } from '../../engine/db/connection.js';
import type { GlobalOptions } from '../global-options.js';
import { loadStationKey } from '../station-key.js';
import { currentCliActor } from '../cli-actor.js';

export const purgeUsage = `chartdesk [--data-dir DIR] purge [--dry-run] [--json]

Applies the station's retention settings now (the running station also does this every hour):
removes the page images, PDFs and original files of documents delivered to every target and
passed by review more than the set number of days ago (default 7), and quarantined files and
kept duplicates older than their own setting (default 30; 0 keeps them). Index records and
hashes stay; the run is recorded in the audit trail.
--dry-run  reports what would be removed and changes nothing.
--json     prints the report alone on standard output, as JSON.`;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function describePurge(report: PurgeReport): string {
  const verb = report.dryRun ? 'Would remove' : 'Removed';
  const lines = [
    `Retention: delivered documents kept ${count(report.deliveredDays, 'day')}; quarantined files ${report.quarantineDays === 0 ? 'kept until an administrator deletes them' : `kept ${count(report.quarantineDays, 'day')}`}.`,
    `${verb} the local copies of ${count(report.documentIds.length, 'document')} (${count(report.pages, 'page')}): ${count(report.images, 'image file')}, ${count(report.pdfs, 'PDF')}, ${count(report.originals, 'original file')}.`,
    `${verb} ${count(report.quarantined, 'quarantined file')} and ${count(report.duplicates, 'kept duplicate')}.`,
  ];
  if (report.documentIds.length > 0) lines.push(`Documents: ${report.documentIds.join(', ')}`);
  if (report.notDeleted > 0) lines.push(`${count(report.notDeleted, 'file')} could not be deleted now; the station removes them at its next start.`);
  if (report.dryRun) lines.push('Dry run: nothing was changed.');
  return lines.join('\n');
}

export async function purgeCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals: false, strict: true });
  const paths = stationPaths(global.dataDir);
  const key = await loadStationKey(global);
  const db = openDatabase(paths.database, { key: key.databaseKey() });
  try {
    const report = await purgeExpired(
      {
        db,
        store: new ContentStore(paths.store, key.fileKey()),
        paths,
        settings: new SettingsRepository(db),
        audit: new AuditLog(db, key.auditChainKey()),
        now: () => new Date(),
        log: createLogger({ level: global.verbose ? 'debug' : 'warn' }),
      },
      { dryRun: values['dry-run'] === true, via: 'chartdesk purge', by: currentCliActor() },
    );
    process.stdout.write((values.json ? JSON.stringify(report) : describePurge(report)) + '\n');
    return 0;
  } finally {
    db.close();
  }
}
