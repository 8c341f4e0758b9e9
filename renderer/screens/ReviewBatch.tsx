import { useEffect, useRef, useState } from 'react';
import type { Page } from '../../shared/domain/batch.js';
import type { ReviewDocument } from '../../shared/domain/review-queue.js';
import type { RejectionReason } from '../../shared/domain/review.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { PageViewer } from '../components/PageViewer.js';
import { SensitiveGate } from '../components/SensitiveGate.js';
import { useSensitive } from '../stores/sensitive.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { When } from '../components/When.js';
import { formatServiceDate } from '../lib/recognition.js';
import { plural } from '../lib/format.js';
import { useKeys } from '../lib/keys.js';
import { reasonKey, reasonSentence, rejectionReasonLabels, rejectionReasons, reviewStateNames, reviewStateTones } from '../lib/review.js';
import { useBatches } from '../stores/batches.js';
import { useReview } from '../stores/review.js';
import { navigate } from '../stores/router.js';
import { applyZoomKey, useViewer } from '../stores/viewer.js';

type Turn = 0 | 90 | 180 | 270;

/**
 * One batch under review: each document's pages side by side with its index data and QC
 * flags. A approves (the document is delivered), R sends it back to the clerk with a reason.
 */
export function ReviewBatchScreen({ batchId, documentId }: { batchId: string; documentId: string | null }) {
  const batch = useReview((s) => (s.batch?.batchId === batchId ? s.batch : null));
  const batchError = useReview((s) => s.batchError);
  const notice = useReview((s) => s.notice);
  const acting = useReview((s) => s.acting);
  const { openBatch, approve, reject, say } = useReview.getState();
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const [pageIndex, setPageIndex] = useState(0);
  const [rejecting, setRejecting] = useState(false);
  // Re-render with the unblurred images once a reason is stated for a sensitive document.
  useSensitive((s) => s.revealedPages);

  useEffect(() => {
    void openBatch(batchId);
    void useBatches.getState().openBatch(batchId);
    return () => say(null);
  }, [batchId, openBatch, say]);

  const documents = batch?.documents ?? [];
  const current = documents.find((d) => d.documentId === documentId) ?? documents.find((d) => d.review.state === 'awaiting') ?? documents[0] ?? null;
  const index = current ? documents.indexOf(current) : -1;
  const pages: Page[] = current && detail ? current.pageIds.map((id) => detail.pages.find((p) => p.id === id)).filter((p): p is Page => Boolean(p)) : [];
  const page = pages[Math.min(pageIndex, pages.length - 1)] ?? null;

  useEffect(() => {
    setPageIndex(0);
    setRejecting(false);
  }, [current?.documentId]);

  const goTo = (doc: ReviewDocument | undefined) => doc && navigate({ name: 'review-batch', batchId, documentId: doc.documentId }, { replace: true });
  /** After a decision: the next document still awaiting, or stay when none is left. */
  const goToNextAwaiting = () => {
    const after = documents.slice(index + 1).concat(documents.slice(0, index));
    const next = after.find((d) => d.review.state === 'awaiting' && d.documentId !== current?.documentId);
    if (next) goTo(next);
  };
  const awaiting = current?.review.state === 'awaiting';

  const doApprove = async () => {
    if (!current || !awaiting || acting) return;
    if (await approve(current.documentId)) goToNextAwaiting();
  };
  const doReject = async (code: RejectionReason, text: string) => {
    if (!current) return;
    if (await reject(current.documentId, code, text)) {
      setRejecting(false);
      goToNextAwaiting();
    }
  };

  useKeys(
    (event) => {
      if (rejecting) return false;
      if (applyZoomKey(event.key, useViewer.getState())) return true;
      switch (event.key) {
        case 'a':
        case 'A':
          void doApprove();
          return true;
        case 'r':
        case 'R':
          if (awaiting) setRejecting(true);
          return true;
        case 'j':
        case ']':
          goTo(documents[index + 1]);
          return true;
        case 'k':
        case '[':
          goTo(documents[index - 1]);
          return true;
        case 'PageDown':
        case 'ArrowRight':
          setPageIndex((i) => Math.min(pages.length - 1, i + 1));
          return true;
        case 'PageUp':
        case 'ArrowLeft':
          setPageIndex((i) => Math.max(0, i - 1));
          return true;
        case 'Escape':
          navigate({ name: 'review' });
          return true;
        default:
          return false;
      }
    },
    { enabled: !rejecting },
  );

  const left = documents.filter((d) => d.review.state === 'awaiting').length;
  return (
    <div className="screen">
      <header className="screen-header ix-header">
        <div className="ix-title">
          <Button size="sm" variant="ghost" icon="back" onClick={() => navigate({ name: 'review' })}>
            Review queue
          </Button>
          <h1>
            Review {batch?.label ?? ''}
            {batch?.project ? (
              <span className="muted small">
                {' '}
                · {batch.project} / {batch.box}
              </span>
            ) : null}
          </h1>
          {batch ? <span className="muted">{left > 0 ? `${plural(left, 'document')} to review` : 'Every document of this batch is reviewed'}</span> : null}
          {left > 1 ? (
            <Button size="sm" onClick={() => void useReview.getState().approveRest(batchId)} disabled={acting} title="Approve every document of this batch still awaiting review">
              Approve all {left}
            </Button>
          ) : null}
        </div>
      </header>
      {batchError ? (
        <Alert
          action={
            <Button size="sm" onClick={() => navigate({ name: 'review' })}>
              Back to the queue
            </Button>
          }
        >
          {batchError}
        </Alert>
      ) : !batch || !detail ? (
        <div className="loading-block">
          <Spinner label="Opening the batch…" />
        </div>
      ) : !current ? (
        <EmptyState icon="review" title="Nothing to review in this batch">
          <p>Its documents were reviewed, sent back, or reopened by the clerk. Go back to the queue (Esc).</p>
        </EmptyState>
      ) : (
        <div className="ix rv-layout">
          <nav className="ix-nav" aria-label="Documents to review">
            <section className="ix-docs">
              <h2 className="ix-section-title">Documents</h2>
              <ol className="doc-list">
                {documents.map((d) => (
                  <li key={d.documentId}>
                    <button
                      type="button"
                      className="doc-list-item ix-doc"
                      aria-current={d.documentId === current.documentId ? 'true' : undefined}
                      onClick={() => goTo(d)}
                      aria-label={`Document ${d.sequence}, ${reviewStateNames[d.review.state]}`}
                    >
                      <span className="doc-list-num">{d.sequence}</span>
                      <span className="doc-list-text">
                        <span className="doc-list-type">{d.docType?.display ?? 'No type'}</span>
                        <span className="muted small">{plural(d.pageIds.length, 'page')}</span>
                      </span>
                      <Badge tone={reviewStateTones[d.review.state]}>{reviewStateNames[d.review.state]}</Badge>
                    </button>
                  </li>
                ))}
              </ol>
            </section>
          </nav>
          <div className="ix-view">
            {current.docType?.sensitive ? <SensitiveGate documentId={current.documentId} pageIds={current.pageIds} typeName={current.docType.display} /> : null}
            {page ? (
              <PageViewer
                page={page}
                pageCount={pages.length}
                nextPage={pages[pageIndex + 1] ?? null}
                rotation={page.clerkRotation as Turn}
                label={`Page ${pageIndex + 1} of ${pages.length} of document ${current.sequence}`}
              />
            ) : (
              <Spinner label="Loading the pages…" />
            )}
            <div className="ix-marks-legend">
              <span>
                Page {Math.min(pageIndex, pages.length - 1) + 1} of {pages.length}
              </span>
            </div>
          </div>
          <aside className="ix-panel" aria-label="Index values and checks">
            <div className="ix-scroll" tabIndex={0} role="region" aria-label="Document details">
              {notice ? <Alert tone={notice.tone === 'danger' ? 'danger' : notice.tone === 'success' ? 'success' : 'info'}>{notice.text}</Alert> : null}
              <ReviewPanel document={current} />
              {rejecting ? (
                <RejectForm busy={acting} onCancel={() => setRejecting(false)} onReject={(code, text) => void doReject(code, text)} />
              ) : awaiting ? (
                <div className="rv-actions">
                  <Button variant="primary" onClick={() => void doApprove()} disabled={acting} title="Approve: the document is delivered (A)">
                    Approve <kbd>A</kbd>
                  </Button>
                  <Button onClick={() => setRejecting(true)} disabled={acting} title="Send back to the clerk with a reason (R)">
                    Reject… <kbd>R</kbd>
                  </Button>
                </div>
              ) : null}
            </div>
          </aside>
        </div>
      )}
      <ShortcutLegend
        items={[
          { keys: ['A'], action: 'Approve' },
          { keys: ['R'], action: 'Reject' },
          { keys: ['J', 'K'], action: 'Next / previous document' },
          { keys: ['PgDn', 'PgUp'], action: 'Pages' },
          { keys: ['Esc'], action: 'Queue' },
        ]}
      />
    </div>
  );
}

function ReviewPanel({ document: d }: { document: ReviewDocument }) {
  const flags = d.qc.filter((f) => f.severity === 'warning' || f.override);
  return (
    <>
      <div className="ix-status">
        <h2 className="ix-doc-title">Document {d.sequence}</h2>
        <Badge tone={reviewStateTones[d.review.state]}>{reviewStateNames[d.review.state]}</Badge>
        {d.review.round > 1 ? <span className="muted small">back after a rejection</span> : null}
      </div>
      {d.review.state === 'rejected' ? <Alert tone="warning">Sent back: {reasonSentence(d.review.reasonCode, d.review.reasonText)}</Alert> : null}
      {d.review.deliveredFirst ? <Alert tone="info">Delivered by a batch run before review: a rejection is recorded and must be corrected in the repository.</Alert> : null}
      <dl className="rv-index" aria-label="Index data">
        <dt>Patient</dt>
        <dd>
          {d.patient ? (
            <span className="pt-line">
              <span className="pt-name">{d.patient.name}</span>
              <span className="pt-meta">
                <span className="mono">MRN {d.patient.mrn}</span>
                {d.patient.birthDate ? ` · born ${formatServiceDate(d.patient.birthDate)}` : ''}
              </span>
            </span>
          ) : (
            <span className="muted">None</span>
          )}
        </dd>
        <dt>Document type</dt>
        <dd>
          {d.docType ? d.docType.display : <span className="muted">None</span>}
          {d.docType?.sensitive ? (
            <>
              {' '}
              <Badge tone="warning">Sensitive</Badge>
            </>
          ) : null}
        </dd>
        <dt>Date of service</dt>
        <dd>{d.dateOfService ? formatServiceDate(d.dateOfService) : <span className="muted">None</span>}</dd>
        <dt>Confirmed by</dt>
        <dd>
          {d.confirmedBy} · <When iso={d.confirmedAt} />
        </dd>
      </dl>
      <section className="ix-qc" aria-labelledby="rv-qc-title">
        <h2 id="rv-qc-title" className="ix-section-title">
          QC flags
        </h2>
        {flags.length === 0 ? (
          <p className="muted small">No warnings and no overridden checks.</p>
        ) : (
          <ul className="ix-findings">
            {flags.map((f) => (
              <li key={f.code} className={`ix-finding ix-finding-${f.override ? 'overridden' : f.severity}`} data-code={f.code}>
                <span className="ix-finding-head">
                  <strong>{f.override ? 'Overridden' : 'Warning'}</strong>
                </span>
                <span className="ix-finding-message">{f.message}</span>
                {f.override ? (
                  <span className="small">
                    {f.override.by}: “{f.override.reason}”
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** The reason a document goes back: a code (keys 1..7) and, for "Other", words. */
function RejectForm({ busy, onCancel, onReject }: { busy: boolean; onCancel(): void; onReject(code: RejectionReason, text: string): void }) {
  const [code, setCode] = useState<RejectionReason | null>(null);
  const [text, setText] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
  }, []);
  const needsText = code === 'other' && !text.trim();
  return (
    <form
      ref={formRef}
      className="rv-reject"
      aria-label="Reject the document"
      onSubmit={(e) => {
        e.preventDefault();
        if (code && !needsText) onReject(code, text);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
          return;
        }
        if (e.target instanceof HTMLTextAreaElement) return;
        const picked = rejectionReasons.find((r) => reasonKey(r) === e.key);
        if (picked) {
          e.preventDefault();
          setCode(picked);
        }
      }}
    >
      <fieldset>
        <legend>Why does it go back?</legend>
        {rejectionReasons.map((r) => (
          <label key={r} className="rv-reason">
            <input type="radio" name="reason" value={r} checked={code === r} onChange={() => setCode(r)} />
            <kbd>{reasonKey(r)}</kbd> {rejectionReasonLabels[r]}
          </label>
        ))}
      </fieldset>
      <label className="rv-reason-text">
        <span>{code === 'other' ? 'What is wrong (needed)' : 'Note for the clerk (optional)'}</span>
        <textarea className="input" rows={3} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="rv-actions">
        <Button type="submit" variant="primary" disabled={!code || needsText || busy}>
          Send back to the clerk
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
