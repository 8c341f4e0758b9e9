import { useState } from 'react';
import type { ReviewPolicy } from '../../shared/domain/review.js';
import { call } from '../api/client.js';
import { keepSavedSettings } from '../lib/station-settings.js';
import { Alert } from './Alert.js';
import { AdminSettingsPanel, NumberField, SaveFooter, useSettingsSave } from './SettingsPanel.js';

/** Settings → QC review: whether confirmed documents wait for a reviewer, and how many of them. */
export function ReviewPolicyPanel({ admin }: { admin: boolean }) {
  return (
    <AdminSettingsPanel
      admin={admin}
      title="QC review"
      intro="Confirmed documents that fall in the sample wait in the review queue and are delivered only once a reviewer approves them. After a rejection, all of that clerk's next documents are reviewed."
      locked="Only an administrator can change the review rule."
      loading="Loading the review rule…"
      form={(settings) => <ReviewPolicyForm key={JSON.stringify(settings.review)} saved={settings.review} />}
    />
  );
}

function ReviewPolicyForm({ saved }: { saved: ReviewPolicy }) {
  const [draft, setDraft] = useState(saved);
  const { saving, message, submitWith } = useSettingsSave();
  const save = submitWith(() => call('settings.saveReview', { policy: draft }), keepSavedSettings('Review rule saved.'));
  const number = (key: 'samplePercent' | 'afterRejectionDocuments', label: string, min: number, max: number, hint: string) => (
    <NumberField label={label} hint={hint} min={min} max={max} disabled={!draft.required} value={draft[key]} onChange={(value) => setDraft({ ...draft, [key]: value })} />
  );
  return (
    <form onSubmit={(e) => void save(e)} className="form" aria-label="QC review rule">
      <label className="check">
        <input type="checkbox" checked={draft.required} onChange={(e) => setDraft({ ...draft, required: e.target.checked })} />
        <span>Documents wait for QC review before delivery</span>
      </label>
      {!draft.required && saved.required ? <Alert tone="warning">Documents waiting for review now will be delivered when you save: nobody will be asked to approve them.</Alert> : null}
      {number('samplePercent', 'Share of each clerk’s documents reviewed (%)', 1, 100, '100 reviews everything.')}
      {number('afterRejectionDocuments', 'Documents reviewed after a rejection', 0, 10000, 'All of the clerk’s next documents, whatever the share above.')}
      <label className="check">
        <input type="checkbox" disabled={!draft.required} checked={draft.allowSelfApproval} onChange={(e) => setDraft({ ...draft, allowSelfApproval: e.target.checked })} />
        <span>An administrator may approve a document they confirmed themselves</span>
      </label>
      <p className="field-hint">Off (four eyes): someone else must approve it. Turn on only at a station with one administrator. Reports show this setting.</p>
      <SaveFooter saving={saving} message={message} label="Save review rule" />
    </form>
  );
}
