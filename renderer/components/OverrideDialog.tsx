import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { QcFinding } from '../../shared/domain/indexing.js';
import { Alert } from './Alert.js';
import { Button, IconButton } from './Button.js';

/** Asks for the reason a blocking finding may pass; the engine records it with who and when. */
export function OverrideDialog({
  finding,
  onSubmit,
  onClose,
}: {
  finding: QcFinding;
  onSubmit(reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
  onClose(): void;
}) {
  const id = useId();
  const dialogRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    return () => previous?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < 5) {
      setError('Say why in a few words (at least 5 characters).');
      return;
    }
    setBusy(true);
    const result = await onSubmit(reason.trim());
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.message);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={dialogRef}
        className="dialog dialog-narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => void submit(e)}
        noValidate
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Keep focus inside the dialog.
            const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>('input, button:not(:disabled)') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLElement);
            const next = items[(at + (e.shiftKey ? -1 : 1) + items.length) % items.length];
            if (next) {
              e.preventDefault();
              next.focus();
            }
          }
        }}
      >
        <header className="dialog-header">
          <h2 id={`${id}-title`}>Override a blocking finding</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        <div className="dialog-body form">
          <Alert tone="danger">{finding.message}</Alert>
          <p className="small">
            The document can then be confirmed although this check failed. Your reason is recorded with your name and the time, and shown to reviewers.
          </p>
          <div className={`field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-reason`} className="field-label">
              Why may it be filed anyway?
            </label>
            <input
              ref={inputRef}
              id={`${id}-reason`}
              className="input"
              value={reason}
              maxLength={500}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {error ? (
              <p id={`${id}-error`} className="field-error">
                {error}
              </p>
            ) : null}
          </div>
          <div className="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              Override
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
