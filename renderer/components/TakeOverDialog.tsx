import { useEffect, useId, useRef } from 'react';
import { Button, IconButton } from './Button.js';

/**
 * Confirms taking the scanner from the person who holds it: from then on the files that land
 * are credited to the one taking over. Recorded in the audit trail with both names.
 */
export function TakeOverDialog({ holder, action, busy, error, onConfirm, onClose }: {
  holder: string;
  /** What the take-over is for, as the confirming button says it (e.g. "Take over and start the box"). */
  action: string;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onClose(): void;
}) {
  const id = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.querySelector<HTMLButtonElement>('[data-confirm]')?.focus();
    return () => previous?.focus();
  }, []);

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialogRef}
        className="dialog dialog-narrow"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Keep focus inside the dialog.
            const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled)') ?? [])];
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
          <h2 id={`${id}-title`}>Take over the scanner from {holder}?</h2>
          <IconButton icon="close" aria-label="Close" onClick={onClose} />
        </header>
        <div className="dialog-body form">
          <p id={`${id}-body`}>
            {holder} is scanning at this station now. Files that land in the drop folder from now on will be credited to you, not to {holder}. The take-over is recorded in the audit trail.
          </p>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="dialog-actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" busy={busy} onClick={onConfirm} data-confirm="">
              {action}
            </Button>
          </div>
        </div>
      </div>
    </div>
  );
}
