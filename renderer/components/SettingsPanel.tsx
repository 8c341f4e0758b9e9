import { useCallback, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ApiResult } from '../../shared/api/result.js';
import { useAdminSettings } from '../lib/station-settings.js';
import type { StationSettings } from '../stores/settings.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';
import '../styles/settings.css';

/**
 * A panel of Settings: its title, a sentence of what it governs, then its form; or, instead of
 * the form, why this person cannot change it (`locked`) or what is still loading (`loading`).
 */
export function SettingsPanel({
  title,
  intro,
  className,
  locked,
  loading,
  children,
}: {
  title: string;
  intro?: ReactNode;
  className?: string;
  locked?: string | false;
  loading?: string | false;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p className="panel-intro">{intro}</p> : null}
      {locked ? <p className="muted small">{locked}</p> : loading ? <Spinner label={loading} /> : children}
    </section>
  );
}

/**
 * A panel of the station's settings that only an administrator changes: anyone else reads
 * `locked`; an administrator sees `loading`, then the form made from the settings once read.
 */
export function AdminSettingsPanel({
  admin,
  title,
  intro,
  locked,
  loading,
  form,
}: {
  admin: boolean;
  title: string;
  intro: ReactNode;
  locked: string;
  loading: string;
  form(settings: StationSettings): ReactNode;
}) {
  const settings = useAdminSettings(admin);
  return (
    <SettingsPanel title={title} intro={intro} locked={!admin && locked} loading={!settings && loading}>
      {settings ? form(settings) : null}
    </SettingsPanel>
  );
}

/** A whole number between `min` and `max`; what is typed is kept inside them. */
interface NumberFieldProps {
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  disabled?: boolean;
  onChange(value: number): void;
}

export function NumberField({ label, hint, value, min, max, disabled, onChange }: NumberFieldProps) {
  const id = useId();
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{label}</span>
      <input
        id={id}
        className="input"
        type="number"
        min={min}
        max={max}
        disabled={disabled}
        value={value}
        onChange={(e) => onChange(Math.max(min, Math.min(max, Number.parseInt(e.target.value || '0', 10) || 0)))}
      />
      <span className="field-hint">{hint}</span>
    </label>
  );
}

export type SaveMessage = { tone: 'success' | 'danger'; text: string };

/**
 * A settings form's save: while the call runs the button is busy; then a sentence says how it
 * went (the station's own words when it refused).
 */
export function useSettingsSave() {
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  /** The form's submit handler: runs `save`, and on success shows the sentence `done` makes of the saved value. */
  const submitWith =
    <T,>(save: () => Promise<ApiResult<T>>, done: (value: T) => string) =>
    async (event: FormEvent) => {
      event.preventDefault();
      setSaving(true);
      setMessage(null);
      const result = await save();
      setSaving(false);
      setMessage(result.ok ? { tone: 'success', text: done(result.value) } : { tone: 'danger', text: result.error.message });
    };
  const fail = useCallback((text: string) => setMessage({ tone: 'danger', text }), []);
  return { saving, message, submitWith, fail };
}

/** Under a settings form: how the last save went, and the Save button (left out where `label` is null). */
export function SaveFooter({ saving, message, label, disabled = false }: { saving: boolean; message: SaveMessage | null; label: string | null; disabled?: boolean }) {
  return (
    <>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {label ? (
        <div>
          <Button type="submit" variant="primary" busy={saving} disabled={saving || disabled}>
            {label}
          </Button>
        </div>
      ) : null}
    </>
  );
}
