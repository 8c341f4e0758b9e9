import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RetentionSettings } from '../../shared/domain/retention.js';
import { call } from '../api/client.js';
import { useSettings } from '../stores/settings.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';
import '../styles/settings.css';

/** Settings → Retention: how long this station keeps its own copies of images, PDFs and set-aside files. */
export function RetentionPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const settings = useSettings((s) => s.settings);
  useEffect(() => {
    if (admin) void useSettings.getState().load();
  }, [admin]);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Retention</h2>
      <p className="panel-intro">
        The station removes its own copies once they are no longer needed here. The index record, the file fingerprints (SHA-256) and the audit trail are
        always kept.
      </p>
      {!admin ? (
        <p className="muted small">Only an administrator can change how long files are kept.</p>
      ) : !settings ? (
        <Spinner label="Loading the retention settings…" />
      ) : (
        // Not keyed by the saved values: saving must not remount the form and lose its message.
        <RetentionForm saved={settings.retention} />
      )}
    </section>
  );
}

function RetentionForm({ saved }: { saved: RetentionSettings }) {
  const id = useId();
  const [draft, setDraft] = useState(saved);
  const [state, setState] = useState<{ saving: boolean; message: { tone: 'success' | 'danger'; text: string } | null }>({ saving: false, message: null });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setState({ saving: true, message: null });
    const result = await call('settings.saveRetention', { retention: draft });
    if (!result.ok) {
      setState({ saving: false, message: { tone: 'danger', text: result.error.message } });
      return;
    }
    setState({ saving: false, message: { tone: 'success', text: 'Retention saved. It applies at the next hourly check.' } });
    useSettings.setState({ settings: result.value });
  };
  const days = (key: keyof RetentionSettings, label: string, min: number, hint: string) => (
    <label className="field" htmlFor={`${id}-${key}`}>
      <span className="field-label">{label}</span>
      <input
        id={`${id}-${key}`}
        className="input"
        type="number"
        min={min}
        max={3650}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: Math.max(min, Math.min(3650, Number.parseInt(e.target.value || '0', 10) || 0)) })}
      />
      <span className="field-hint">{hint}</span>
    </label>
  );
  return (
    <form onSubmit={(e) => void save(e)} className="form" aria-label="Retention">
      {days(
        'deliveredDays',
        'Days to keep delivered documents',
        1,
        'Page images, the PDF and the original scan are removed this many days after the document reached every repository and passed QC review.',
      )}
      {days('quarantineDays', 'Days to keep quarantined files', 0, 'Files set aside as unreadable or as duplicates are removed after this many days; 0 keeps them until an administrator deletes them.')}
      {state.message ? <Alert tone={state.message.tone}>{state.message.text}</Alert> : null}
      <div>
        <Button type="submit" variant="primary" busy={state.saving} disabled={state.saving}>
          Save retention
        </Button>
      </div>
    </form>
  );
}
