import { patientName } from '../../../../shared/domain/patient.js';
import { fail, ok } from '../../../../shared/api/result.js';
import type { ReviewDocument } from '../../../../shared/domain/review-queue.js';
import type { BoxStatus, ReviewQueueEntry } from '../../../../shared/domain/review.js';
import { reviewStatus } from '../../indexing/document-indexing.js';
import { batchDetail } from '../batch-view.js';
import { withheldQc } from '../../privacy/withheld-content.js';
import { type Handlers, actor } from '../dispatcher.js';
import { recordOpening } from '../opened-records.js';
import type { StationContext } from '../station-context.js';

type ReviewHandlers = Pick<Handlers, 'review.queue' | 'review.batch' | 'review.decide' | 'review.approveBatch' | 'boxes.list' | 'boxes.verify' | 'batches.setBox'>;

const dateOf = (iso: string) => iso.slice(0, 10);

/** QC review of confirmed documents, and the back-scanning boxes whose paper it clears. */
export function reviewHandlers(ctx: StationContext): ReviewHandlers {
  const reviewDocument = (documentId: string, sessionToken: string | null): ReviewDocument | null => {
    const view = ctx.indexingService.view(documentId);
    const row = ctx.review.get(documentId);
    if (!view || !row) return null;
    const patient = view.index.patient;
    const type = view.index.docType ? ctx.catalogue.find(view.index.docType.code) : null;
    return {
      documentId,
      sequence: view.sequence,
      pageIds: view.pageIds,
      patient: patient ? { mrn: patient.mrn, name: patientName(patient), birthDate: patient.birthDate } : null,
      docType: view.index.docType ? { ...view.index.docType, sensitive: type?.sensitive === true || ctx.sensitive.isProtectedDocument(documentId) } : null,
      dateOfService: view.index.dateOfService,
      confirmedBy: row.operatorName,
      confirmedAt: row.confirmedAt,
      // QC sentences quote the pages: withheld until the reviewer states a reason.
      qc: ctx.sensitive.mustWithholdDocument(sessionToken, documentId) ? withheldQc(view.qc) : view.qc,
      review: reviewStatus(row)!,
    };
  };

  /** Warnings and overridden findings on a batch's documents awaiting review: what a reviewer should look at first. */
  const flagsIn = (batchId: string) =>
    [...ctx.indexingService.qcOfBatch(batchId, ctx.review.awaitingIn(batchId)).values()].reduce((n, qc) => n + qc.filter((f) => f.severity === 'warning' || f.override).length, 0);

  const boxStatus = (project: string, box: string): BoxStatus | null => {
    const row = ctx.review.boxes().find((b) => b.project === project && b.box === box);
    return row ? { ...row, verified: row.verifiedAt !== null } : null;
  };

  /** Why a decision on this document cannot be taken now, or null. `approver`: who would approve it. */
  const refusal = (documentId: string, rejection: { reasonCode: string; reasonText?: string | undefined } | null, approver: string | null) => {
    const row = ctx.review.get(documentId);
    if (!row) return fail('not-found', 'This document is not waiting for review.');
    if (approver !== null && row.operatorId === approver && row.state === 'awaiting' && !ctx.reviewGate.policy().allowSelfApproval) {
      return fail('forbidden', 'You confirmed this document yourself: another reviewer must approve it (four-eyes review).');
    }
    if (row.state !== 'awaiting') {
      return fail('conflict', `This document was already ${row.state === 'approved' ? 'approved' : row.state === 'rejected' ? 'sent back' : 'let through without review'}.`);
    }
    if (rejection?.reasonCode === 'other' && !rejection.reasonText) {
      return fail('invalid-input', 'Say what is wrong when the reason is "Other".', { reasonText: 'Say what is wrong.' });
    }
    const index = ctx.indexing.indexOf(documentId);
    if (!index || index.status !== 'confirmed' || !index.patientMrn) return fail('conflict', 'This document is no longer confirmed; it left review.');
    const retired = rejection ? null : ctx.merges.retiredRefusal(index.patientMrn);
    if (retired) return fail('conflict', `${retired} Send it back to the clerk.`);
    return null;
  };

  /** Review passed: into the outbox in the same transaction as the approval. Call inside one. */
  const approve = (documentId: string, caller: Parameters<ReviewHandlers['review.decide']>[1]) => {
    const row = ctx.review.get(documentId)!;
    ctx.review.decide(documentId, { state: 'approved', reasonCode: null, reasonText: null }, { id: caller.user!.id, name: caller.user!.displayName }, ctx.now().toISOString());
    if (!row.deliveredFirst) ctx.enqueueDelivery(documentId, ctx.indexing.indexOf(documentId)!.patientMrn!, actor(caller));
    ctx.audit.record({ user: actor(caller), action: 'review-approved', subject: { type: 'document', id: documentId } });
  };

  return {
    'review.queue': async (filter) => {
      const entries: ReviewQueueEntry[] = [];
      for (const row of ctx.review.queueRows()) {
        const batch = ctx.batches.summary(row.batchId);
        if (!batch) continue;
        const operators = row.operators.split(',');
        if (filter.operator && !operators.some((o) => o.toLowerCase().includes(filter.operator!.toLowerCase()))) continue;
        if (filter.from && dateOf(row.waitingSince) < filter.from) continue;
        if (filter.to && dateOf(row.waitingSince) > filter.to) continue;
        if (filter.project && batch.project !== filter.project) continue;
        if (filter.box && batch.box !== filter.box) continue;
        const flags = flagsIn(row.batchId);
        if (filter.flaggedOnly && flags === 0) continue;
        entries.push({
          batchId: row.batchId,
          label: batch.label,
          createdAt: batch.createdAt,
          project: batch.project,
          box: batch.box,
          operators,
          awaiting: row.awaiting,
          decided: row.decided,
          flags,
          waitingSince: row.waitingSince,
        });
      }
      return ok({ entries, policy: ctx.reviewGate.policy() });
    },

    'review.batch': async (input, caller) => {
      const batch = ctx.batches.summary(input.batchId);
      if (!batch) return fail('not-found', 'This batch does not exist (it may have been removed).');
      const rows = ctx.review.forBatch(input.batchId).filter((r) => r.state === 'awaiting' || r.state === 'approved' || r.state === 'rejected');
      const documents = rows.map((r) => reviewDocument(r.documentId, caller.sessionToken)).filter((d): d is ReviewDocument => d !== null);
      // In the batch's own order, whatever was decided: a reviewer's place in the list never moves
      // under them (the screen goes to the next document awaiting review by itself).
      documents.sort((a, b) => a.sequence - b.sequence);
      // The reviewer sees index data and pages: PHI access, attributed.
      recordOpening(ctx, caller, { type: 'batch', id: input.batchId, part: 'review' }, input.purpose);
      return ok({ batchId: batch.id, label: batch.label, project: batch.project, box: batch.box, documents });
    },

    'review.decide': async (input, caller) => {
      const refused = refusal(input.documentId, input.decision === 'reject' ? input : null, input.decision === 'approve' ? caller.user!.id : null);
      if (refused) return refused;
      const ownCorrection = input.decision === 'approve' ? ctx.corrections.secondReviewerRefusal(input.documentId, caller.user!.id) : null;
      if (ownCorrection) return fail('conflict', ownCorrection);
      const row = ctx.review.get(input.documentId)!;
      ctx.transaction(() => {
        if (input.decision === 'approve') approve(input.documentId, caller);
        else {
          const reasonText = input.reasonText || null;
          const reviewer = { id: caller.user!.id, name: caller.user!.displayName };
          const at = ctx.now().toISOString();
          ctx.review.decide(input.documentId, { state: 'rejected', reasonCode: input.reasonCode, reasonText }, reviewer, at);
          ctx.reviewGate.watchAfterRejection({ id: row.operatorId, name: row.operatorName });
          // Back to the clerk's queue; a document already delivered by `process --deliver` cannot
          // come back and is corrected at the repository instead.
          if (!row.deliveredFirst) ctx.indexing.setStatus(input.documentId, 'open', caller.user!.displayName, at);
          ctx.audit.record({
            user: actor(caller),
            action: 'review-rejected',
            subject: { type: 'document', id: input.documentId },
            details: { reason: input.reasonCode, text: reasonText },
          });
        }
      });
      ctx.kickDelivery();
      ctx.notifyBatchChanged(row.batchId);
      const document = reviewDocument(input.documentId, caller.sessionToken);
      return document ? ok(document) : fail('not-found', 'This document does not exist any more.');
    },

    'review.approveBatch': async (input, caller) => {
      // Documents the caller confirmed (or whose correction they started) are left for another reviewer (four eyes), not refused as a whole.
      const ids = ctx.review.awaitingIn(input.batchId).filter((id) => refusal(id, null, caller.user!.id) === null && ctx.corrections.secondReviewerRefusal(id, caller.user!.id) === null);
      ctx.transaction(() => ids.forEach((id) => approve(id, caller)));
      ctx.kickDelivery();
      if (ids.length > 0) ctx.notifyBatchChanged(input.batchId);
      return ok({ approved: ids.length });
    },

    'boxes.list': async () => ok({ boxes: ctx.review.boxes().map((b) => ({ ...b, verified: b.verifiedAt !== null })) }),

    'boxes.verify': async (input, caller) => {
      const box = boxStatus(input.project, input.box);
      if (!box) return fail('not-found', `There is no box ${input.box} in project ${input.project}.`);
      if (box.verified) return ok(box);
      if (box.documents === 0) return fail('conflict', 'This box has no documents yet.');
      if (box.outstanding > 0) {
        return fail('conflict', `${box.outstanding} document${box.outstanding === 1 ? ' is' : 's are'} not yet confirmed and reviewed in this box.`);
      }
      ctx.transaction(() => {
        ctx.review.verifyBox(input.project, input.box, caller.user!.displayName, ctx.now().toISOString());
        ctx.audit.record({ user: actor(caller), action: 'box-verified', details: { project: input.project, box: input.box, documents: box.documents } });
      });
      return ok(boxStatus(input.project, input.box)!);
    },

    'batches.setBox': async (input, caller) => {
      if (!ctx.batches.summary(input.batchId)) return fail('not-found', 'This batch does not exist (it may have been removed).');
      if ((input.project === null) !== (input.box === null)) {
        return fail('invalid-input', 'Give both the project and the box, or neither.', input.project === null ? { project: 'Needed with a box.' } : { box: 'Needed with a project.' });
      }
      const current = ctx.review.boxOf(input.batchId);
      if (current?.project && current.box && boxStatus(current.project, current.box)?.verified) {
        return fail('conflict', 'This batch belongs to a verified box; it cannot be moved.');
      }
      ctx.transaction(() => {
        ctx.review.setBox(input.batchId, input.project, input.box);
        ctx.audit.record({ user: actor(caller), action: 'box-assigned', subject: { type: 'batch', id: input.batchId }, details: { project: input.project, box: input.box } });
      });
      ctx.notifyBatchChanged(input.batchId);
      return ok(batchDetail(ctx, input.batchId, { sessionToken: caller.sessionToken })!);
    },
  };
}
