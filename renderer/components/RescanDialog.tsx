import { useId, useState, type FormEvent } from 'react';
import type { RescanKind } from '../../shared/domain/rescan.js';
import { useRescan } from '../stores/rescan.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Dialog, DialogActions } from './Dialog.js';
import '../styles/station-day.css';

/**
 * Marks the document so that the next file dropped at the station replaces the page shown, or
 * adds its pages after it. Arrow keys choose, Enter marks, Escape closes.
 */
export function RescanDialog({ documentId, pageId, pageNumber, onDone, onClose }: { documentId: string; pageId: string; pageNumber: number; onDone(sentence: string): void; onClose(): void }) {
  const id = useId();
  const [kind, setKind] = useState<RescanKind>('replace');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
      <input data-autofocus={first ? '' : undefined} type="radio" name={`${id}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} />
      <span>
        <strong>{title}</strong>
        <span className="small muted">{hint}</span>
      </span>
    </label>
  );

  return (
    <Dialog
      title="Take pages from the next scan"
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="dialog-body form">
        <fieldset className="sd-choices">
          <legend className="field-label">What should the next scan do?</legend>
          {choice('replace', `Replace page ${pageNumber}`, `Page ${pageNumber} is taken out and kept (undo with Ctrl+Z until the document is confirmed).`, true)}
          {choice('insert-after', `Add pages after page ${pageNumber}`, 'For pages that were missed.')}
        </fieldset>
        <p className="small">
          The next file dropped at this station, whoever scans it, goes into this document instead of becoming a batch. It is still recorded in the intake log and its original is kept.
        </p>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <DialogActions onCancel={onClose}>
          <Button type="submit" variant="primary" busy={busy}>
            Wait for the next scan
          </Button>
        </DialogActions>
      </div>
    </Dialog>
  );
}
