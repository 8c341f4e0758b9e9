import { useId } from 'react';
import { Button } from './Button.js';
import { Dialog, DialogActions } from './Dialog.js';

/**
 * Confirms taking the scanner from the person who holds it: from then on the files that land
 * are credited to the one taking over. Recorded in the audit trail with both names.
 */
export function TakeOverDialog({
  holder,
  action,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  holder: string;
  /** What the take-over is for, as the confirming button says it (e.g. "Take over and start the box"). */
  action: string;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onClose(): void;
}) {
  const id = useId();
  return (
    <Dialog title={`Take over the scanner from ${holder}?`} role="alertdialog" describedBy={`${id}-body`} onClose={onClose}>
      <div className="dialog-body form">
        <p id={`${id}-body`}>
          {holder} is scanning at this station now. Files that land in the drop folder from now on will be credited to you, not to {holder}. The take-over is recorded in the audit trail.
        </p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <DialogActions onCancel={onClose}>
          <Button variant="primary" busy={busy} onClick={onConfirm} data-autofocus="">
            {action}
          </Button>
        </DialogActions>
      </div>
    </Dialog>
  );
}
