import type { QcCode } from '../../../shared/domain/indexing.js';
import type { OverrideRequest, OverrideRequestState } from '../../../shared/domain/override-requests.js';
import type { OverrideRequestRow } from '../db/repositories/override-requests.js';
import type { StationContext } from './station-context.js';

/**
 * Whether a pending request still needs a reviewer: only while its document is open and the
 * finding still blocks it. Worked out when asked, never written back (a read changes nothing).
 */
function currentState(ctx: StationContext, row: OverrideRequestRow): { state: OverrideRequestState; message: string | null; documentNumber: number | null } {
  if (row.state !== 'pending') return { state: row.state, message: null, documentNumber: null };
  const view = ctx.indexingService.view(row.documentId);
  const finding = view?.qc.find((f) => f.code === row.code);
  const open = view !== null && view.status !== 'confirmed' && finding?.severity === 'blocking' && !finding.override;
  return { state: open ? 'pending' : 'settled', message: finding?.message ?? null, documentNumber: view?.sequence ?? null };
}

/** Requests as the screens show them, with their batch label and the document's place in it. */
export function overrideRequestViews(ctx: StationContext, rows: readonly OverrideRequestRow[]): OverrideRequest[] {
  const labels = new Map<string, string>();
  const positions = new Map<string, Map<string, number>>();
  const labelOf = (batchId: string) => {
    if (!labels.has(batchId)) labels.set(batchId, ctx.batches.summary(batchId)?.label ?? 'a removed batch');
    return labels.get(batchId)!;
  };
  const positionOf = (batchId: string, documentId: string) => {
    if (!positions.has(batchId)) positions.set(batchId, new Map(ctx.recognition.documentsOf(batchId).map((d) => [d.id, d.sequence])));
    return positions.get(batchId)!.get(documentId) ?? null;
  };
  return rows.map((row) => {
    const now = currentState(ctx, row);
    return {
      id: row.id,
      documentId: row.documentId,
      batchId: row.batchId,
      batchLabel: labelOf(row.batchId),
      documentNumber: now.documentNumber ?? positionOf(row.batchId, row.documentId),
      code: row.code as QcCode,
      findingMessage: now.message ?? row.findingMessage,
      note: row.note,
      requestedBy: row.requestedByName,
      requestedAt: row.requestedAt,
      state: now.state,
      decidedBy: row.decidedByName,
      decidedAt: row.decidedAt,
      decisionReason: row.decisionReason,
      seen: row.seenAt !== null,
    };
  });
}
