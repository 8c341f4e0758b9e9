import { useEffect, useRef, useState } from 'react';
import type { CorrectionState, CorrectionView, TargetDelivery } from '../../shared/domain/corrections.js';
import type { QcFinding } from '../../shared/domain/indexing.js';
import { pageImageUrl, subscribe } from '../api/client.js';
import { Alert } from '../components/Alert.js';
import { Badge, type Tone } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { TableHead } from '../components/DataTable.js';
import { DateField, PatientField, TypeField } from '../components/IndexFields.js';
import { OverrideDialog } from '../components/OverrideDialog.js';
import { Spinner } from '../components/Spinner.js';
import { When } from '../components/When.js';
import { patientName } from '../lib/indexing.js';
import { throttle } from '../lib/schedule.js';
import { useCorrections } from '../stores/corrections.js';
import { navigate } from '../stores/router.js';
import '../styles/corrections.css';

const stateLabels: Record<CorrectionState, { text: string; tone: Tone }> = {
  open: { text: 'Being corrected', tone: 'warning' },
  'awaiting-review': { text: 'Waiting for a second reviewer', tone: 'accent' },
  sending: { text: 'On its way', tone: 'accent' },
  delivered: { text: 'Delivered', tone: 'success' },
  failed: { text: 'Not delivered: needs attention', tone: 'danger' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
};

const actionText = { provide: 'New document', replace: 'Replaces the delivered one', retract: 'Entered in error' } as const;
const deliveryTone = (d: TargetDelivery): Tone => (d.state === 'delivered' ? 'success' : d.state === 'failed' || d.state === 'held' ? 'danger' : 'accent');

/** One correction: the original as delivered, the replacement's values and pages, its QC findings, and where it went. */
export function CorrectionEditor({ correctionId }: { correctionId: string }) {
  const correction = useCorrections((s) => s.correction);
  const error = useCorrections((s) => s.correctionError);
  const notice = useCorrections((s) => s.notice);
  const { open, refresh, say } = useCorrections.getState();

  useEffect(() => {
    void open(correctionId);
    return () => say(null);
  }, [open, say, correctionId]);

  // The replacement's delivery moves while the screen is open: follow it.
  useEffect(() => {
    const again = throttle(() => void refresh(), 500);
    return subscribe((event) => {
      if (event.type === 'delivery.changed' || event.type === 'batch.changed') again();
    });
  }, [refresh]);

  const view = correction?.correctionId === correctionId ? correction : null;
  return (
    <div className="screen">
      <header className="screen-header">
        <Button size="sm" variant="ghost" icon="back" onClick={() => navigate({ name: 'corrections' })}>
          Corrections
        </Button>
        <h1>{view?.kind === 'retract' ? 'Entered in error' : 'Correction'}</h1>
        {view ? (
          <p className="screen-intro">
            <Badge tone={stateLabels[view.state].tone}>{stateLabels[view.state].text}</Badge> Reason: “{view.reason}”, by {view.startedBy}, <When iso={view.startedAt} />.
          </p>
        ) : null}
      </header>
      <div className="screen-body cr-body">
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        {error ? <Alert>{error}</Alert> : null}
        {!view ? (
          error ? null : (
            <div className="loading-block">
              <Spinner label="Opening the correction…" />
            </div>
          )
        ) : (
          <div className="cr-layout">
            <Original view={view} />
            {view.kind === 'replace' && view.state !== 'cancelled' ? <Replacement view={view} /> : null}
            <Deliveries view={view} />
          </div>
        )}
      </div>
    </div>
  );
}

function Original({ view }: { view: CorrectionView }) {
  const o = view.original;
  return (
    <section className="panel cr-original" aria-labelledby="cr-original-title">
      <h2 id="cr-original-title">As delivered</h2>
      <dl className="cr-values">
        <dt>Patient</dt>
        <dd>
          {o.patient?.name ?? 'Not in the index'} <span className="mono small">MRN {o.mrn}</span>
          {o.mergedInto ? <Badge tone="warning">MRN merged into {o.mergedInto}</Badge> : null}
        </dd>
        <dt>Type</dt>
        <dd>{o.docType?.display ?? '—'}</dd>
        <dt>Date of service</dt>
        <dd className="mono">{o.dateOfService ?? '—'}</dd>
        <dt>Batch</dt>
        <dd className="mono">{o.batchLabel ?? '—'}</dd>
        <dt>Delivered to</dt>
        <dd>
          {o.deliveries
            .filter((d) => d.state === 'delivered')
            .map((d) => (
              <span key={d.targetId} className="cr-target">
                {d.targetId} <span className="mono small muted cr-receipt">{d.receipt}</span>
              </span>
            ))}
        </dd>
      </dl>
    </section>
  );
}

function Replacement({ view }: { view: CorrectionView }) {
  const replacement = view.replacement!;
  const editable = view.state === 'open';
  const acting = useCorrections((s) => s.acting);
  const types = useCorrections((s) => s.types);
  const { change, override, loadTypes } = useCorrections.getState();
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [overriding, setOverriding] = useState<QcFinding | null>(null);
  const patientRef = useRef<HTMLInputElement>(null);
  const typeRef = useRef<HTMLInputElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void loadTypes();
  }, [loadTypes]);

  const id = view.correctionId;
  const save = (values: { patientMrn?: string; docTypeCode?: string; dateOfService?: string | null }) => change('corrections.setIndex', { correctionId: id, ...values });
  const pages = (op: 'split-off' | 'remove' | 'restore', pageIds: string[], done: string) =>
    void change('corrections.pages', { correctionId: id, op, pageIds }, done).then((ok) => ok && setPicked(new Set()));
  const inReplacement = new Set(replacement.pageIds);
  const removed = new Set(view.removedPageIds);
  const splitOf = (pageId: string) => view.splitOff.findIndex((s) => s.pageIds.includes(pageId));
  const blocking = replacement.qc.filter((f) => f.severity === 'blocking' && !f.override);
  const noKeys = () => false;
  // After a pick the list closes and the page is in view again. The fields are not disabled while a
  // change is saved (the store takes one at a time): a field disabled under the focus keeps its list open.
  const leave = () => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined);

  return (
    <section className="panel cr-replacement" aria-labelledby="cr-replacement-title">
      <h2 id="cr-replacement-title">Corrected document</h2>
      {editable ? (
        <div className="cr-fields">
          <p className="cr-now">
            Now: <strong>{replacement.index.patient ? patientName(replacement.index.patient) : 'no patient'}</strong>{' '}
            <span className="mono small">{replacement.index.patient ? `MRN ${replacement.index.patient.mrn}` : ''}</span> · {replacement.index.docType?.display ?? 'no type'} ·{' '}
            <span className="mono">{replacement.index.dateOfService ?? 'no date'}</span>
          </p>
          <PatientField indexing={replacement} inputRef={patientRef} disabled={false} onSave={(mrn) => (mrn ? save({ patientMrn: mrn }) : Promise.resolve(false))} onLeave={leave} onKeyDown={noKeys} />
          <TypeField
            indexing={replacement}
            inputRef={typeRef}
            disabled={false}
            types={types}
            onSave={(code) => (code ? save({ docTypeCode: code }) : Promise.resolve(false))}
            onLeave={leave}
            onKeyDown={noKeys}
          />
          <DateField indexing={replacement} inputRef={dateRef} disabled={false} onSave={(date) => save({ dateOfService: date })} onLeave={leave} onKeyDown={noKeys} />
        </div>
      ) : (
        <dl className="cr-values">
          <dt>Patient</dt>
          <dd>
            {replacement.index.patient ? patientName(replacement.index.patient) : '—'} <span className="mono small">MRN {replacement.index.patient?.mrn}</span>
          </dd>
          <dt>Type</dt>
          <dd>{replacement.index.docType?.display ?? '—'}</dd>
          <dt>Date of service</dt>
          <dd className="mono">{replacement.index.dateOfService ?? '—'}</dd>
        </dl>
      )}

      <h3 className="cr-subtitle">Pages</h3>
      <ol className="cr-pages" aria-label="Pages of the document as delivered">
        {view.originalPageIds.map((pageId, i) => {
          const split = splitOf(pageId);
          const state = inReplacement.has(pageId) ? 'kept' : removed.has(pageId) ? 'removed' : split >= 0 ? 'split' : 'kept';
          const label = `Page ${i + 1}${state === 'removed' ? ', removed' : state === 'split' ? ', split off' : ''}`;
          return (
            <li key={pageId} className={`cr-page cr-page-${state}`}>
              <img src={pageImageUrl(pageId, 'thumb')} alt={label} loading="lazy" />
              <span className="cr-page-label">
                {editable && state === 'kept' ? (
                  <label>
                    <input
                      type="checkbox"
                      checked={picked.has(pageId)}
                      onChange={(e) => setPicked((p) => (e.target.checked ? new Set([...p, pageId]) : new Set([...p].filter((x) => x !== pageId))))}
                    />{' '}
                    {label}
                  </label>
                ) : (
                  label
                )}
              </span>
              {editable && state === 'removed' ? (
                <Button size="sm" variant="ghost" onClick={() => pages('restore', [pageId], `Page ${i + 1} is back.`)}>
                  Put back
                </Button>
              ) : null}
            </li>
          );
        })}
      </ol>
      {editable ? (
        <div className="cr-page-actions">
          <Button
            size="sm"
            disabled={acting || picked.size === 0}
            onClick={() => pages('split-off', [...picked], 'The pages are a new document of the batch now; a clerk files it under its patient.')}
          >
            Split off selected pages
          </Button>
          <Button size="sm" disabled={acting || picked.size !== 1} onClick={() => pages('remove', [...picked], 'The page was removed from the corrected document.')}>
            Remove page
          </Button>
        </div>
      ) : null}
      {view.splitOff.length > 0 ? (
        <p className="small muted">Split off: {view.splitOff.map((s) => `${s.pageIds.length} page(s), ${s.confirmed ? 'filed' : 'waiting for a clerk in the batch'}`).join('; ')}.</p>
      ) : null}

      {replacement.qc.length > 0 ? (
        <>
          <h3 className="cr-subtitle">Checks</h3>
          <ul className="cr-findings" aria-label="QC findings">
            {replacement.qc.map((f) => (
              <li key={f.code} className={`cr-finding cr-finding-${f.override ? 'overridden' : f.severity}`}>
                <Badge tone={f.override ? 'neutral' : f.severity === 'blocking' ? 'danger' : 'warning'}>{f.override ? 'Overridden' : f.severity === 'blocking' ? 'Blocking' : 'Warning'}</Badge>{' '}
                {f.message}
                {editable && f.severity === 'blocking' && !f.override ? (
                  <Button size="sm" variant="ghost" onClick={() => setOverriding(f)}>
                    Override…
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {editable ? (
        <div className="cr-send">
          <Button variant="primary" disabled={acting || blocking.length > 0} onClick={() => void change('corrections.confirm', { correctionId: id }, sentText(view))}>
            Send correction
          </Button>
          <Button variant="ghost" disabled={acting} onClick={() => void change('corrections.cancel', { correctionId: id }, 'The correction was cancelled; the document is back as it was delivered.')}>
            Cancel correction
          </Button>
          {replacement.review?.state === 'rejected' ? (
            <Alert tone="warning">
              Sent back by {replacement.review.decidedBy}: {replacement.review.reasonText ?? replacement.review.reasonCode}
            </Alert>
          ) : null}
        </div>
      ) : null}
      {overriding ? <OverrideDialog finding={overriding} onClose={() => setOverriding(null)} onSubmit={(reason) => override(replacement.documentId, overriding.code, reason)} /> : null}
    </section>
  );
}

const sentText = (view: CorrectionView) => (view.needsSecondReviewer ? 'Sent for review: another reviewer approves the correction before it goes out.' : 'The correction is on its way.');

function Deliveries({ view }: { view: CorrectionView }) {
  if (view.state === 'open' || view.state === 'cancelled') return null;
  return (
    <section className="panel cr-deliveries" aria-labelledby="cr-deliveries-title">
      <h2 id="cr-deliveries-title">Delivery of the correction</h2>
      {view.state === 'awaiting-review' ? (
        <p>Waiting for a second reviewer in QC review (G R). It goes out once approved.</p>
      ) : (
        <table className="table" aria-label="Delivery of the correction, per target">
          <TableHead columns={['Target', 'What', 'State', 'At the repository']} />
          <tbody>
            {view.deliveries.map((d) => (
              <tr key={d.targetId}>
                <td>{d.targetId}</td>
                <td>{actionText[d.action]}</td>
                <td>
                  <Badge tone={deliveryTone(d)}>
                    {d.state === 'delivered' ? 'Delivered' : d.state === 'pending' || d.state === 'delivering' ? 'On its way' : d.state === 'held' ? 'Held' : 'Failed'}
                  </Badge>
                  {d.lastError ? <span className="small cr-error"> {d.lastError}</span> : null}
                </td>
                <td className="mono small cr-receipt">{d.receipt ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
