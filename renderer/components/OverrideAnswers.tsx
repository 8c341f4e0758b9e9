import { useOverrideRequests } from '../stores/override-requests.js';
import { indexHref } from '../stores/router.js';
import { When } from './When.js';
import '../styles/station-day.css';

/** Sidebar, beside Batches: answers to the clerk's override requests not seen yet. */
export function OverrideAnswersBadge() {
  const unseen = useOverrideRequests((s) => s.unseen);
  if (unseen === 0) return null;
  const label = unseen === 1 ? '1 answer to your override requests' : `${unseen} answers to your override requests`;
  return (
    <span className="nav-count sd-nav-answer" aria-label={label} title={label}>
      {unseen}
    </span>
  );
}

/**
 * Batches: the clerk's override requests still waiting, and the answers they have not opened.
 * Opening the document shows the answer there, and it leaves this list and the badge.
 */
export function OverrideAnswersPanel() {
  const mine = useOverrideRequests((s) => s.mine);
  const shown = mine.filter((r) => r.state === 'pending' || ((r.state === 'granted' || r.state === 'declined') && !r.seen));
  if (shown.length === 0) return null;
  return (
    <section className="sd-answers" aria-labelledby="sd-answers-title">
      <h2 id="sd-answers-title" className="sd-answers-title">
        Your override requests
      </h2>
      <ul className="sd-answers-list">
        {shown.map((r) => (
          <li key={r.id} className={`sd-answer sd-answer-${r.state}`} data-request-state={r.state}>
            <a href={indexHref(r.batchId, r.documentId)} className="sd-answer-link">
              <span className="mono">{r.batchLabel}</span>
              {r.documentNumber ? ` · document ${r.documentNumber}` : ''}
            </a>
            <span className="sd-answer-text">
              {r.state === 'pending' ? (
                <>
                  Waiting for a reviewer · asked <When iso={r.requestedAt} />
                </>
              ) : (
                <>
                  <strong>{r.state === 'granted' ? 'Granted' : 'Declined'}</strong> by {r.decidedBy}: “{r.decisionReason}”
                </>
              )}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
