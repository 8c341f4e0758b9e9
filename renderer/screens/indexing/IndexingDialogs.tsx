import type { Page } from '../../../shared/domain/batch.js';
import type { DocumentIndexing } from '../../../shared/domain/indexing.js';
import { RequestOverrideDialog } from '../../components/DocumentRequests.js';
import { OverrideDialog } from '../../components/OverrideDialog.js';
import { RescanDialog } from '../../components/RescanDialog.js';
import { useIndexing } from '../../stores/indexing.js';
import type { DocumentActions } from './use-document-actions.js';

/** The dialogs the indexing keys open: override a finding (O), ask for an override (O), rescan a page (X). Closing one gives the keyboard back to the screen. */
export function IndexingDialogs({
  dialogs,
  indexing,
  page,
  pageNumber,
  onClosed,
}: {
  dialogs: DocumentActions['dialogs'];
  indexing: DocumentIndexing | null;
  page: Page | null;
  pageNumber: number;
  onClosed(): void;
}) {
  const store = useIndexing.getState;
  const { overriding, requesting, rescanning } = dialogs;
  return (
    <>
      {requesting && indexing ? (
        <RequestOverrideDialog
          documentId={indexing.documentId}
          finding={requesting}
          onClose={() => {
            dialogs.closeRequest();
            onClosed();
          }}
        />
      ) : null}
      {rescanning && indexing && page ? (
        <RescanDialog
          documentId={indexing.documentId}
          pageId={page.id}
          pageNumber={pageNumber}
          onDone={(text) => store().say({ tone: 'info', text })}
          onClose={() => {
            dialogs.closeRescan();
            onClosed();
          }}
        />
      ) : null}
      {overriding ? (
        <OverrideDialog
          finding={overriding}
          onSubmit={(reason) => store().override(overriding.code, reason)}
          onClose={() => {
            dialogs.closeOverride();
            onClosed();
          }}
        />
      ) : null}
    </>
  );
}
