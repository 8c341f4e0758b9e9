import type { AuditLog } from '../../audit/audit-log.js';
import type { BatchRepository } from '../../db/repositories/batches.js';
import type { IndexingRepository } from '../../db/repositories/indexing.js';
import type { RescanMarkRepository } from '../../db/repositories/rescan-marks.js';
import type { Arrival, RescanPlacement } from '../../intake/file-intake.js';
import { applyRescanToLayout } from './rescan-layout.js';

export interface RescanPlacementDeps {
  batches: BatchRepository;
  indexing: IndexingRepository;
  rescanMarks: RescanMarkRepository;
  audit: AuditLog;
}

/**
 * The armed rescan mark takes a sound file that just arrived: its pages join the marked batch
 * and replace (or follow) the marked page, with the layout before it kept for undo. Runs inside
 * the intake's commit, so the file's intake record, its pages and the replacement are one
 * transaction: after a crash there is either all of it or none (and the file is still in the
 * drop folder). When the mark can no longer be honoured (the page left every document, or its
 * document was confirmed) the mark lapses and the file becomes a batch of its own, as any scan:
 * a page is never dropped.
 */
export function placeRescan(deps: RescanPlacementDeps, arrival: Arrival): RescanPlacement | null {
  const mark = deps.rescanMarks.armed();
  if (!mark) return null;
  const layout = deps.indexing.layoutOf(mark.batchId);
  const holder = layout.documents.find((d) => d.pageIds.includes(mark.pageId));
  const placed =
    holder && deps.indexing.indexOf(holder.id)?.status !== 'confirmed'
      ? applyRescanToLayout(
          layout,
          mark,
          arrival.pages.map((p) => p.id),
        )
      : null;
  const marker = { id: mark.markedById, name: mark.markedByName };
  if (!placed) {
    deps.rescanMarks.end(mark.id, 'lapsed', arrival.receivedAt, null);
    deps.audit.record({
      user: marker,
      action: 'rescan-lapsed',
      subject: { type: 'batch', id: mark.batchId },
      details: { markId: mark.id, reason: holder ? 'document-confirmed' : 'page-not-in-a-document', newBatchId: arrival.newBatchId },
    });
    return null;
  }

  deps.batches.appendSourceFile(mark.batchId, arrival.sourceFile, arrival.pages, arrival.receivedAt);
  deps.indexing.pushHistory(mark.batchId, `rescan-${mark.kind}`, placed.before, mark.markedById, arrival.receivedAt);
  deps.indexing.saveLayout(mark.batchId, placed.after, arrival.receivedAt);
  deps.rescanMarks.end(mark.id, 'used', arrival.receivedAt, null, arrival.sourceFile.id);
  // On the word of whoever marked it: the station only carried out their instruction.
  deps.audit.record({
    user: marker,
    action: 'rescan-applied',
    subject: { type: 'document', id: placed.documentId },
    details: {
      markId: mark.id,
      batchId: mark.batchId,
      kind: mark.kind,
      pageId: mark.pageId,
      newPageIds: arrival.pages.map((p) => p.id),
      sourceFileId: arrival.sourceFile.id,
      sha256: arrival.sourceFile.sha256,
    },
  });
  return { batchId: mark.batchId, documentId: placed.documentId, markId: mark.id };
}
