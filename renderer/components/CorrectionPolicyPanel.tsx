import { useEffect, useState } from 'react';
import type { CorrectionPolicy } from '../../shared/domain/corrections.js';
import { call } from '../api/client.js';
import { SaveFooter, SettingsPanel, useSettingsSave } from './SettingsPanel.js';

/** Settings → Corrections: whether a correction made at the station needs a second reviewer (four eyes). */
export function CorrectionPolicyPanel({ admin }: { admin: boolean }) {
  const [saved, setSaved] = useState<CorrectionPolicy | null>(null);
  const [draft, setDraft] = useState<CorrectionPolicy | null>(null);
  const { saving, message, submitWith, fail } = useSettingsSave();

  useEffect(() => {
    if (!admin) return;
    void call('corrections.policy', {}).then((result) => {
      if (result.ok) {
        setSaved(result.value);
        setDraft(result.value);
      } else fail(result.error.message);
    });
  }, [admin, fail]);

  const save = submitWith(
    () => call('corrections.savePolicy', { policy: draft! }),
    (policy) => {
      setSaved(policy);
      return 'Correction rule saved.';
    },
  );

  return (
    <SettingsPanel
      title="Corrections"
      intro="A reviewer or an administrator corrects a delivered document in Corrections (G C); the corrected document replaces the one at the repository. While QC review is on, a second reviewer approves each correction before it goes out, unless this is turned off."
      locked={!admin && 'Only an administrator can change the correction rule.'}
      loading={(!draft || !saved) && !message && 'Loading the correction rule…'}
    >
      {!draft || !saved ? (
        <SaveFooter saving={false} message={message} label={null} />
      ) : (
        <form onSubmit={(e) => void save(e)} className="form" aria-label="Correction rule">
          <label className="check">
            <input type="checkbox" checked={draft.secondReviewer} onChange={(e) => setDraft({ ...draft, secondReviewer: e.target.checked })} />
            <span>A second reviewer approves every correction (four eyes)</span>
          </label>
          <SaveFooter saving={saving} message={message} label="Save correction rule" disabled={draft.secondReviewer === saved.secondReviewer} />
        </form>
      )}
    </SettingsPanel>
  );
}
