import { create } from 'zustand';
import type { MethodOutput, ReadPurpose } from '../../shared/api/contract.js';
import { call } from '../api/client.js';
import { onSignedOut } from './session.js';

export type PageText = MethodOutput<'pages.ocr'>;

interface Entry {
  /** The page's ocrStatus when this was fetched: a change means the text has to be fetched again. */
  status: PageText['status'];
  loading: boolean;
  value: PageText | null;
  error: string | null;
}

interface OcrState {
  pages: Record<string, Entry>;
  /**
   * Fetches a page's text unless the same step is already fetched or on its way. purpose: 'open'
   * when a person opens the page's text, 'refresh' when a screen shows it as part of what is open.
   */
  load(pageId: string, status: PageText['status'], purpose: ReadPurpose): Promise<void>;
}

/** The text recognised on pages, fetched when the clerk looks at it. A few pages are kept. */
const KEEP = 12;

export const useOcr = create<OcrState>((set, get) => ({
  pages: {},
  async load(pageId, status, purpose) {
    const existing = get().pages[pageId];
    if (existing && existing.status === status && (existing.loading || existing.value || existing.error)) return;
    set((s) => ({ pages: trim({ ...s.pages, [pageId]: { status, loading: true, value: existing?.value ?? null, error: null } }, pageId) }));
    // The first look at a page's text is an opening; fetching it again once OCR moved on is not.
    const result = await call('pages.ocr', { pageId, purpose: existing ? 'refresh' : purpose });
    const current = get().pages[pageId];
    if (!current || current.status !== status) return;
    set((s) => ({
      pages: {
        ...s.pages,
        [pageId]: result.ok ? { status, loading: false, value: result.value, error: null } : { status, loading: false, value: current.value, error: result.error.message },
      },
    }));
  },
}));

const trim = (pages: Record<string, Entry>, keep: string): Record<string, Entry> => {
  const ids = Object.keys(pages);
  if (ids.length <= KEEP) return pages;
  const next = { ...pages };
  for (const id of ids.slice(0, ids.length - KEEP)) if (id !== keep) delete next[id];
  return next;
};

onSignedOut(() => useOcr.setState({ pages: {} }));
