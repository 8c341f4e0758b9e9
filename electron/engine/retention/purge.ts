import { rm } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { StationPaths } from '../config/station-paths.js';
import { type PurgeMarks, RetentionRepository } from '../db/repositories/retention.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import type { Logger } from '../log/logger.js';
import type { ContentStore } from '../storage/content-store.js';
import { retentionSettingsOf } from './retention-settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Documents looked at in one purge transaction. Each due one marks its pages and checks its
 * images; 250 keeps a transaction in the tens of milliseconds on a busy 2-core station
 * (`npm run bench -- year`), under the 100 ms a clerk's confirmation may wait for the lock.
 */
export const DOCUMENTS_PER_TRANSACTION = 250;

export interface PurgeDeps {
  /** Only statements and transactions: the station's connection, or the CLI's own. */
  db: Pick<Database, 'prepare' | 'transaction'>;
  store: ContentStore;
  paths: Pick<StationPaths, 'output' | 'originals' | 'quarantine' | 'duplicates'>;
  settings: SettingsRepository;
  audit: AuditLog;
  now: () => Date;
  log: Logger;
  /** Crash-test hook: runs after a slice's marks commit, before any of its files is deleted. */
  crashPoint?: () => void;
  /** Documents looked at per transaction (default DOCUMENTS_PER_TRANSACTION); tests make slices small. */
  documentsPerTransaction?: number;
}

export interface PurgeReport {
  dryRun: boolean;
  deliveredDays: number;
  /** 0: quarantined files are kept until an administrator deletes them. */
  quarantineDays: number;
  /** Documents whose page images and PDF were removed (ids only: no PHI). */
  documentIds: string[];
  pages: number;
  /** Files removed (or, in a dry run, that would be). */
  images: number;
  pdfs: number;
  originals: number;
  quarantined: number;
  duplicates: number;
  /** Files that could not be deleted now; their rows are marked, so the next start's orphan sweep removes them. */
  notDeleted: number;
}

/** Thrown inside the transaction of a dry run so nothing it marked is kept. */
class DryRunRollback extends Error {
  constructor(readonly marks: PurgeMarks) {
    super('dry run');
  }
}

const isInside = (folder: string, path: string) => {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel);
};

/**
 * Retention: removes the station's own copies of what has left it for good. Documents delivered
 * to every target and passed by review lose their page images, PDF and (once all its pages are
 * gone) original file N days after their last delivery; quarantined files and kept duplicates go
 * after their own time. Rows, hashes and the index record stay, marked purged.
 *
 * Crash-safe by order, slice by slice: a slice's marks (and its audit entry) commit first, then
 * its files are deleted. A crash in between leaves files no kept row points at, which the orphan
 * sweep removes at the next start; the reverse order could leave rows pointing at files that are
 * gone. Slices not reached are simply due at the next run.
 */
/** What a purge removes, counted (the report and the audit entry say the same). */
const countsOf = (marks: PurgeMarks) => ({
  pages: marks.pages,
  images: marks.imageHashes.length,
  pdfs: marks.pdfPaths.length,
  originals: marks.archivePaths.length,
  quarantined: marks.quarantinePaths.length,
  duplicates: marks.duplicatePaths.length,
});

export async function purgeExpired(deps: PurgeDeps, options: { dryRun?: boolean; via: string; by?: AuditUser | null }): Promise<PurgeReport> {
  const { deliveredDays, quarantineDays } = retentionSettingsOf(deps.settings);
  const now = deps.now();
  const at = now.toISOString();
  const deliveredCutoff = new Date(now.getTime() - deliveredDays * DAY_MS).toISOString();
  const quarantineCutoff = quarantineDays > 0 ? new Date(now.getTime() - quarantineDays * DAY_MS).toISOString() : null;
  const repo = new RetentionRepository(deps.db);
  const dryRun = options.dryRun === true;

  // Quarantined files and duplicates go with the first slice of documents (they are few).
  const decide = (after: string, first: boolean, scan: number): { marks: PurgeMarks; last: string | null } => {
    const slice = repo.documentsDueAfter(deliveredCutoff, after, scan);
    const documents = repo.markDocuments(slice.due, at);
    const marks: PurgeMarks = {
      ...documents,
      quarantinePaths: first && quarantineCutoff ? repo.markQuarantinedBefore(quarantineCutoff, at) : [],
      duplicatePaths: first && quarantineCutoff ? repo.markDuplicatesBefore(quarantineCutoff, at) : [],
    };
    const anything = marks.documentIds.length + marks.quarantinePaths.length + marks.duplicatePaths.length > 0;
    // An hourly run that found nothing is not an event; one that removed files is, with what it
    // removed: one entry per transaction, in the transaction that marks.
    if (anything && !dryRun) {
      // By whoever ran it (`chartdesk purge`), or by the station itself (the hourly run).
      deps.audit.record({
        user: options.by ?? null,
        action: 'purge',
        details: { via: options.via, deliveredDays, quarantineDays, documents: marks.documentIds, ...countsOf(marks) },
      });
    }
    return { marks, last: slice.last };
  };

  let notDeleted = 0;
  const attempt = async (remove: () => Promise<void>) => {
    try {
      await remove();
    } catch (error) {
      notDeleted++;
      deps.log.warn('retention.delete-failed', { code: (error as NodeJS.ErrnoException).code ?? 'error' });
    }
  };
  // Only ever inside the station's own folders: a path in a row is never trusted to point elsewhere.
  const removeInside = (folder: string) => (path: string) =>
    attempt(async () => {
      if (!isInside(folder, path)) throw Object.assign(new Error('outside the station folder'), { code: 'outside' });
      await rm(path, { force: true });
    });
  const removeFiles = async (marks: PurgeMarks) => {
    for (const sha of marks.imageHashes) await attempt(() => deps.store.remove(sha));
    for (const path of marks.pdfPaths) await removeInside(deps.paths.output)(path);
    for (const path of marks.archivePaths) await removeInside(deps.paths.originals)(path);
    for (const path of marks.quarantinePaths) await removeInside(deps.paths.quarantine)(path);
    for (const path of marks.duplicatePaths) await removeInside(deps.paths.duplicates)(path);
  };

  const total: PurgeMarks = { documentIds: [], pages: 0, imageHashes: [], pdfPaths: [], archivePaths: [], quarantinePaths: [], duplicatePaths: [] };
  const add = (marks: PurgeMarks) => {
    total.documentIds.push(...marks.documentIds);
    total.pages += marks.pages;
    for (const key of ['imageHashes', 'pdfPaths', 'archivePaths', 'quarantinePaths', 'duplicatePaths'] as const) total[key].push(...marks[key]);
  };
  if (dryRun) {
    // One transaction, rolled back: later slices must see the earlier ones' marks (an image
    // shared across slices, a batch finished by a later slice), and nothing may stay marked.
    try {
      deps.db
        .transaction(() => {
          let after: string | null = '';
          for (let first = true; after !== null; first = false) {
            const slice = decide(after, first, DOCUMENTS_PER_TRANSACTION);
            add(slice.marks);
            after = slice.last;
          }
          throw new DryRunRollback(total);
        })
        .immediate();
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
  } else {
    // Slice by slice, each its own short transaction: the write lock is released between slices,
    // so intake, the clerks' confirmations and the sender go on while a year's backlog is purged.
    // Each slice is crash-safe on its own (marks commit, then its files go).
    let after: string | null = '';
    for (let first = true; after !== null; first = false) {
      const slice = deps.db.transaction(decide).immediate(after, first, deps.documentsPerTransaction ?? DOCUMENTS_PER_TRANSACTION);
      deps.crashPoint?.();
      add(slice.marks);
      await removeFiles(slice.marks);
      after = slice.last;
      // Let waiting calls in before the next slice, even when this one had no files to remove.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const marks = total;

  const report: PurgeReport = {
    dryRun,
    deliveredDays,
    quarantineDays,
    documentIds: marks.documentIds,
    ...countsOf(marks),
    notDeleted,
  };
  if (!dryRun && report.documentIds.length + report.quarantined + report.duplicates > 0) {
    deps.log.info('retention.purged', {
      documents: report.documentIds.length,
      pages: report.pages,
      images: report.images,
      pdfs: report.pdfs,
      originals: report.originals,
      quarantined: report.quarantined,
      duplicates: report.duplicates,
      notDeleted,
    });
  }
  return report;
}
