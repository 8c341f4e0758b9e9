import type { DocumentIndexing, QcFinding } from '../../../shared/domain/indexing.js';
import { Alert } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { When } from '../../components/When.js';
import { findingPagesText } from '../../lib/indexing.js';
import { reasonSentence } from '../../lib/review.js';
import type { Notice } from '../../stores/indexing.js';

/** Findings that only say a value is missing: a to-do list, not a problem with the pages. */
export const isToDo = (f: QcFinding) => f.code === 'missing-patient' || f.code === 'missing-document-type' || f.code === 'missing-date-of-service';

/** Blocking first, then warnings, then those already overridden. */
export const findingRank = (f: QcFinding) => (f.override ? 2 : f.severity === 'blocking' ? 0 : 1);

export function Finding({ finding: f, pageIds, onGoToPage, onOverride }: { finding: QcFinding; pageIds: string[]; onGoToPage(pageId: string): void; onOverride?: (f: QcFinding) => void }) {
  const where = findingPagesText(f, pageIds);
  const tone = f.override ? 'overridden' : f.severity;
  return (
    <li className={`ix-finding ix-finding-${tone}`} data-code={f.code}>
      <span className="ix-finding-head">
        <strong>{f.override ? 'Overridden' : f.severity === 'blocking' ? 'Blocking' : 'Warning'}</strong>
        {where ? (
          <button type="button" className="link-button" onClick={() => f.pageIds[0] && onGoToPage(f.pageIds[0])}>
            {where}
          </button>
        ) : null}
      </span>
      <span className="ix-finding-message">{f.message}</span>
      {f.override ? (
        <span className="small">
          {f.override.by}: “{f.override.reason}” · <When iso={f.override.at} />
        </span>
      ) : onOverride && f.severity === 'blocking' ? (
        <span>
          <Button size="sm" onClick={() => onOverride(f)} title="Let it pass with a reason (O)">
            Override…
          </Button>
        </span>
      ) : null}
    </li>
  );
}

export function NoticeLine({ notice }: { notice: Notice }) {
  return (
    <div className={`ix-notice ix-notice-${notice.tone}`} role={notice.tone === 'danger' || notice.tone === 'warning' ? 'alert' : 'status'}>
      {notice.text}
    </div>
  );
}

/** Where QC review stands: why a document came back, or that it waits for a reviewer. */
export function ReviewNote({ review, confirmed }: { review: DocumentIndexing['review']; confirmed: boolean }) {
  if (!review) return null;
  if (review.state === 'rejected' && !confirmed) {
    return (
      <Alert tone="warning">
        <strong>Sent back by QC review</strong>
        {review.decidedBy ? ` (${review.decidedBy})` : ''}: {reasonSentence(review.reasonCode, review.reasonText).replace(/[.!?]$/, '')}. Fix it and confirm again; it goes back to review.
      </Alert>
    );
  }
  if (!confirmed) return null;
  if (review.state === 'awaiting') return <Alert tone="info">Waiting for QC review before it is delivered.</Alert>;
  if (review.state === 'approved') return <p className="ix-review-ok small">Approved by QC review{review.decidedBy ? ` (${review.decidedBy})` : ''}.</p>;
  return null;
}
