import { Button, IconButton } from '../../components/Button.js';
import { DeliveryStatus } from '../../components/DeliveryStatus.js';
import { ZoomControls } from '../../components/ZoomControls.js';
import type { DocumentPosition } from './use-document-position.js';
import type { usePageLayout } from './use-page-layout.js';

/** The bar at the top: back, which document and page, and the page changes (each with its key in the title). */
export function IndexingToolbar({
  position,
  layout,
  changesDisabled,
  onBack,
}: {
  position: DocumentPosition;
  layout: ReturnType<typeof usePageLayout>;
  /** The clerk may not change pages now (role, or an operation under way). */
  changesDisabled: boolean;
  onBack(): void;
}) {
  const { detail, documents, document, docIndex, pages, pageIndex, currentPage, setPage, goToDocument } = position;
  return (
    <header className="viewer-toolbar">
      <Button variant="ghost" size="sm" icon="back" onClick={onBack} title="Back to the batch (Esc)">
        Batch
      </Button>
      <h1 className="viewer-title">Indexing {detail?.label ?? ''}</h1>
      <div className="toolbar-spacer" />
      {document && currentPage ? (
        <>
          {document.delivery ? (
            <span className="toolbar-delivery" aria-label={`Document ${docIndex + 1} delivery`}>
              <DeliveryStatus delivery={document.delivery} showReason={false} />
            </span>
          ) : null}
          <div className="toolbar-group" role="group" aria-label="Document">
            <IconButton icon="prevDoc" aria-label="Previous document" title="Previous document ([)" onClick={() => goToDocument(documents[docIndex - 1])} disabled={docIndex <= 0} />
            <span className="toolbar-text" aria-live="polite">
              Doc {docIndex + 1} of {documents.length}
            </span>
            <IconButton icon="nextDoc" aria-label="Next document" title="Next document (])" onClick={() => goToDocument(documents[docIndex + 1])} disabled={docIndex >= documents.length - 1} />
          </div>
          <div className="toolbar-group" role="group" aria-label="Page">
            <IconButton icon="prev" aria-label="Previous page" onClick={() => setPage(pageIndex - 1)} disabled={pageIndex <= 0} />
            <span className="toolbar-text" aria-live="polite">
              Page {pageIndex + 1} of {pages.length}
            </span>
            <IconButton icon="next" aria-label="Next page" onClick={() => setPage(pageIndex + 1)} disabled={pageIndex >= pages.length - 1} />
          </div>
          <div className="toolbar-group" role="group" aria-label="Page changes">
            <IconButton icon="rotateCcw" aria-label="Turn anticlockwise" title="Turn anticlockwise (Shift+R)" onClick={() => layout.rotate(270)} disabled={changesDisabled} />
            <IconButton icon="rotateCw" aria-label="Turn clockwise" title="Turn clockwise (R)" onClick={() => layout.rotate(90)} disabled={changesDisabled} />
            <IconButton icon="split" aria-label="Split here" title="Start a new document at this page (S)" onClick={layout.split} disabled={changesDisabled || pageIndex === 0} />
            <IconButton icon="merge" aria-label="Merge with next" title="Merge with the next document (M)" onClick={layout.merge} disabled={changesDisabled || docIndex >= documents.length - 1} />
            <IconButton icon="trash" aria-label="Delete page" title="Delete this page (Delete)" onClick={layout.deletePage} disabled={changesDisabled} />
            <IconButton icon="undo" aria-label="Undo" title="Undo the last page change (Ctrl+Z)" onClick={() => void layout.undo()} disabled={changesDisabled || !detail?.undoAvailable} />
          </div>
          <ZoomControls />
        </>
      ) : null}
    </header>
  );
}
