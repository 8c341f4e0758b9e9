import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, IconButton } from './Button.js';

/** Asks why before an action the audit trail records with its reason (a correction, a retraction). */
export function ReasonDialog({
  title,
  intro,
  action,
  onSubmit,
  onClose,
}: {
  title: string;
  intro: ReactNode;
  action: string;
  onSubmit(reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
  onClose(): void;
}) {
  const id = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
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
    if (!result.ok) setError(result.message);
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
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
          }
        }}
      >
        <header className="dialog-header">
          <h2 id={`${id}-title`}>{title}</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        <div className="dialog-body form">
          <p className="small">{intro}</p>
          <div className={`field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-reason`} className="field-label">
              Reason
            </label>
            <textarea
              ref={inputRef}
              id={`${id}-reason`}
              className="input cr-reason"
              rows={3}
              maxLength={500}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setError(null);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            />
            {error ? (
              <p id={`${id}-error`} className="field-error">
                {error}
              </p>
            ) : null}
            <p id={`${id}-hint`} className="field-hint">
              Recorded in the audit trail with your name; not sent to the repository.
            </p>
          </div>
          <div className="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              {action}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
