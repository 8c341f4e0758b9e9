import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, IconButton } from './Button.js';
import '../styles/station-day.css';

/**
 * Asks for a few words (a note, a reason) before an action the station records with the
 * person's name: asking a reviewer for an override, declining one, handling or deleting a
 * quarantined file, correcting or retracting a delivered document. Escape or Cancel closes it;
 * so does a successful submit; focus stays inside while it is open.
 */
export function ReasonDialog({
  title,
  label,
  submitLabel,
  children,
  tone = 'primary',
  initial = '',
  hint,
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
  onSubmit(text: string): Promise<{ ok: true } | { ok: false; message: string }>;
  onClose(): void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    inputRef.current?.focus();
    return () => previous?.focus();
  }, []);

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

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={formRef}
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
          } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Tab') {
            const items = [...(formRef.current?.querySelectorAll<HTMLElement>('textarea, button:not(:disabled)') ?? [])];
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
          <h2 id={`${id}-title`}>{title}</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        <div className="dialog-body form">
          {children}
          <div className={`field${error ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-text`} className="field-label">
              {label}
            </label>
            <textarea
              ref={inputRef}
              id={`${id}-text`}
              className="input sd-reason-input"
              rows={3}
              value={text}
              maxLength={500}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                // Enter sends, as in a one-line field; Shift+Enter starts a new line.
                if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
                  e.preventDefault();
                  void submit();
                }
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : `${id}-hint`}
            />
            {error ? (
              <p id={`${id}-error`} className="field-error">
                {error}
              </p>
            ) : (
              <p id={`${id}-hint`} className="field-hint">
                {hint ? `${hint} ` : ''}Enter to send · Shift+Enter for a new line
              </p>
            )}
          </div>
          <div className="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" className={tone === 'danger' ? 'btn-danger' : undefined} busy={busy}>
              {submitLabel}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
