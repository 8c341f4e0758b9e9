import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CorrectionPolicy } from '../../shared/domain/corrections.js';
import { call } from '../api/client.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';
import '../styles/settings.css';

/** Settings → Corrections: whether a correction made at the station needs a second reviewer (four eyes). */
export function CorrectionPolicyPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const [saved, setSaved] = useState<CorrectionPolicy | null>(null);
  const [draft, setDraft] = useState<CorrectionPolicy | null>(null);
  const [state, setState] = useState<{ saving: boolean; message: { tone: 'success' | 'danger'; text: string } | null }>({ saving: false, message: null });

  useEffect(() => {
    if (!admin) return;
    void call('corrections.policy', {}).then((result) => {
      if (result.ok) {
        setSaved(result.value);
        setDraft(result.value);
      } else setState({ saving: false, message: { tone: 'danger', text: result.error.message } });
    });
  }, [admin]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setState({ saving: true, message: null });
    const result = await call('corrections.savePolicy', { policy: draft });
    if (!result.ok) {
      setState({ saving: false, message: { tone: 'danger', text: result.error.message } });
      return;
    }
    setSaved(result.value);
    setState({ saving: false, message: { tone: 'success', text: 'Correction rule saved.' } });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Corrections</h2>
      <p className="panel-intro">
        A reviewer or an administrator corrects a delivered document in Corrections (G C); the corrected document replaces the one at the repository. While QC
        review is on, a second reviewer approves each correction before it goes out, unless this is turned off.
      </p>
      {!admin ? (
        <p className="muted small">Only an administrator can change the correction rule.</p>
      ) : !draft || !saved ? (
        state.message ? <Alert tone={state.message.tone}>{state.message.text}</Alert> : <Spinner label="Loading the correction rule…" />
      ) : (
        <form onSubmit={(e) => void save(e)} className="form" aria-label="Correction rule">
          <label className="check">
            <input type="checkbox" checked={draft.secondReviewer} onChange={(e) => setDraft({ ...draft, secondReviewer: e.target.checked })} />
            <span>A second reviewer approves every correction (four eyes)</span>
          </label>
          {state.message ? <Alert tone={state.message.tone}>{state.message.text}</Alert> : null}
          <div>
            <Button type="submit" variant="primary" busy={state.saving} disabled={state.saving || draft.secondReviewer === saved.secondReviewer}>
              Save correction rule
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
