import { fail, ok } from '../../../../shared/api/result.js';
import { type Actor, CorrectionRefusal } from '../../corrections/index.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type CorrectionHandlers = Pick<
  Handlers,
  | 'documents.find'
  | 'corrections.start'
  | 'corrections.get'
  | 'corrections.setIndex'
  | 'corrections.pages'
  | 'corrections.confirm'
  | 'corrections.cancel'
  | 'corrections.retract'
  | 'corrections.followMerge'
  | 'corrections.policy'
  | 'corrections.savePolicy'
>;

const personOf = (caller: Caller): Actor => ({ id: caller.user!.id, username: caller.user!.username, displayName: caller.user!.displayName });

/** Correcting delivered documents (electron/engine/corrections): every change one transaction, refusals as values. */
export function correctionHandlers(ctx: StationContext): CorrectionHandlers {
  const view = (correctionId: string) => {
    const found = ctx.correctionQueries.view(correctionId);
    return found ? ok(found) : fail('not-found', 'There is no such correction.');
  };
  /** Runs a change; a refusal becomes a 'conflict' with its sentence; the batch's screens are told. */
  const change = (correctionId: () => string, work: () => void) => {
    try {
      work();
    } catch (error) {
      if (error instanceof CorrectionRefusal) return fail('conflict', error.message);
      throw error;
    }
    const id = correctionId();
    const batchId = ctx.correctionQueries.view(id)?.original.batchId;
    if (batchId) ctx.notifyBatchChanged(batchId);
    ctx.kickDelivery();
    return view(id);
  };

  return {
    'documents.find': async (input) => ok({ documents: ctx.correctionQueries.find(input) }),

    'corrections.start': async (input, caller) => {
      let id = '';
      return change(
        () => id,
        () => (id = ctx.corrections.start(input.documentId, input.reason, personOf(caller)).id),
      );
    },

    'corrections.get': async (input, caller) => {
      const result = view(input.correctionId);
      if (result.ok && !input.refresh) ctx.audit.record({ user: actor(caller), action: 'document-viewed', subject: { type: 'document', id: result.value.original.documentId }, details: { part: 'correction' } });
      return result;
    },

    'corrections.setIndex': async ({ correctionId, ...values }, caller) => change(() => correctionId, () => ctx.corrections.setIndex(correctionId, values, personOf(caller))),

    'corrections.pages': async (input, caller) => change(() => input.correctionId, () => void ctx.corrections.changePages(input.correctionId, input.op, input.pageIds, personOf(caller))),

    'corrections.confirm': async (input, caller) => change(() => input.correctionId, () => void ctx.corrections.confirm(input.correctionId, personOf(caller))),

    'corrections.cancel': async (input, caller) => change(() => input.correctionId, () => ctx.corrections.cancel(input.correctionId, personOf(caller))),

    'corrections.retract': async (input, caller) => {
      let id = '';
      return change(
        () => id,
        () => (id = ctx.corrections.retract(input.documentId, input.reason, personOf(caller)).id),
      );
    },

    // Held by QC, the correction comes back open: the screen shows the findings to settle.
    'corrections.followMerge': async (input, caller) => {
      let id = '';
      return change(
        () => id,
        () => (id = ctx.corrections.followMerge(input.documentId, personOf(caller)).correction.id),
      );
    },

    'corrections.policy': async () => ok(ctx.corrections.policy()),

    'corrections.savePolicy': async (input, caller) => {
      ctx.transaction(() => {
        ctx.corrections.savePolicy(input.policy);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { part: 'corrections', ...input.policy } });
      });
      return ok(ctx.corrections.policy());
    },
  };
}
