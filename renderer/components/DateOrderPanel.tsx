import { useEffect, useId, useState } from 'react';
import { type DateOrder, type DateOrderSetting, dateOrderName } from '../../shared/domain/date-order.js';
import { formatDateAs, formatDateForPeople, readDateSpan } from '../../shared/domain/written-dates.js';
import { call } from '../api/client.js';
import { useStation } from '../stores/station.js';
import { Alert } from './Alert.js';
import { SaveFooter, SettingsPanel, useSettingsSave } from './SettingsPanel.js';
import { Spinner } from './Spinner.js';

/** The example every choice is explained with: ambiguous on purpose. */
const EXAMPLE = '09/02/2026';

/** "09/02/2026 is 2 Sep 2026": what a choice does to the ambiguous example. */
const exampleRead = (order: DateOrder) => {
  const read = readDateSpan({ text: EXAMPLE, groups: { a: '09', b: '02', y: '2026' } }, { order, today: new Date(), earliest: '1900-01-01', latest: '2100-12-31' });
  return `${EXAMPLE} is ${read ? formatDateForPeople(read.date) : EXAMPLE}`;
};

const CHOICES: { order: DateOrder; label: string }[] = [
  { order: 'month-first', label: 'Month first' },
  { order: 'day-first', label: 'Day first' },
  { order: 'year-first', label: 'Year first' },
];

const sourceText = (s: DateOrderSetting): string | null =>
  s.source === 'config-file'
    ? 'Set in this station’s config file (chartdesk.json, "dates"): change it there.'
    : s.source === 'command-line'
      ? 'Given on the command line for this run (--date-order).'
      : null;

const localeText = (s: DateOrderSetting) => `This computer’s locale${s.locale ? ` (${s.locale}${s.localeFrom ? `, from ${s.localeFrom}` : ''})` : ''} writes dates ${dateOrderName(s.localeDefault)}.`;

/**
 * Settings → Dates: the order this hospital writes dates in, which the station uses to read
 * printed dates (dates of service, dates of birth) and the dates clerks type. Everyone sees it;
 * an administrator changes it.
 */
export function DateOrderPanel({ admin }: { admin: boolean }) {
  const [setting, setSetting] = useState<DateOrderSetting | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call('settings.dateOrder', {}).then((result) => {
      if (!live) return;
      if (result.ok) setSetting(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <SettingsPanel
      title="Dates"
      intro="How this hospital writes a date with numbers. ChartDesk reads printed dates of service and dates of birth, and the dates clerks type, in this order. Screens show dates with the month’s name (2 Sep 2026); index files, FHIR and reports always use 2026-09-02."
    >
      {error ? <Alert>{error}</Alert> : null}
      {!setting ? error ? null : <Spinner label="Loading the date order…" /> : <DateOrderForm saved={setting} admin={admin} onSaved={setSetting} />}
    </SettingsPanel>
  );
}

function DateOrderForm({ saved, admin, onSaved }: { saved: DateOrderSetting; admin: boolean; onSaved(setting: DateOrderSetting): void }) {
  const id = useId();
  // null: follow the computer's locale.
  const [draft, setDraft] = useState<DateOrder | null>(saved.source === 'locale' ? null : saved.order);
  const { saving, message, submitWith } = useSettingsSave();
  const fixed = sourceText(saved);
  const editable = admin && !fixed;

  const save = submitWith(
    () => call('settings.saveDateOrder', { order: draft }),
    (setting) => {
      onSaved(setting);
      void useStation.getState().load();
      return `Saved. Dates are read ${dateOrderName(setting.order)}: ${exampleRead(setting.order)}.`;
    },
  );

  const choice = (value: DateOrder | null, label: string, hint: string) => (
    <label className="check" key={value ?? 'locale'}>
      <input type="radio" name={`${id}-order`} checked={draft === value} disabled={!editable} onChange={() => setDraft(value)} />
      <span>
        {label} <span className="muted small">{hint}</span>
      </span>
    </label>
  );

  return (
    <form onSubmit={(e) => void save(e)} className="form" aria-label="Date order">
      <p role="status">
        <strong>Dates are read {dateOrderName(saved.order)}</strong>: {exampleRead(saved.order)}.{' '}
        {saved.source === 'locale' ? 'This follows the computer’s locale.' : saved.source === 'settings' ? 'Chosen in Settings.' : null}
      </p>
      <p className="muted small">{localeText(saved)}</p>
      {fixed ? <Alert tone="warning">{fixed}</Alert> : null}
      <fieldset className="date-order-choices" disabled={!editable}>
        <legend className="field-label">Date order</legend>
        {choice(null, `Follow this computer (${dateOrderName(saved.localeDefault)})`, exampleRead(saved.localeDefault))}
        {CHOICES.map((c) => choice(c.order, c.label, `${exampleRead(c.order)}; 4 Mar 2026 is typed ${formatDateAs('2026-03-04', c.order)}`))}
      </fieldset>
      {!admin ? <p className="muted small">Only an administrator can change the date order.</p> : null}
      <SaveFooter saving={saving} message={message} label={editable ? 'Save date order' : null} />
    </form>
  );
}
