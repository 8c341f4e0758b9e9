import { useEffect, useRef, useState } from 'react';
import type { BatchDetail, BatchDocument } from '../../../shared/domain/batch.js';
import { pagesOf } from '../../lib/indexing.js';
import { useBatches } from '../../stores/batches.js';
import { useIndexing } from '../../stores/indexing.js';
import { navigate } from '../../stores/router.js';

/**
 * Where the clerk is in a batch: the document in the address, its pages and the page shown.
 * Opens the batch and the document's index values, and goes to the first document still to do
 * when the address names none.
 */
export function useDocumentPosition(batchId: string, documentId: string | null) {
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const openBatch = useBatches((s) => s.openBatch);
  const [pageAt, setPageAt] = useState<{ documentId: string | null; index: number }>({ documentId, index: 0 });

  useEffect(() => {
    void openBatch(batchId);
  }, [batchId, openBatch]);

  const documents = detail?.documents ?? [];
  const document = documentId ? (documents.find((d) => d.id === documentId) ?? null) : null;
  const docIndex = document ? documents.indexOf(document) : -1;

  // No document in the address (or one that is gone): the first still to do.
  useEffect(() => {
    if (!detail || detail.documents.length === 0) return;
    if (documentId && detail.documents.some((d) => d.id === documentId)) return;
    const target = detail.documents.find((d) => d.status !== 'confirmed') ?? detail.documents[0]!;
    navigate({ name: 'index', batchId, documentId: target.id }, { replace: true });
  }, [detail, documentId, batchId]);

  useEffect(() => {
    if (documentId) void useIndexing.getState().load(documentId);
  }, [documentId]);

  // Recognition still reading, or the pages changed: suggestions and QC may have changed too.
  const pages = detail && document ? pagesOf(detail, document) : [];
  const docKey = document ? `${document.pageIds.join(',')}|${pages.map((p) => `${p.recognition.fastStatus}${p.recognition.ocrStatus}${p.clerkRotation}`).join('')}` : '';
  const lastKey = useRef(docKey);
  useEffect(() => {
    if (lastKey.current !== docKey && lastKey.current !== '') void useIndexing.getState().refresh();
    lastKey.current = docKey;
  }, [docKey]);

  const pageIndex = pageAt.documentId === documentId ? Math.min(pageAt.index, Math.max(0, pages.length - 1)) : 0;
  const currentPage = pages[pageIndex] ?? null;
  const setPage = (index: number) => setPageAt({ documentId, index: Math.max(0, Math.min(index, pages.length - 1)) });

  const goToDocument = (doc: BatchDocument | undefined | null, index = 0) => {
    if (!doc) return;
    setPageAt({ documentId: doc.id, index });
    if (doc.id !== documentId) navigate({ name: 'index', batchId, documentId: doc.id }, { replace: true });
  };

  /** After a page operation: stay with the document if it is still there, else follow the page. */
  const follow = (next: BatchDetail, stayOn: string | null, pageId: string | null) => {
    const byId = stayOn ? next.documents.find((d) => d.id === stayOn) : undefined;
    const byPage = pageId ? next.documents.find((d) => d.pageIds.includes(pageId)) : undefined;
    const target = byId ?? byPage ?? next.documents[Math.min(Math.max(0, docIndex), next.documents.length - 1)];
    if (!target) return;
    const at = pageId ? target.pageIds.indexOf(pageId) : -1;
    const index = at >= 0 ? at : Math.min(pageIndex, target.pageIds.length - 1);
    setPageAt({ documentId: target.id, index: Math.max(0, index) });
    if (target.id !== documentId) navigate({ name: 'index', batchId, documentId: target.id }, { replace: true });
    else void useIndexing.getState().refresh();
  };

  return { batchId, documentId, detail, documents, document, docIndex, pages, pageIndex, currentPage, setPage, goToDocument, follow };
}

export type DocumentPosition = ReturnType<typeof useDocumentPosition>;
