import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../stores/session.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { TextField } from './TextField.js';

/** Minutes as a person reads them: whole minutes as such, anything shorter with its fraction. */
const asMinutes = (seconds: number) => String(Math.round((seconds / 60) * 100) / 100);

/** Settings → Screen lock: how long the UI may sit untouched before it asks for the password again. */
export function ScreenLockPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const idleLockSeconds = useSession((s) => s.idleLockSeconds);
  const saveIdleLock = useSession((s) => s.saveIdleLock);
  const [minutes, setMinutes] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const value = minutes ?? asMinutes(idleLockSeconds);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = Number(value.replace(',', '.'));
    if (!value.trim() || !Number.isFinite(parsed)) {
      setOutcome({ ok: false, message: 'Enter a number of minutes, e.g. 10.' });
      return;
    }
    setSaving(true);
    const result = await saveIdleLock(Math.round(parsed * 60));
    setSaving(false);
    if (result.ok) {
      setMinutes(null);
      setOutcome({ ok: true, message: 'Saved. Windows already open pick up the new time within a minute.' });
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Screen lock</h2>
      <p className="panel-intro">After this long without keyboard or mouse, ChartDesk covers the screen and asks for the password of the person signed in. Their unsaved work stays as it was.</p>
      {admin ? (
        <form className="form form-inline" onSubmit={(e) => void submit(e)} noValidate>
          {outcome?.ok ? <Alert tone="success">{outcome.message}</Alert> : null}
          <div className="inline-row">
            <TextField
              label="Lock after (minutes)"
              name="idleLockMinutes"
              inputMode="decimal"
              value={value}
              onChange={(e) => {
                setMinutes(e.target.value);
                setOutcome(null);
              }}
              error={outcome && !outcome.ok ? outcome.message : undefined}
            />
            <Button type="submit" variant="primary" busy={saving}>
              Save
            </Button>
          </div>
        </form>
      ) : (
        <>
          <TextField label="Lock after (minutes)" value={asMinutes(idleLockSeconds)} readOnly />
          <p className="muted small">Only an administrator can change the screen lock.</p>
        </>
      )}
    </section>
  );
}
