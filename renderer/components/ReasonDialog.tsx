import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from './Button.js';
import { Dialog, DialogActions } from './Dialog.js';
import '../styles/station-day.css';

/**
 * Asks for a few words (a note, a reason) before an action the station records with the
 * person's name: overriding a blocking finding, asking a reviewer for an override, declining
 * one, handling or deleting a quarantined file, correcting or retracting a delivered document.
 * Escape or Cancel closes it; so does a successful submit; focus stays inside while it is open.
 */
export function ReasonDialog({
  title,
  label,
  submitLabel,
  children,
  tone = 'primary',
  initial = '',
  hint,
  oneLine = false,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  submitLabel: string;
  /** What the action does, above the field. */
  children?: ReactNode;
  /** 'danger' for an action that removes something. */
  tone?: 'primary' | 'danger';
  initial?: string;
  /** What becomes of the text (e.g. where it is recorded), under the field; the keys are always said. */
  hint?: string;
  /** A one-line field (a short reason) instead of a box of several lines; it has no hint. */
  oneLine?: boolean;
  onSubmit(text: string): Promise<{ ok: true } | { ok: false; message: string }>;
  onClose(): void;
}) {
  const id = useId();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (text.trim().length < 5) {
      setError('Say it in a few words (at least 5 characters).');
      return;
    }
    setBusy(true);
    const result = await onSubmit(text.trim());
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.message);
  };

  const field = {
    id: `${id}-text`,
    value: text,
    maxLength: 500,
    'data-autofocus': '',
    onChange: (e: { target: { value: string } }) => {
      setText(e.target.value);
      setError(null);
    },
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : oneLine ? undefined : `${id}-hint`,
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="dialog-body form">
        {children}
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label htmlFor={field.id} className="field-label">
            {label}
          </label>
          {oneLine ? (
            <input {...field} className="input" />
          ) : (
            <textarea
              {...field}
              className="input sd-reason-input"
              rows={3}
              onKeyDown={(e) => {
                // Enter sends, as in a one-line field; Shift+Enter starts a new line.
                if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
                  e.preventDefault();
                  void submit();
                }
              }}
            />
          )}
          {error ? (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          ) : oneLine ? null : (
            <p id={`${id}-hint`} className="field-hint">
              {hint ? `${hint} ` : ''}Enter to send · Shift+Enter for a new line
            </p>
          )}
        </div>
        <DialogActions onCancel={onClose}>
          <Button type="submit" variant="primary" className={tone === 'danger' ? 'btn-danger' : undefined} busy={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </div>
    </Dialog>
  );
}
