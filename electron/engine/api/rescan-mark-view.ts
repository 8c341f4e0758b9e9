import type { RescanMark } from '../../../shared/domain/rescan.js';
import type { RescanMarkRow } from '../db/repositories/rescan-marks.js';
import type { StationContext } from './station-context.js';

/** A mark as the screens show it: where the marked page is now (pages move), in which batch. */
export function rescanMarkView(ctx: StationContext, row: RescanMarkRow): RescanMark {
  const holder = ctx.recognition.documentsOf(row.batchId).find((d) => d.pageIds.includes(row.pageId)) ?? null;
  return {
    id: row.id,
    batchId: row.batchId,
    batchLabel: ctx.batches.summary(row.batchId)?.label ?? 'a removed batch',
    documentId: holder?.id ?? null,
    documentNumber: holder?.sequence ?? null,
    kind: row.kind,
    pageId: row.pageId,
    pageNumber: holder ? holder.pageIds.indexOf(row.pageId) + 1 : null,
    markedBy: row.markedByName,
    markedAt: row.markedAt,
    state: row.state,
    endedAt: row.endedAt,
    endedBy: row.endedByName,
  };
}
