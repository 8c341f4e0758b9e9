import { randomUUID } from 'node:crypto';
import { fail, ok } from '../../../../shared/api/result.js';
import { QcCode } from '../../../../shared/domain/indexing.js';
import { type Handlers, actor } from '../dispatcher.js';
import { overrideRequestViews } from '../override-request-view.js';
import type { StationContext } from '../station-context.js';

type OverrideRequestHandlers = Pick<
  Handlers,
  'overrideRequests.request' | 'overrideRequests.queue' | 'overrideRequests.decide' | 'overrideRequests.mine' | 'overrideRequests.markSeen' | 'overrideRequests.forDocument'
>;

/** A document is never filed without its patient and type: these are chosen, never overridden. */
const neverOverridden = new Set<QcCode>(['missing-patient', 'missing-document-type']);

/**
 * The clerk's way to a reviewer: a request to let a blocking finding pass, with a note; the
 * reviewer grants it (the finding is overridden with the reviewer's reason) or declines it with a
 * reason, and the answer goes back to the clerk who asked.
 */
export function overrideRequestHandlers(ctx: StationContext): OverrideRequestHandlers {
  const viewOf = (id: string) => overrideRequestViews(ctx, [ctx.overrideRequests.get(id)!])[0]!;

  return {
    'overrideRequests.request': async (input, caller) => {
      const code = QcCode.safeParse(input.code);
      if (!code.success) return fail('invalid-input', 'There is no such check.', { code: 'Unknown check.' });
      const view = ctx.indexingService.view(input.documentId);
      if (!view) return fail('not-found', 'This document does not exist any more (the batch may have been split again).');
      if (view.status === 'confirmed') return fail('conflict', 'This document is confirmed: nothing blocks it.');
      if (neverOverridden.has(code.data)) return fail('conflict', 'A document is never filed without its patient and type: choose them instead.');
      const finding = view.qc.find((f) => f.code === code.data);
      if (!finding || finding.severity !== 'blocking' || finding.override) return fail('conflict', 'That check does not block this document (any more).');
      const id = randomUUID();
      const asked = ctx.transaction(() => {
        if (ctx.overrideRequests.pendingFor(input.documentId, code.data)) return false;
        ctx.overrideRequests.insert({
          id,
          documentId: input.documentId,
          batchId: view.batchId,
          code: code.data,
          findingMessage: finding.message,
          note: input.note,
          requestedById: caller.user!.id,
          requestedByName: caller.user!.displayName,
          requestedAt: ctx.now().toISOString(),
        });
        ctx.audit.record({ user: actor(caller), action: 'override-requested', subject: { type: 'document', id: input.documentId }, details: { requestId: id, code: code.data, note: input.note } });
        return true;
      });
      if (!asked) return fail('conflict', 'A reviewer has already been asked to override this finding; the answer will show here.');
      ctx.notifyBatchChanged(view.batchId);
      return ok(viewOf(id));
    },

    'overrideRequests.queue': async () => ok({ requests: overrideRequestViews(ctx, ctx.overrideRequests.pending()).filter((r) => r.state === 'pending') }),

    'overrideRequests.decide': async (input, caller) => {
      const row = ctx.overrideRequests.get(input.requestId);
      if (!row) return fail('not-found', 'There is no such request.');
      const current = overrideRequestViews(ctx, [row])[0]!;
      if (current.state === 'granted' || current.state === 'declined') return fail('conflict', `This request was already ${current.state} by ${current.decidedBy ?? 'a reviewer'}.`);
      if (current.state === 'settled') return fail('conflict', 'This request is no longer needed: the finding was fixed or overridden, or the document was confirmed.');
      const reviewer = { id: caller.user!.id, name: caller.user!.displayName };
      const granted = input.decision === 'grant';
      const decided = ctx.transaction(() => {
        const at = ctx.now().toISOString();
        if (!ctx.overrideRequests.decide(row.id, granted ? 'granted' : 'declined', reviewer, input.reason, at)) return false;
        if (granted) {
          ctx.indexing.addOverride(row.documentId, row.code, input.reason, reviewer, at);
          ctx.audit.record({ user: actor(caller), action: 'qc-overridden', subject: { type: 'document', id: row.documentId }, details: { code: row.code, reason: input.reason, requestId: row.id } });
        }
        ctx.audit.record({
          user: actor(caller),
          action: 'override-request-answered',
          subject: { type: 'document', id: row.documentId },
          details: { requestId: row.id, decision: granted ? 'granted' : 'declined', reason: input.reason, requestedBy: row.requestedById },
        });
        return true;
      });
      if (!decided) return fail('conflict', 'Someone else answered this request a moment ago.');
      ctx.notifyBatchChanged(row.batchId);
      return ok(viewOf(row.id));
    },

    'overrideRequests.mine': async (_input, caller) =>
      ok({ requests: overrideRequestViews(ctx, ctx.overrideRequests.byRequester(caller.user!.id, 30)), unseen: ctx.overrideRequests.unseenAnswers(caller.user!.id) }),

    'overrideRequests.markSeen': async (input, caller) => {
      ctx.transaction(() => ctx.overrideRequests.markSeen(caller.user!.id, input.requestIds, ctx.now().toISOString()));
      return ok({ unseen: ctx.overrideRequests.unseenAnswers(caller.user!.id) });
    },

    'overrideRequests.forDocument': async (input) => ok({ requests: overrideRequestViews(ctx, ctx.overrideRequests.forDocument(input.documentId)) }),
  };
}
