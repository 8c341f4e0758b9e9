import { useEffect, useRef, useState } from 'react';
import type { DocumentIndexing, QcFinding } from '../../shared/domain/indexing.js';
import type { OverrideRequest } from '../../shared/domain/override-requests.js';
import { type RescanMark, rescanMarkSentence } from '../../shared/domain/rescan.js';
import { useBatches } from '../stores/batches.js';
import { useIndexing } from '../stores/indexing.js';
import { useOverrideRequests } from '../stores/override-requests.js';
import { useRescan } from '../stores/rescan.js';
import { Button } from './Button.js';
import { type OverrideDecision, OverrideDecisionDialog } from './OverrideDecisionDialog.js';
import { ReasonDialog } from './ReasonDialog.js';
import { When } from './When.js';
import '../styles/station-day.css';

/** After an answer or a request: the document's checks and the batch may read differently now. */
const refreshDocument = (batchId: string) => {
  void useIndexing.getState().refresh();
  void useBatches.getState().refreshDetail(batchId);
};

/**
 * On the indexing screen: the override requests on this document (the clerk's, waiting or
 * answered; a reviewer answers them here) and the rescan mark armed for it, if any.
 */
export function DocumentRequests({ indexing, canAnswer, canEdit }: { indexing: DocumentIndexing; canAnswer: boolean; canEdit: boolean }) {
  const documentId = indexing.documentId;
  const loaded = useOverrideRequests((s) => (s.forDocument?.documentId === documentId ? s.forDocument.requests : null));
  const armed = useRescan((s) => s.armed);
  const lastEnded = useRescan((s) => s.lastEnded);
  const [deciding, setDeciding] = useState<OverrideDecision | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [asking, setAsking] = useState<QcFinding | null>(null);
  const qcKey = indexing.qc.map((f) => `${f.code}${f.override ? '+' : ''}`).join(',');

  useEffect(() => {
    void useOverrideRequests.getState().loadForDocument(documentId);
  }, [documentId, qcKey]);

  // Opening the document is where the clerk reads the answers: they leave the badge.
  const unseen = (loaded ?? []).filter((r) => (r.state === 'granted' || r.state === 'declined') && !r.seen).map((r) => r.id);
  const unseenKey = unseen.join(',');
  useEffect(() => {
    if (unseenKey) void useOverrideRequests.getState().markSeen(unseenKey.split(','));
  }, [unseenKey]);

  // The latest request per check; settled ones (no longer needed) are history.
  const shown = latestPerCheck(loaded ?? []).filter((r) => r.state !== 'settled');
  const mark = armed && armed.documentId === documentId ? armed : null;

  // The mark shown here ended (the scan arrived, or it was cancelled or lapsed): say what happened.
  const watched = useRef<string | null>(null);
  useEffect(() => {
    if (mark) watched.current = mark.id;
    else if (watched.current && lastEnded?.id === watched.current) {
      watched.current = null;
      useIndexing.getState().say(endedNotice(lastEnded));
    }
  }, [mark, lastEnded]);

  // A clerk may ask about a blocking finding nobody has been asked about yet (patient and type are chosen, not overridden).
  const pending = new Set(shown.filter((r) => r.state === 'pending').map((r) => r.code));
  const askable =
    canEdit && !canAnswer && indexing.status === 'open'
      ? indexing.qc.find((f) => f.severity === 'blocking' && !f.override && !pending.has(f.code) && f.code !== 'missing-patient' && f.code !== 'missing-document-type')
      : undefined;
  if (shown.length === 0 && !mark && !askable) return null;

  return (
    <section className="sd-requests" aria-label="Requests on this document">
      {mark ? (
        <div className="sd-request sd-request-rescan" role="status">
          <p>
            <strong>Next scan:</strong> {rescanMarkSentence(mark, { here: true })} <span className="muted">({mark.markedBy})</span>
          </p>
          {canEdit || canAnswer ? (
            <Button
              size="sm"
              onClick={async () => {
                const result = await useRescan.getState().cancel(mark.id);
                setCancelError(result.ok ? null : result.message);
              }}
            >
              Cancel
            </Button>
          ) : null}
          {cancelError ? <p className="field-error">{cancelError}</p> : null}
        </div>
      ) : null}
      {shown.map((r) => (
        <RequestLine
          key={r.id}
          request={r}
          canAnswer={canAnswer}
          onGrant={() => {
            const finding = indexing.qc.find((f) => f.code === r.code);
            if (finding) setDeciding({ kind: 'grant', request: r, finding });
          }}
          onDecline={() => setDeciding({ kind: 'decline', request: r })}
        />
      ))}
      {askable ? (
        <div className="sd-ask">
          <Button size="sm" onClick={() => setAsking(askable)} title="Ask a reviewer to let the blocking finding pass (O)">
            Ask a reviewer to override… <kbd>O</kbd>
          </Button>
        </div>
      ) : null}
      {asking ? <RequestOverrideDialog documentId={documentId} finding={asking} onClose={() => setAsking(null)} /> : null}
      {deciding ? <OverrideDecisionDialog decision={deciding} onDecided={() => refreshDocument(indexing.batchId)} onClose={() => setDeciding(null)} /> : null}
    </section>
  );
}

function RequestLine({ request: r, canAnswer, onGrant, onDecline }: { request: OverrideRequest; canAnswer: boolean; onGrant(): void; onDecline(): void }) {
  if (r.state === 'pending') {
    return (
      <div className="sd-request sd-request-pending" data-request-state="pending">
        <p>
          <strong>Override asked</strong> by {r.requestedBy}, <When iso={r.requestedAt} />: “{r.note}”
        </p>
        {canAnswer ? (
          <div className="sd-request-actions">
            <Button size="sm" variant="primary" onClick={onGrant}>
              Grant…
            </Button>
            <Button size="sm" onClick={onDecline}>
              Decline…
            </Button>
          </div>
        ) : (
          <p className="muted">Waiting for a reviewer’s answer.</p>
        )}
      </div>
    );
  }
  const granted = r.state === 'granted';
  return (
    <div className={`sd-request ${granted ? 'sd-request-granted' : 'sd-request-declined'}`} data-request-state={r.state} role="status">
      <p>
        <strong>Override {granted ? 'granted' : 'declined'}</strong> by {r.decidedBy ?? 'a reviewer'}
        {r.decidedAt ? (
          <>
            , <When iso={r.decidedAt} />
          </>
        ) : null}
        : “{r.decisionReason}”
      </p>
      {!granted ? <p className="small">You asked: “{r.note}”. Fix the finding, or ask again with more to go on.</p> : null}
    </div>
  );
}

const endedNotice = (mark: RescanMark) =>
  mark.state === 'used'
    ? {
        tone: 'success' as const,
        text:
          mark.kind === 'replace'
            ? 'The rescan arrived and took the page’s place. The page it replaced is under Deleted pages; Ctrl+Z undoes.'
            : 'The rescan arrived: its pages are in this document now. Ctrl+Z undoes.',
      }
    : mark.state === 'cancelled'
      ? { tone: 'info' as const, text: `The mark was cancelled${mark.endedBy ? ` by ${mark.endedBy}` : ''}: the next scan becomes a batch of its own.` }
      : { tone: 'warning' as const, text: 'The mark lapsed (its page left the document, or the document was confirmed): the scan became a batch of its own.' };

const latestPerCheck = (requests: readonly OverrideRequest[]) => {
  const seen = new Set<string>();
  return requests.filter((r) => (seen.has(r.code) ? false : (seen.add(r.code), true)));
};

/** The clerk asks a reviewer to let a blocking finding pass, with a note the reviewer reads. */
export function RequestOverrideDialog({ documentId, finding, onClose }: { documentId: string; finding: QcFinding; onClose(): void }) {
  return (
    <ReasonDialog
      title="Ask a reviewer to override"
      label="Why should it be filed anyway?"
      submitLabel="Ask a reviewer"
      onSubmit={async (note) => {
        const result = await useOverrideRequests.getState().request(documentId, finding.code, note);
        if (result.ok) {
          useIndexing.getState().say({ tone: 'info', text: 'A reviewer has been asked. Their answer shows here and on your Batches badge.' });
          void useIndexing.getState().refresh();
        }
        return result;
      }}
      onClose={onClose}
    >
      <p className="small">{finding.message}</p>
      <p className="small">Only a reviewer or an administrator can let a blocking finding pass. Your note goes to them with your name.</p>
    </ReasonDialog>
  );
}
