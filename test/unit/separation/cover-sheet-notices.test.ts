import { describe, expect, it } from 'vitest';
import { COVER_SHEET_ONLY_MESSAGE, type NoticePage, coverSheetNotices } from '../../../electron/engine/separation/cover-sheet-notices.js';

const pages = (roles: NoticePage['role'][], file = 'f1'): NoticePage[] => roles.map((role, i) => ({ pageId: `${file}-p${i + 1}`, sourceFileId: file, sourcePageNumber: i + 1, role }));

describe('cover sheets that describe no pages', () => {
  it('says a file of nothing but a cover sheet (and blank backs) holds only a cover sheet', () => {
    expect(coverSheetNotices(pages(['cover']))).toEqual([{ code: 'cover-sheet-only', message: COVER_SHEET_ONLY_MESSAGE, pageIds: ['f1-p1'] }]);
    expect(coverSheetNotices(pages(['cover', 'blank']))).toEqual([{ code: 'cover-sheet-only', message: COVER_SHEET_ONLY_MESSAGE, pageIds: ['f1-p1'] }]);
  });

  it('names a cover sheet followed by no page inside a longer file', () => {
    const notices = coverSheetNotices(pages(['cover', 'content', 'cover', 'blank']));
    expect(notices).toEqual([
      { code: 'cover-sheet-without-pages', message: 'The cover sheet on page 3 describes no pages: nothing follows it in the file. Scan it in front of the pages it describes.', pageIds: ['f1-p3'] },
    ]);
    expect(coverSheetNotices(pages(['cover', 'separator', 'content']))[0]!.message).toContain('another sheet follows it at once');
  });

  it('says nothing of cover sheets in front of their pages, nor while pages are still being read', () => {
    expect(coverSheetNotices(pages(['cover', 'blank', 'content', 'cover', 'content']))).toEqual([]);
    expect(coverSheetNotices(pages(['cover', null]))).toEqual([]);
    expect(coverSheetNotices(pages(['content', 'content']))).toEqual([]);
  });
});
