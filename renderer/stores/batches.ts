import { create } from 'zustand';
import type { BatchDetail, BatchSummary } from '../../shared/domain/batch.js';
import type { BatchFilter } from '../../shared/domain/document-state.js';
import type { DocumentIndexing } from '../../shared/domain/indexing.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { patchPages, reuseUnchanged } from '../lib/batch-detail.js';
import { onSignedOut } from './session.js';

export const batchListLimit = 200;

interface BatchesState {
  /** The newest batches. */
  batches: BatchSummary[];
  /** The batch list's filter, and what it finds (the engine filters, so an old batch still to index is found too); null under "all". */
  filter: BatchFilter;
  filtered: BatchSummary[] | null;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** The highlighted row of the list (kept while a batch is open, so Escape comes back to it). */
  selectedId: string | null;
  /** Batches that arrived since the list was first shown (marked "New"). */
  freshIds: ReadonlySet<string>;

  detail: BatchDetail | null;
  detailLoading: boolean;
  detailError: string | null;

  loadList(): Promise<void>;
  setFilter(filter: BatchFilter): Promise<void>;
  select(id: string | null): void;
  moveSelection(delta: number): void;
  selectEdge(edge: 'first' | 'last'): void;
  openBatch(batchId: string): Promise<void>;
  /** Fetches the open batch again without clearing what is shown (recognition progress). */
  refreshDetail(batchId: string): Promise<void>;
  /** Fetches again only these pages of the open batch (and its documents); the whole batch when the answer does not fit. */
  refreshPages(batchId: string, pageIds: readonly string[]): Promise<void>;
  /** Shows a batch the engine returned after a change (page operations answer with the batch). */
  replaceDetail(detail: BatchDetail): void;
  /** A document of the open batch as the engine answered a change: its status and state in the list at once. */
  documentChanged(indexing: Pick<DocumentIndexing, 'batchId' | 'documentId' | 'status' | 'state'>): void;
}

const listRequests = requestCounter();
const detailRequests = requestCounter();

const newestFirst = (a: BatchSummary, b: BatchSummary) => b.createdAt.localeCompare(a.createdAt) || b.label.localeCompare(a.label);

/** What the store holds before anything is loaded, and again after sign-out. */
const emptyBatches = () => ({
  batches: [],
  filter: 'all' as BatchFilter,
  filtered: null,
  loaded: false,
  loading: false,
  error: null,
  selectedId: null,
  freshIds: new Set<string>(),
  detail: null,
  detailLoading: false,
  detailError: null,
});

/** The batches the list shows: what the filter found, or all of them. */
export const shownBatches = (s: Pick<BatchesState, 'batches' | 'filtered'>): BatchSummary[] => s.filtered ?? s.batches;

export const useBatches = create<BatchesState>((set, get) => ({
  ...emptyBatches(),

  async loadList() {
    const n = listRequests.next();
    set({ loading: true });
    const filter = get().filter;
    // The whole list (the sidebar, other screens' batch labels) and, under a filter, what the filter finds.
    const [all, filtered] = await Promise.all([call('batches.list', { limit: batchListLimit, filter: 'all' }), filter === 'all' ? null : call('batches.list', { limit: batchListLimit, filter })]);
    if (!listRequests.isLatest(n)) return;
    const failed = !all.ok ? all : filtered && !filtered.ok ? filtered : null;
    if (failed && !failed.ok) {
      set({ loading: false, error: failed.error.message });
      return;
    }
    if (!all.ok || (filtered && !filtered.ok)) return;
    const { batches: previous, loaded, selectedId, freshIds } = get();
    const batches = [...all.value.batches].sort(newestFirst);
    const shown = filtered ? [...filtered.value.batches].sort(newestFirst) : null;
    const known = new Set(previous.map((b) => b.id));
    const fresh = new Set([...freshIds].filter((id) => batches.some((b) => b.id === id)));
    if (loaded) for (const b of batches) if (!known.has(b.id)) fresh.add(b.id);
    const list = shown ?? batches;
    const stillThere = selectedId !== null && list.some((b) => b.id === selectedId);
    set({
      batches,
      filtered: shown,
      loaded: true,
      loading: false,
      error: null,
      freshIds: fresh,
      selectedId: stillThere ? selectedId : (list[0]?.id ?? null),
    });
  },

  async setFilter(filter) {
    if (filter === get().filter) return;
    set({ filter, filtered: filter === 'all' ? null : [] });
    await get().loadList();
  },

  select(id) {
    set({ selectedId: id });
  },

  moveSelection(delta) {
    const { selectedId } = get();
    const list = shownBatches(get());
    if (list.length === 0) return;
    const index = list.findIndex((b) => b.id === selectedId);
    const next = index < 0 ? 0 : Math.max(0, Math.min(list.length - 1, index + delta));
    set({ selectedId: list[next]?.id ?? null });
  },

  selectEdge(edge) {
    const list = shownBatches(get());
    const target = edge === 'first' ? list[0] : list[list.length - 1];
    if (target) set({ selectedId: target.id });
  },

  async openBatch(batchId) {
    const current = get().detail;
    if (current?.id === batchId && !get().detailError) {
      set({ selectedId: batchId });
      return;
    }
    const n = detailRequests.next();
    set({ detail: current?.id === batchId ? current : null, detailLoading: true, detailError: null, selectedId: batchId });
    // A person opens the batch: the one read of it the audit trail records.
    const result = await call('batches.get', { batchId, purpose: 'open' });
    if (!detailRequests.isLatest(n)) return;
    if (result.ok) set({ detail: sortedDetail(result.value), detailLoading: false });
    else set({ detail: null, detailLoading: false, detailError: result.error.message });
  },

  async refreshDetail(batchId) {
    if (get().detail?.id !== batchId || get().detailLoading) return;
    const n = detailRequests.next();
    const result = await call('batches.get', { batchId, purpose: 'refresh' });
    if (!detailRequests.isLatest(n) || get().detail?.id !== batchId) return;
    // A failed refresh keeps the batch on screen; the next event or a reopen tries again.
    if (!result.ok) return;
    const detail = reuseUnchanged(get().detail, sortedDetail(result.value));
    if (detail !== get().detail) set({ detail });
  },

  async refreshPages(batchId, pageIds) {
    if (get().detail?.id !== batchId || get().detailLoading) return;
    const n = detailRequests.next();
    const result = await call('batches.getPages', { batchId, pageIds: [...pageIds], purpose: 'refresh' });
    const shown = get().detail;
    if (!detailRequests.isLatest(n) || shown?.id !== batchId) return;
    const detail = result.ok ? patchPages(shown, sortedDetail(result.value), pageIds) : null;
    // Pages came or went, or the call failed: what is on screen is put right by a whole fetch.
    if (!detail) return get().refreshDetail(batchId);
    if (detail !== shown) set({ detail });
  },

  replaceDetail(detail) {
    detailRequests.next(); // an older fetch in flight must not put the batch back as it was
    set({ detail: sortedDetail(detail), detailError: null });
  },

  documentChanged({ batchId, documentId, status, state }) {
    const detail = get().detail;
    if (detail?.id !== batchId) return;
    set({ detail: { ...detail, documents: detail.documents.map((d) => (d.id === documentId ? { ...d, status, state } : d)) } });
  },
}));

const sortedDetail = (detail: BatchDetail): BatchDetail => ({
  ...detail,
  pages: [...detail.pages].sort((a, b) => a.sequence - b.sequence),
  documents: [...detail.documents].sort((a, b) => a.sequence - b.sequence),
});

onSignedOut(() => useBatches.setState(emptyBatches()));
