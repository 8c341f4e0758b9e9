import type { BatchNotice } from '../../../shared/domain/batch.js';
import type { PageRole } from './separate-batch.js';

/** What the notices need of a page, in batch order. */
export interface NoticePage {
  pageId: string;
  sourceFileId: string;
  /** Page number inside its file, 1-based. */
  sourcePageNumber: number;
  /** Null while the fast path has not decided it. */
  role: PageRole | null;
}

export const COVER_SHEET_ONLY_MESSAGE = 'This file holds only a cover sheet: scan it in front of the pages it describes';

/**
 * Cover sheets that describe no pages. A cover sheet starts the document after it; with no page
 * after it (a file of one cover sheet, or one scanned after its pages) separation makes no
 * document of it, and without this the clerk would see nothing at all.
 */
export function coverSheetNotices(pages: readonly NoticePage[]): BatchNotice[] {
  const notices: BatchNotice[] = [];
  const files = [...new Set(pages.map((p) => p.sourceFileId))];
  for (const file of files) {
    const filePages = pages.filter((p) => p.sourceFileId === file);
    if (filePages.some((p) => p.role === null)) continue;
    const covers = filePages.filter((p) => p.role === 'cover');
    if (covers.length === 0) continue;
    if (filePages.every((p) => p.role === 'cover' || p.role === 'blank')) {
      notices.push({ code: 'cover-sheet-only', message: COVER_SHEET_ONLY_MESSAGE, pageIds: covers.map((p) => p.pageId) });
      continue;
    }
    filePages.forEach((page, i) => {
      if (page.role !== 'cover') return;
      const next = filePages.slice(i + 1).find((p) => p.role !== 'blank');
      if (next?.role === 'content') return;
      notices.push({
        code: 'cover-sheet-without-pages',
        message: `The cover sheet on page ${page.sourcePageNumber} describes no pages: ${next ? 'another sheet follows it at once' : 'nothing follows it in the file'}. Scan it in front of the pages it describes.`,
        pageIds: [page.pageId],
      });
    });
  }
  return notices;
}
