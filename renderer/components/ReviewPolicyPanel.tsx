import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ReviewPolicy } from '../../shared/domain/review.js';
import { call } from '../api/client.js';
import { useSettings } from '../stores/settings.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';
import '../styles/settings.css';

/** Settings → QC review: whether confirmed documents wait for a reviewer, and how many of them. */
export function ReviewPolicyPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const settings = useSettings((s) => s.settings);
  useEffect(() => {
    if (admin) void useSettings.getState().load();
  }, [admin]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>QC review</h2>
      <p className="panel-intro">
        Confirmed documents that fall in the sample wait in the review queue and are delivered only once a reviewer approves them. After a rejection, all of
        that clerk's next documents are reviewed.
      </p>
      {!admin ? (
        <p className="muted small">Only an administrator can change the review rule.</p>
      ) : !settings ? (
        <Spinner label="Loading the review rule…" />
      ) : (
        <ReviewPolicyForm key={JSON.stringify(settings.review)} saved={settings.review} />
      )}
    </section>
  );
}

function ReviewPolicyForm({ saved }: { saved: ReviewPolicy }) {
  const id = useId();
  const [draft, setDraft] = useState(saved);
  const [state, setState] = useState<{ saving: boolean; message: { tone: 'success' | 'danger'; text: string } | null }>({ saving: false, message: null });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setState({ saving: true, message: null });
    const result = await call('settings.saveReview', { policy: draft });
    if (!result.ok) {
      setState({ saving: false, message: { tone: 'danger', text: result.error.message } });
      return;
    }
    setState({ saving: false, message: { tone: 'success', text: 'Review rule saved.' } });
    useSettings.setState({ settings: result.value });
  };
  const number = (key: 'samplePercent' | 'afterRejectionDocuments', label: string, min: number, max: number, hint: string) => (
    <label className="field" htmlFor={`${id}-${key}`}>
      <span className="field-label">{label}</span>
      <input
        id={`${id}-${key}`}
        className="input"
        type="number"
        min={min}
        max={max}
        disabled={!draft.required}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: Math.max(min, Math.min(max, Number.parseInt(e.target.value || '0', 10))) })}
      />
      <span className="field-hint">{hint}</span>
    </label>
  );
  return (
    <form onSubmit={(e) => void save(e)} className="form" aria-label="QC review rule">
      <label className="check">
        <input type="checkbox" checked={draft.required} onChange={(e) => setDraft({ ...draft, required: e.target.checked })} />
        <span>Documents wait for QC review before delivery</span>
      </label>
      {!draft.required && saved.required ? (
        <Alert tone="warning">Documents waiting for review now will be delivered when you save: nobody will be asked to approve them.</Alert>
      ) : null}
      {number('samplePercent', 'Share of each clerk’s documents reviewed (%)', 1, 100, '100 reviews everything.')}
      {number('afterRejectionDocuments', 'Documents reviewed after a rejection', 0, 10000, 'All of the clerk’s next documents, whatever the share above.')}
      <label className="check">
        <input type="checkbox" disabled={!draft.required} checked={draft.allowSelfApproval} onChange={(e) => setDraft({ ...draft, allowSelfApproval: e.target.checked })} />
        <span>An administrator may approve a document they confirmed themselves</span>
      </label>
      <p className="field-hint">Off (four eyes): someone else must approve it. Turn on only at a station with one administrator. Reports show this setting.</p>
      {state.message ? <Alert tone={state.message.tone}>{state.message.text}</Alert> : null}
      <div>
        <Button type="submit" variant="primary" busy={state.saving} disabled={state.saving}>
          Save review rule
        </Button>
      </div>
    </form>
  );
}
