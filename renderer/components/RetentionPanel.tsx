import { useState } from 'react';
import type { RetentionSettings } from '../../shared/domain/retention.js';
import { call } from '../api/client.js';
import { keepSavedSettings } from '../lib/station-settings.js';
import { AdminSettingsPanel, NumberField, SaveFooter, useSettingsSave } from './SettingsPanel.js';

/** Settings → Retention: how long this station keeps its own copies of images, PDFs and set-aside files. */
export function RetentionPanel({ admin }: { admin: boolean }) {
  return (
    <AdminSettingsPanel
      admin={admin}
      title="Retention"
      intro="The station removes its own copies once they are no longer needed here. The index record, the file fingerprints (SHA-256) and the audit trail are always kept."
      locked="Only an administrator can change how long files are kept."
      loading="Loading the retention settings…"
      // Not keyed by the saved values: saving must not remount the form and lose its message.
      form={(settings) => <RetentionForm saved={settings.retention} />}
    />
  );
}

function RetentionForm({ saved }: { saved: RetentionSettings }) {
  const [draft, setDraft] = useState(saved);
  const { saving, message, submitWith } = useSettingsSave();
  const save = submitWith(() => call('settings.saveRetention', { retention: draft }), keepSavedSettings('Retention saved. It applies at the next hourly check.'));
  const days = (key: keyof RetentionSettings, label: string, min: number, hint: string) => (
    <NumberField label={label} hint={hint} min={min} max={3650} value={draft[key]} onChange={(value) => setDraft({ ...draft, [key]: value })} />
  );
  return (
    <form onSubmit={(e) => void save(e)} className="form" aria-label="Retention">
      {days(
        'deliveredDays',
        'Days to keep delivered documents',
        1,
        'Page images, the PDF and the original scan are removed this many days after the document reached every repository and passed QC review.',
      )}
      {days(
        'quarantineDays',
        'Days to keep quarantined files',
        0,
        'Files set aside as unreadable or as duplicates are removed after this many days; 0 keeps them until an administrator deletes them.',
      )}
      <SaveFooter saving={saving} message={message} label="Save retention" />
    </form>
  );
}
