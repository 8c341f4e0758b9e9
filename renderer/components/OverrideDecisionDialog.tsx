import type { QcFinding } from '../../shared/domain/indexing.js';
import type { OverrideRequest } from '../../shared/domain/override-requests.js';
import { useOverrideRequests } from '../stores/override-requests.js';
import { OverrideDialog } from './OverrideDialog.js';
import { ReasonDialog } from './ReasonDialog.js';

/** A reviewer's answer to a clerk's override request, being written. */
export type OverrideDecision = { kind: 'grant' | 'decline'; request: OverrideRequest; finding?: QcFinding };

/** The finding as the request carries it (its sentence when it was asked about). */
const findingOf = (r: OverrideRequest): QcFinding => ({ code: r.code, severity: 'blocking', message: r.findingMessage, pageIds: [], override: null });

/**
 * Grant (the reason the finding may pass) or Decline (what the clerk should do instead): the
 * answer goes back to the clerk with the reviewer's name. `onDecided` runs after it is recorded.
 */
export function OverrideDecisionDialog({ decision, onDecided, onClose }: { decision: OverrideDecision; onDecided?(): void; onClose(): void }) {
  const { kind, request } = decision;
  const decide = async (reason: string) => {
    const result = await useOverrideRequests.getState().decide(request.id, kind, reason);
    if (result.ok) onDecided?.();
    return result;
  };
  if (kind === 'grant') return <OverrideDialog finding={decision.finding ?? findingOf(request)} onSubmit={decide} onClose={onClose} />;
  return (
    <ReasonDialog title="Decline the override" label="What should the clerk do instead?" submitLabel="Decline" onSubmit={decide} onClose={onClose}>
      <p className="small">{request.findingMessage}</p>
      <p className="small">
        {request.requestedBy} asked: “{request.note}”. Your answer goes back to them with your name.
      </p>
    </ReasonDialog>
  );
}
