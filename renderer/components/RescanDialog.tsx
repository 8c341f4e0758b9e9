import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RescanKind } from '../../shared/domain/rescan.js';
import { useRescan } from '../stores/rescan.js';
import { Alert } from './Alert.js';
import { Button, IconButton } from './Button.js';
import '../styles/station-day.css';

/**
 * Marks the document so that the next file dropped at the station replaces the page shown, or
 * adds its pages after it. Arrow keys choose, Enter marks, Escape closes.
 */
export function RescanDialog({
  documentId,
  pageId,
  pageNumber,
  onDone,
  onClose,
}: {
  documentId: string;
  pageId: string;
  pageNumber: number;
  onDone(sentence: string): void;
  onClose(): void;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<RescanKind>('replace');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    firstRef.current?.focus();
    return () => previous?.focus();
  }, []);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    const result = await useRescan.getState().mark(documentId, kind, pageId);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    onDone(
      kind === 'replace'
        ? `The next scan dropped at this station replaces page ${pageNumber}. Scan the page again now.`
        : `The pages of the next scan dropped at this station go after page ${pageNumber}. Scan them now.`,
    );
    onClose();
  };

  const choice = (value: RescanKind, title: string, hint: string, first = false) => (
    <label className={`sd-choice${kind === value ? ' is-chosen' : ''}`}>
      <input ref={first ? firstRef : undefined} type="radio" name={`${id}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} />
      <span>
        <strong>{title}</strong>
        <span className="small muted">{hint}</span>
      </span>
    </label>
  );

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={formRef}
        className="dialog dialog-narrow"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <header className="dialog-header">
          <h2 id={`${id}-title`}>Take pages from the next scan</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        <div className="dialog-body form">
          <fieldset className="sd-choices">
            <legend className="field-label">What should the next scan do?</legend>
            {choice('replace', `Replace page ${pageNumber}`, `Page ${pageNumber} is taken out and kept (undo with Ctrl+Z until the document is confirmed).`, true)}
            {choice('insert-after', `Add pages after page ${pageNumber}`, 'For pages that were missed.')}
          </fieldset>
          <p className="small">
            The next file dropped at this station, whoever scans it, goes into this document instead of becoming a batch. It is still recorded in the intake log and its
            original is kept.
          </p>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <div className="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy}>
              Wait for the next scan
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
