import type { Page } from '../../../shared/domain/batch.js';
import type { LayoutOperation } from '../../../shared/domain/indexing.js';
import { plural } from '../../lib/format.js';
import { useIndexing } from '../../stores/indexing.js';
import type { DocumentPosition } from './use-document-position.js';

/**
 * The page changes a clerk makes while indexing: split, merge, move, turn, delete, restore and
 * undo. Each says what it did (or why it cannot) in the notice, then follows the page.
 */
export function usePageLayout(position: DocumentPosition, canEdit: boolean) {
  const { batchId, detail, documents, document, docIndex, pages, pageIndex, currentPage, follow } = position;
  const store = useIndexing.getState;
  const say = (tone: 'info' | 'warning', text: string) => store().say({ tone, text });

  const layout = async (operation: LayoutOperation, done: string, stayOn: string | null, pageId: string | null) => {
    if (!detail || !canEdit) return;
    if (!detail.layoutEditable) {
      say('warning', `Pages can be changed once every page has been checked (${detail.recognition.fastDone} of ${detail.recognition.total} so far).`);
      return;
    }
    const next = await store().applyLayout(batchId, operation, done);
    if (next) follow(next, stayOn, pageId);
  };

  const split = () => {
    if (!document || !currentPage) return;
    if (pageIndex === 0) {
      say('info', 'Split starts a new document at the page shown. Go to the first page of the new document (PgDn), then press S.');
      return;
    }
    // The clerk stays with the part before the split (still to index); ] goes to the new one.
    void layout(
      { op: 'split', pageId: currentPage.id },
      `Split: page ${pageIndex + 1} and those after it are now document ${docIndex + 2}. Press ] to go there.`,
      document.id,
      pages[pageIndex - 1]?.id ?? null,
    );
  };
  const merge = () => {
    if (!document) return;
    const next = documents[docIndex + 1];
    if (!next) {
      say('info', 'This is the last document: there is none after it to merge with.');
      return;
    }
    void layout(
      { op: 'merge-with-next', documentId: document.id },
      `Merged with the next document: ${plural(document.pageIds.length + next.pageIds.length, 'page')} now.`,
      document.id,
      currentPage?.id ?? null,
    );
  };
  const movePage = (delta: -1 | 1) => {
    if (!document || !currentPage) return;
    const position = pageIndex + 1 + delta;
    if (position < 1 || position > pages.length) {
      say('info', delta < 0 ? 'Already the first page. Alt+← moves it to the previous document.' : 'Already the last page. Alt+→ moves it to the next document.');
      return;
    }
    void layout({ op: 'move-page', pageId: currentPage.id, documentId: document.id, position }, `Page moved to position ${position}.`, document.id, currentPage.id);
  };
  const movePageTo = (delta: -1 | 1) => {
    if (!document || !currentPage) return;
    const target = documents[docIndex + delta];
    if (!target) {
      say('info', delta < 0 ? 'There is no document before this one.' : 'There is no document after this one. S splits this document at the page shown.');
      return;
    }
    const position = delta < 0 ? target.pageIds.length + 1 : 1;
    // Stay on this document at the page that followed; a document left without pages is gone, then follow the page.
    const neighbour = pages[pageIndex + 1] ?? pages[pageIndex - 1] ?? null;
    void layout(
      { op: 'move-page', pageId: currentPage.id, documentId: target.id, position },
      `Page moved to the ${delta < 0 ? 'end' : 'start'} of document ${docIndex + 1 + delta}.`,
      document.id,
      neighbour?.id ?? currentPage.id,
    );
  };
  const rotate = (degrees: 90 | 270) => {
    if (!currentPage || !document) return;
    void layout({ op: 'rotate-page', pageId: currentPage.id, degrees }, degrees === 90 ? 'Page turned clockwise.' : 'Page turned anticlockwise.', document.id, currentPage.id);
  };
  const deletePage = () => {
    if (!currentPage || !document) return;
    const neighbour = pages[pageIndex + 1] ?? pages[pageIndex - 1] ?? null;
    void layout({ op: 'delete-page', pageId: currentPage.id }, `Page deleted: it is in the Deleted pages tray (Ctrl+Z brings it back).`, document.id, neighbour?.id ?? null);
  };
  const restore = (page: Page) => {
    if (!document) return;
    void layout({ op: 'restore-page', pageId: page.id, documentId: document.id }, `Page restored at the end of document ${docIndex + 1}.`, document.id, page.id);
  };
  const undo = async () => {
    if (!detail || !canEdit) return;
    if (!detail.undoAvailable) {
      say('info', 'Nothing to undo: no page changes in this batch.');
      return;
    }
    const next = await store().undoLayout(batchId);
    if (next) follow(next, position.documentId, currentPage?.id ?? null);
  };

  return { split, merge, movePage, movePageTo, rotate, deletePage, restore, undo };
}
