import { fail, ok } from '../../../../shared/api/result.js';
import type { QcCode } from '../../../../shared/domain/indexing.js';
import { QcCode as QcCodeSchema } from '../../../../shared/domain/indexing.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import { withheldIndexing, withheldQc } from '../../privacy/withheld-content.js';
import { recordOpening } from '../opened-records.js';
import { documentIndexing } from '../batch-view.js';
import type { StationContext } from '../station-context.js';

type IndexingHandlers = Pick<Handlers, 'documents.indexing' | 'documents.setIndex' | 'documents.acceptSuggestions' | 'documents.confirm' | 'documents.reopen' | 'qc.override'>;

const notFound = () => fail('not-found', 'This document does not exist any more (the batch may have been split again).');

export function indexingHandlers(ctx: StationContext): IndexingHandlers {
  /** The indexing view, with what was read from protected pages withheld from a session that gave no reason. */
  const view = (documentId: string, caller: Caller) => {
    const result = documentIndexing(ctx, documentId);
    if (!result) return notFound();
    return ok(ctx.sensitive.mustWithholdDocument(caller.sessionToken, documentId) ? withheldIndexing(result) : result);
  };
  /** Every index change with its before and after values. */
  const recordIndexChange = (documentId: string, before: ReturnType<typeof ctx.indexing.indexOf>, caller: Parameters<IndexingHandlers['documents.setIndex']>[1], how?: string) => {
    const after = ctx.indexing.indexOf(documentId);
    const pick = (row: typeof before) => ({ patientMrn: row?.patientMrn ?? null, docTypeCode: row?.docTypeCode ?? null, dateOfService: row?.dateOfService ?? null });
    ctx.audit.record({ user: actor(caller), action: 'index-changed', subject: { type: 'document', id: documentId }, details: { before: pick(before), after: pick(after), ...(how ? { how } : {}) } });
  };
  /** After a change: tell the screens, then answer with the fresh view. */
  const changed = (documentId: string, caller: Caller) => {
    const batchId = ctx.indexingService.batchOf(documentId);
    if (batchId) ctx.notifyBatchChanged(batchId);
    return view(documentId, caller);
  };
  const whenOpen = (documentId: string) => {
    const locked = ctx.corrections.lockedReason(documentId);
    if (locked) return fail('conflict', locked);
    const index = ctx.indexing.indexOf(documentId);
    return index?.status === 'confirmed' ? fail('conflict', 'This document is confirmed. Reopen it to change its index.') : null;
  };

  return {
    'documents.indexing': async (input, caller) => {
      const result = view(input.documentId, caller);
      if (result.ok) recordOpening(ctx, caller, { type: 'document', id: input.documentId }, input.purpose);
      return result;
    },

    'documents.setIndex': async (input, caller) => {
      if (!ctx.indexingService.batchOf(input.documentId)) return notFound();
      const refused = whenOpen(input.documentId);
      if (refused) return refused;
      if (input.patientMrn && !ctx.patients.byMrn(input.patientMrn)) {
        return fail('invalid-input', `No patient with MRN ${input.patientMrn} is in the patient index.`, { patientMrn: 'Not in the patient index.' });
      }
      const retired = input.patientMrn ? ctx.merges.retiredRefusal(input.patientMrn) : null;
      if (retired) return fail('invalid-input', retired, { patientMrn: 'Retired by a patient merge.' });
      if (input.docTypeCode && !ctx.catalogue.find(input.docTypeCode)) {
        return fail('invalid-input', `Document type ${input.docTypeCode} is not in the catalogue.`, { docTypeCode: 'Not in the catalogue.' });
      }
      ctx.transaction(() => {
        // A type changed away from a sensitive one leaves the pages protected.
        ctx.sensitive.rememberPagesOf({ documentId: input.documentId });
        const before = ctx.indexing.indexOf(input.documentId);
        ctx.indexing.setIndex(
          input.documentId,
          {
            ...(input.patientMrn !== undefined ? { patientMrn: input.patientMrn && ctx.patients.byMrn(input.patientMrn)!.mrn } : {}),
            ...(input.docTypeCode !== undefined ? { docTypeCode: input.docTypeCode && ctx.catalogue.find(input.docTypeCode)!.code } : {}),
            ...(input.dateOfService !== undefined ? { dateOfService: input.dateOfService } : {}),
          },
          caller.user!.displayName,
          ctx.now().toISOString(),
        );
        recordIndexChange(input.documentId, before, caller);
      });
      return changed(input.documentId, caller);
    },

    'documents.acceptSuggestions': async (input, caller) => {
      const current = ctx.indexingService.view(input.documentId);
      if (!current) return notFound();
      const refused = whenOpen(input.documentId);
      if (refused) return refused;
      // Suggestions read from protected pages are not the clerk's to take unseen.
      if (ctx.sensitive.mustWithholdDocument(caller.sessionToken, input.documentId)) {
        return fail('forbidden', 'This document holds pages of a sensitive document: state why you need to see it first.');
      }
      // Only a high-confidence patient is taken: a weak one is a decision for the clerk. A type
      // marked a guess is not taken either (guesses rank after every type with evidence).
      const patient = current.suggestions.patients.find((m) => m.confidence === 'high');
      const type = current.suggestions.docTypes.find((t) => !t.guess);
      const date = current.suggestions.datesOfService[0];
      ctx.transaction(() => {
        // A type changed away from a sensitive one leaves the pages protected.
        ctx.sensitive.rememberPagesOf({ documentId: input.documentId });
        const before = ctx.indexing.indexOf(input.documentId);
        ctx.indexing.setIndex(
          input.documentId,
          {
            ...(!current.index.patient && patient ? { patientMrn: patient.patient.mrn } : {}),
            ...(!current.index.docType && type ? { docTypeCode: type.code } : {}),
            ...(!current.index.dateOfService && date ? { dateOfService: date.date } : {}),
          },
          caller.user!.displayName,
          ctx.now().toISOString(),
        );
        recordIndexChange(input.documentId, before, caller, 'accepted-suggestions');
      });
      return changed(input.documentId, caller);
    },

    'documents.confirm': async (input, caller) => {
      const facts = ctx.indexingService.facts(input.documentId);
      const current = ctx.indexingService.view(input.documentId);
      if (!facts || !current) return notFound();
      if (current.status === 'confirmed') return view(input.documentId, caller);
      const locked = ctx.corrections.lockedReason(input.documentId);
      if (locked) return fail('conflict', locked);
      const retired = current.index.patient ? ctx.merges.retiredRefusal(current.index.patient.mrn) : null;
      if (retired) return fail('conflict', retired);
      if (!current.canConfirm) {
        const blocking = current.qc.filter((f) => f.severity === 'blocking' && !f.override);
        const shown = ctx.sensitive.mustWithholdDocument(caller.sessionToken, input.documentId) ? withheldQc(blocking) : blocking;
        return fail('conflict', `This document cannot be confirmed yet: ${shown.map((f) => f.message).join(' ')}`);
      }
      ctx.transaction(() => {
        const at = ctx.now().toISOString();
        ctx.indexing.setStatus(input.documentId, 'confirmed', caller.user!.displayName, at);
        const review = ctx.reviewGate.onConfirmed(input.documentId, facts.batchId, { id: caller.user!.id, name: caller.user!.displayName }, at);
        // Into the outbox in the same transaction as the confirmation (or, when a reviewer must
        // see it first, as the approval): never one without the other.
        if (review.deliverNow) ctx.enqueueDelivery(input.documentId, current.index.patient!.mrn, actor(caller));
        ctx.audit.record({
          user: actor(caller),
          action: 'document-confirmed',
          subject: { type: 'document', id: input.documentId },
          details: { mrn: current.index.patient!.mrn, docType: current.index.docType?.code ?? null, dateOfService: current.index.dateOfService, review: review.state },
        });
        // The station learns the type from what the clerk confirmed.
        if (current.index.docType) ctx.learner.learn(current.index.docType.code, `${facts.text.heading}\n${facts.text.body}`);
      });
      ctx.kickDelivery();
      return changed(input.documentId, caller);
    },

    'documents.reopen': async (input, caller) => {
      if (!ctx.indexingService.batchOf(input.documentId)) return notFound();
      const locked = ctx.corrections.lockedReason(input.documentId);
      if (locked) return fail('conflict', locked);
      const items = ctx.outbox.forDocument(input.documentId);
      if (items.some((i) => i.state === 'delivered' || i.state === 'delivering')) {
        return fail('conflict', 'This document has already been delivered; a reviewer or an administrator corrects it in Corrections (G C).');
      }
      ctx.transaction(() => {
        ctx.indexing.setStatus(input.documentId, 'open', caller.user!.displayName, ctx.now().toISOString());
        ctx.outbox.holdDocument(input.documentId, ctx.now().toISOString());
        ctx.review.withdraw(input.documentId);
        ctx.audit.record({ user: actor(caller), action: 'document-reopened', subject: { type: 'document', id: input.documentId } });
      });
      return changed(input.documentId, caller);
    },

    'qc.override': async (input, caller) => {
      const code = QcCodeSchema.safeParse(input.code);
      if (!code.success) return fail('invalid-input', 'There is no such check.', { code: 'Unknown check.' });
      const current = ctx.indexingService.view(input.documentId);
      if (!current) return notFound();
      if (!current.qc.some((f) => f.code === (code.data as QcCode))) return fail('conflict', 'That check is not raised on this document.');
      ctx.transaction(() => {
        const reviewer = { id: caller.user!.id, name: caller.user!.displayName };
        const at = ctx.now().toISOString();
        ctx.indexing.addOverride(input.documentId, code.data, input.reason, reviewer, at);
        ctx.audit.record({ user: actor(caller), action: 'qc-overridden', subject: { type: 'document', id: input.documentId }, details: { code: code.data, reason: input.reason } });
        // A clerk who asked for this override hears that it was granted, and why.
        const asked = ctx.overrideRequests.pendingFor(input.documentId, code.data);
        if (asked && ctx.overrideRequests.decide(asked.id, 'granted', reviewer, input.reason, at)) {
          ctx.audit.record({
            user: actor(caller),
            action: 'override-request-answered',
            subject: { type: 'document', id: input.documentId },
            details: { requestId: asked.id, decision: 'granted', reason: input.reason, requestedBy: asked.requestedById },
          });
        }
      });
      return changed(input.documentId, caller);
    },
  };
}
