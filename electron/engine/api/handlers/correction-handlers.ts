import { fail, ok } from '../../../../shared/api/result.js';
import { type Actor, CorrectionRefusal } from '../../corrections/index.js';
import { withheldIndexing } from '../../privacy/withheld-content.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import { recordOpening } from '../opened-records.js';
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
  /** What was read from the replacement's pages is withheld from a session that stated no reason for a protected document. */
  const view = (correctionId: string, caller: Caller) => {
    const found = ctx.correctionQueries.view(correctionId);
    if (!found) return fail('not-found', 'There is no such correction.');
    const { replacement } = found;
    const hidden = replacement !== null && ctx.sensitive.mustWithholdDocument(caller.sessionToken, replacement.documentId);
    return ok(hidden ? { ...found, replacement: withheldIndexing(replacement) } : found);
  };
  /** Runs a change; a refusal becomes a 'conflict' with its sentence; the batch's screens are told. */
  const change = (caller: Caller, correctionId: () => string, work: () => void) => {
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
    return view(id, caller);
  };
  /** A change that opens a correction: its id is known once the work returns. */
  const open = (caller: Caller, work: () => string) => {
    let id = '';
    return change(
      caller,
      () => id,
      () => (id = work()),
    );
  };

  return {
    'documents.find': async (input) => ok({ documents: ctx.correctionQueries.find(input) }),

    'corrections.start': async (input, caller) => open(caller, () => ctx.corrections.start(input.documentId, input.reason, personOf(caller)).id),

    'corrections.get': async (input, caller) => {
      const result = view(input.correctionId, caller);
      if (result.ok) recordOpening(ctx, caller, { type: 'document', id: result.value.original.documentId, part: 'correction' }, input.purpose);
      return result;
    },

    'corrections.setIndex': async ({ correctionId, ...values }, caller) =>
      change(
        caller,
        () => correctionId,
        () => ctx.corrections.setIndex(correctionId, values, personOf(caller)),
      ),

    'corrections.pages': async (input, caller) =>
      change(
        caller,
        () => input.correctionId,
        () => void ctx.corrections.changePages(input.correctionId, input.op, input.pageIds, personOf(caller)),
      ),

    'corrections.confirm': async (input, caller) =>
      change(
        caller,
        () => input.correctionId,
        () => void ctx.corrections.confirm(input.correctionId, personOf(caller)),
      ),

    'corrections.cancel': async (input, caller) =>
      change(
        caller,
        () => input.correctionId,
        () => ctx.corrections.cancel(input.correctionId, personOf(caller)),
      ),

    'corrections.retract': async (input, caller) => open(caller, () => ctx.corrections.retract(input.documentId, input.reason, personOf(caller)).id),

    // Held by QC, the correction comes back open: the screen shows the findings to settle.
    'corrections.followMerge': async (input, caller) => open(caller, () => ctx.corrections.followMerge(input.documentId, personOf(caller)).correction.id),

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
