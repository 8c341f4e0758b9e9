import { create } from 'zustand';
import type { BatchDetail, BatchSummary } from '../../shared/domain/batch.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

export const batchListLimit = 200;

interface BatchesState {
  batches: BatchSummary[];
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
  select(id: string | null): void;
  moveSelection(delta: number): void;
  selectEdge(edge: 'first' | 'last'): void;
  openBatch(batchId: string): Promise<void>;
  /** Fetches the open batch again without clearing what is shown (recognition progress). */
  refreshDetail(batchId: string): Promise<void>;
  /** Shows a batch the engine returned after a change (page operations answer with the batch). */
  replaceDetail(detail: BatchDetail): void;

  /**
   * Indexing progress per batch (confirmed / open / blocked documents). The batch list does not
   * carry it (see indexCountsFor), so it is taken from each batch's detail as it is fetched.
   */
  indexCounts: Record<string, IndexCounts>;
  /** Fetches the counts of these batches when their summary changed since the last fetch. */
  loadIndexCounts(batchIds: string[]): Promise<void>;
}

export interface IndexCounts {
  total: number;
  confirmed: number;
  open: number;
  /** Open documents with a blocking QC finding not overridden. */
  blocked: number;
  /** What the summary looked like when counted: a change means the counts may be stale. */
  stamp: string;
}

export const countIndexing = (detail: Pick<BatchDetail, 'documents'>): Omit<IndexCounts, 'stamp'> => {
  let confirmed = 0;
  let open = 0;
  let blocked = 0;
  for (const d of detail.documents) {
    if (d.status === 'confirmed') confirmed++;
    // A missing patient or type is work still to do, not a block (the counts cannot tell them apart).
    else if (d.qc.blocking > (d.indexedPatientMrn ? 0 : 1) + (d.indexedDocType ? 0 : 1)) blocked++;
    else open++;
  }
  return { total: detail.documents.length, confirmed, open, blocked };
};

const summaryStamp = (b: BatchSummary) => `${b.documentCount}:${b.recognition.fastDone}:${b.recognition.ocrDone}`;
const withCounts = (counts: Record<string, IndexCounts>, detail: BatchDetail): Record<string, IndexCounts> => ({
  ...counts,
  [detail.id]: { ...countIndexing(detail), stamp: `${summaryStamp(detail)}:${Date.now()}` },
});

const listRequests = requestCounter();
const detailRequests = requestCounter();

const newestFirst = (a: BatchSummary, b: BatchSummary) => b.createdAt.localeCompare(a.createdAt) || b.label.localeCompare(a.label);

/** What the store holds before anything is loaded, and again after sign-out. */
const emptyBatches = () => ({
  batches: [],
  loaded: false,
  loading: false,
  error: null,
  selectedId: null,
  freshIds: new Set<string>(),
  detail: null,
  detailLoading: false,
  detailError: null,
  indexCounts: {},
});

export const useBatches = create<BatchesState>((set, get) => ({
  ...emptyBatches(),

  async loadList() {
    const n = listRequests.next();
    set({ loading: true });
    const result = await call('batches.list', { limit: batchListLimit });
    if (!listRequests.isLatest(n)) return;
    if (!result.ok) {
      set({ loading: false, error: result.error.message });
      return;
    }
    const { batches: previous, loaded, selectedId, freshIds } = get();
    const batches = [...result.value.batches].sort(newestFirst);
    const known = new Set(previous.map((b) => b.id));
    const fresh = new Set([...freshIds].filter((id) => batches.some((b) => b.id === id)));
    if (loaded) for (const b of batches) if (!known.has(b.id)) fresh.add(b.id);
    const stillThere = selectedId !== null && batches.some((b) => b.id === selectedId);
    set({
      batches,
      loaded: true,
      loading: false,
      error: null,
      freshIds: fresh,
      selectedId: stillThere ? selectedId : (batches[0]?.id ?? null),
    });
  },

  select(id) {
    set({ selectedId: id });
  },

  moveSelection(delta) {
    const { batches, selectedId } = get();
    if (batches.length === 0) return;
    const index = batches.findIndex((b) => b.id === selectedId);
    const next = index < 0 ? 0 : Math.max(0, Math.min(batches.length - 1, index + delta));
    set({ selectedId: batches[next]?.id ?? null });
  },

  selectEdge(edge) {
    const { batches } = get();
    const target = edge === 'first' ? batches[0] : batches[batches.length - 1];
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
    if (result.ok) set((s) => ({ detail: sortedDetail(result.value), detailLoading: false, indexCounts: withCounts(s.indexCounts, result.value) }));
    else set({ detail: null, detailLoading: false, detailError: result.error.message });
  },

  async refreshDetail(batchId) {
    if (get().detail?.id !== batchId || get().detailLoading) return;
    const n = detailRequests.next();
    const result = await call('batches.get', { batchId, purpose: 'refresh' });
    if (!detailRequests.isLatest(n) || get().detail?.id !== batchId) return;
    // A failed refresh keeps the batch on screen; the next event or a reopen tries again.
    if (result.ok) set((s) => ({ detail: sortedDetail(result.value), indexCounts: withCounts(s.indexCounts, result.value) }));
  },

  replaceDetail(detail) {
    detailRequests.next(); // an older fetch in flight must not put the batch back as it was
    set((s) => ({ detail: sortedDetail(detail), detailError: null, indexCounts: withCounts(s.indexCounts, detail) }));
  },

  async loadIndexCounts(batchIds) {
    const { batches, indexCounts } = get();
    const stale = batchIds.filter((id) => {
      const summary = batches.find((b) => b.id === id);
      if (!summary || summary.documentCount === 0) return false;
      const known = indexCounts[id];
      return !known || !known.stamp.startsWith(`${summaryStamp(summary)}:`);
    });
    for (const id of stale) {
      if (countsInFlight.has(id)) continue;
      countsInFlight.add(id);
      // Counting is no opening (the station records it once per session if the batch was never opened).
      const result = await call('batches.get', { batchId: id, purpose: 'refresh' });
      countsInFlight.delete(id);
      if (result.ok) set((s) => ({ indexCounts: withCounts(s.indexCounts, result.value) }));
    }
  },
}));

const countsInFlight = new Set<string>();

const sortedDetail = (detail: BatchDetail): BatchDetail => ({
  ...detail,
  pages: [...detail.pages].sort((a, b) => a.sequence - b.sequence),
  documents: [...detail.documents].sort((a, b) => a.sequence - b.sequence),
});

onSignedOut(() => useBatches.setState(emptyBatches()));
