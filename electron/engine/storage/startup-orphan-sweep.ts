import { basename } from 'node:path';
import type { StationPaths } from '../config/station-paths.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import type { RetentionRepository } from '../db/repositories/retention.js';
import type { Logger } from '../log/logger.js';
import { sweepOrphans } from './orphan-sweep.js';

export interface StartupOrphanSweepDeps {
  paths: StationPaths;
  batches: Pick<BatchRepository, 'referencedFiles'>;
  intakeLog: Pick<IntakeLogRepository, 'storedPaths'>;
  retention: Pick<RetentionRepository, 'purgedStoredPaths' | 'purgedPdfPaths'>;
  log: Logger;
}

/** Removes, at start, every file of the station's folders that no row points at (see sweepOrphans). */
export async function sweepStartupOrphans(d: StartupOrphanSweepDeps): Promise<void> {
  const { paths } = d;
  const { archives, images } = d.batches.referencedFiles();
  // Files retention marked purged but a crash kept it from deleting count as unreferenced.
  const purged = d.retention.purgedStoredPaths();
  const purgedPdfs = d.retention.purgedPdfPaths();
  const stored = new Set([...d.intakeLog.storedPaths()].filter((p) => !purged.has(p)));
  const removed =
    (await sweepOrphans(paths.originals, (p) => archives.has(p) || stored.has(p))) +
    (await sweepOrphans(paths.quarantine, (p) => stored.has(p))) +
    (await sweepOrphans(paths.duplicates, (p) => stored.has(p))) +
    (await sweepOrphans(paths.incoming, () => false)) +
    (await sweepOrphans(paths.store, (p) => images.has(basename(p)), 2)) +
    // Output PDFs are re-rendered on demand; only those of purged documents are removed.
    (await sweepOrphans(paths.output, (p) => !purgedPdfs.has(p)));
  if (removed > 0) d.log.info('station.orphans-removed', { count: removed });
}
