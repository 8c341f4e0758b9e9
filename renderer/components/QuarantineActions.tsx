import { useEffect, useState } from 'react';
import type { QuarantineEntry } from '../../shared/domain/intake.js';
import { useQuarantineDesk } from '../stores/quarantine-desk.js';
import { Alert } from './Alert.js';
import { Button } from './Button.js';
import { Dialog } from './Dialog.js';
import { ReasonDialog } from './ReasonDialog.js';
import { Spinner } from './Spinner.js';
import { useButtonAction } from '../lib/button-action.js';
import { When } from './When.js';
import '../styles/station-day.css';

/** The two recorded answers to a quarantined file: what the dialog asks, what it records, what follows. */
const ENTRY_DIALOGS = {
  handled: {
    ask: { title: 'Mark handled', label: 'What was done about it?', submitLabel: 'Mark handled', tone: 'primary' },
    consequence: 'The entry and its file stay (until retention); it no longer counts as waiting. Your note is recorded with your name.',
    record: (id: string, note: string) => useQuarantineDesk.getState().markHandled(id, note),
  },
  delete: {
    ask: { title: 'Delete the quarantined file', label: 'Why may it be deleted?', submitLabel: 'Delete the file', tone: 'danger' },
    consequence: 'The station’s copy of the file is removed now and cannot be brought back. The entry stays on record with your reason. Save the original first if anyone may need it.',
    record: (id: string, reason: string) => useQuarantineDesk.getState().remove(id, reason),
  },
} as const;

/**
 * What an administrator can do with a quarantined file: look at its pages, save the original,
 * mark the entry handled with a note, or delete it with a reason. Each is recorded.
 */
export function QuarantineActions({ entry, mayAct }: { entry: QuarantineEntry; mayAct: boolean }) {
  const desk = useQuarantineDesk.getState();
  const [dialog, setDialog] = useState<'handled' | 'delete' | null>(null);
  const save = useButtonAction();
  const fileThere = !entry.deletedAt && !entry.fileRemoved;
  const asking = dialog ? ENTRY_DIALOGS[dialog] : null;

  return (
    <>
      {entry.handledAt ? (
        <p className="qitem-released sd-q-state" role="status">
          Handled <When iso={entry.handledAt} /> by {entry.handledBy}. Note: “{entry.handledNote}”
        </p>
      ) : null}
      {entry.deletedAt ? (
        <p className="qitem-released sd-q-state" role="status">
          Deleted <When iso={entry.deletedAt} /> by {entry.deletedBy}. Reason: “{entry.deleteReason}” The file is gone; the entry stays on record.
        </p>
      ) : null}
      {mayAct && (fileThere || entry.needsAttention) ? (
        <div className="qitem-actions" role="group" aria-label={`Actions for ${entry.originalName}`}>
          {fileThere ? (
            <>
              <Button size="sm" onClick={() => void desk.openPreview(entry.id)}>
                View pages
              </Button>
              <Button size="sm" icon="download" busy={save.busy} onClick={() => void save.run(() => desk.saveOriginal(entry.id))}>
                Save the original…
              </Button>
            </>
          ) : null}
          {!entry.handledAt && !entry.deletedAt ? (
            <Button size="sm" icon="check" onClick={() => setDialog('handled')}>
              Mark handled…
            </Button>
          ) : null}
          {!entry.deletedAt ? (
            <Button size="sm" icon="trash" onClick={() => setDialog('delete')}>
              Delete…
            </Button>
          ) : null}
          <EntryError error={save.error} />
        </div>
      ) : null}
      {asking ? (
        <ReasonDialog {...asking.ask} onSubmit={(text) => asking.record(entry.id, text)} onClose={() => setDialog(null)}>
          <p className="small">
            {entry.originalName}: {entry.message}
          </p>
          <p className="small">{asking.consequence}</p>
        </ReasonDialog>
      ) : null}
    </>
  );
}

/** The pages of a quarantined file, decoded again where they can be; ← → (or PgUp, PgDn) turn them, Esc closes. */
export function QuarantinePreviewDialog({ entries }: { entries: readonly QuarantineEntry[] }) {
  const previewing = useQuarantineDesk((s) => s.previewing);
  const close = useQuarantineDesk((s) => s.closePreview);
  const [page, setPage] = useState(1);
  const [image, setImage] = useState<{ page: number; src: string } | { page: number; error: string } | null>(null);
  const entry = previewing ? entries.find((e) => e.id === previewing.id) : undefined;
  const preview = previewing?.preview ?? null;
  const pages = preview?.decodable ? preview.pages.length : 0;

  useEffect(() => setPage(1), [previewing?.id]);
  useEffect(() => {
    if (!previewing || !preview?.decodable) return;
    let live = true;
    void useQuarantineDesk
      .getState()
      .pageImage(previewing.id, page)
      .then((src) => live && setImage(typeof src === 'string' ? { page, src } : { page, error: src.error }));
    return () => {
      live = false;
    };
  }, [previewing, preview, page]);

  if (!previewing) return null;
  const shown = image && image.page === page ? image : null;
  return (
    <Dialog
      title={entry?.originalName ?? 'Quarantined file'}
      className={`dialog sd-preview${preview?.decodable ? ' sd-preview-tall' : ''}`}
      onClose={close}
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight' || event.key === 'PageDown') setPage((p) => Math.min(pages, p + 1));
        else if (event.key === 'ArrowLeft' || event.key === 'PageUp') setPage((p) => Math.max(1, p - 1));
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      <div className="dialog-body sd-preview-body">
        {previewing.error ? (
          <Alert>{previewing.error}</Alert>
        ) : !preview ? (
          <Spinner label="Decoding the file in isolation…" />
        ) : !preview.decodable ? (
          <Alert tone="warning">Its pages cannot be shown. {preview.message}</Alert>
        ) : (
          <>
            <div className="sd-preview-bar">
              <Button size="sm" onClick={() => setPage((p) => Math.max(1, p - 1))} disabled={page <= 1}>
                ← Previous
              </Button>
              <span aria-live="polite">
                Page {page} of {pages}
              </span>
              <Button size="sm" onClick={() => setPage((p) => Math.min(pages, p + 1))} disabled={page >= pages}>
                Next →
              </Button>
              <span className="muted small">Decoded again, in isolation, from the station’s sealed copy. ← → turn the pages.</span>
            </div>
            <div className="sd-preview-page">
              {!shown ? <Spinner label="Loading the page…" /> : 'error' in shown ? <Alert>{shown.error}</Alert> : <img src={shown.src} alt={`Page ${page} of ${pages} of the quarantined file`} />}
            </div>
          </>
        )}
      </div>
    </Dialog>
  );
}

/** Why the last action on a quarantined file was refused, under its buttons. */
export function EntryError({ error }: { error: string | null }) {
  return error ? (
    <p className="qitem-error" role="alert">
      {error}
    </p>
  ) : null;
}
