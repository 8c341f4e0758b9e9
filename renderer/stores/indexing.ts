import { create } from 'zustand';
import type { MethodInput } from '../../shared/api/contract.js';
import type { ApiResult } from '../../shared/api/result.js';
import type { BatchDetail } from '../../shared/domain/batch.js';
import type { DocumentType } from '../../shared/domain/document-types.js';
import type { DocumentIndexing, LayoutOperation } from '../../shared/domain/indexing.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { useBatches } from './batches.js';
import { onSignedOut } from './session.js';

/** A sentence for the clerk about the last action: what happened, or why it did not. */
export interface Notice {
  tone: 'success' | 'info' | 'warning' | 'danger';
  text: string;
}

interface IndexingState {
  /** The document on screen, as the engine last described it (suggestions, QC, status). */
  indexing: DocumentIndexing | null;
  loading: boolean;
  loadError: string | null;
  /** A change is on its way to the engine (the keys that change things wait for it). */
  busy: boolean;
  notice: Notice | null;

  types: DocumentType[];
  typesLoaded: boolean;
  typesError: string | null;

  load(documentId: string): Promise<void>;
  /** Fetches the document again (QC re-runs on every change) without clearing the screen. */
  refresh(): Promise<void>;
  setIndex(input: Omit<MethodInput<'documents.setIndex'>, 'documentId'>, done?: string): Promise<boolean>;
  acceptSuggestions(): Promise<boolean>;
  confirm(): Promise<boolean>;
  reopen(): Promise<boolean>;
  override(code: string, reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** A page operation on the batch; answers with the new batch, or null when refused. */
  applyLayout(batchId: string, operation: LayoutOperation, done: string): Promise<BatchDetail | null>;
  undoLayout(batchId: string): Promise<BatchDetail | null>;
  loadTypes(): Promise<void>;
  say(notice: Notice | null): void;
}

const loads = requestCounter();

export const useIndexing = create<IndexingState>((set, get) => {
  /** Runs one change: one at a time, the answer replaces the document, the batch list follows. */
  const change = async (run: (documentId: string) => Promise<ApiResult<DocumentIndexing>>, done: string | null): Promise<boolean> => {
    const current = get().indexing;
    if (!current || get().busy) return false;
    set({ busy: true });
    const result = await run(current.documentId);
    if (!result.ok) {
      set({ busy: false, notice: { tone: 'danger', text: result.error.message } });
      // What is on screen may be out of date (someone else changed it): fetch it again.
      void get().refresh();
      return false;
    }
    loads.next(); // a fetch still in flight must not put back the document as it was
    if (get().indexing?.documentId === result.value.documentId) set({ indexing: result.value });
    set({ busy: false, notice: done ? { tone: 'success', text: done } : null });
    // The document list says what the panel says from now, not once the batch is fetched again.
    useBatches.getState().documentChanged(result.value);
    void useBatches.getState().refreshDetail(result.value.batchId);
    return true;
  };

  return {
    indexing: null,
    loading: false,
    loadError: null,
    busy: false,
    notice: null,
    types: [],
    typesLoaded: false,
    typesError: null,

    async load(documentId) {
      const n = loads.next();
      const keep = get().indexing?.documentId === documentId;
      set({ loading: true, loadError: null, ...(keep ? {} : { indexing: null }) });
      const result = await call('documents.indexing', { documentId, purpose: 'open' });
      if (!loads.isLatest(n)) return;
      if (result.ok) set({ indexing: result.value, loading: false });
      else set({ loading: false, loadError: result.error.message, indexing: null });
    },

    async refresh() {
      const current = get().indexing;
      if (!current) return;
      const n = loads.next();
      const result = await call('documents.indexing', { documentId: current.documentId, purpose: 'refresh' });
      if (!loads.isLatest(n) || get().indexing?.documentId !== current.documentId) return;
      if (result.ok) set({ indexing: result.value });
    },

    setIndex: (input, done) => change((documentId) => call('documents.setIndex', { documentId, ...input }), done ?? null),
    acceptSuggestions: () => change((documentId) => call('documents.acceptSuggestions', { documentId }), 'Suggestions taken. Check them against the page.'),
    confirm: () => change((documentId) => call('documents.confirm', { documentId }), null),
    reopen: () => change((documentId) => call('documents.reopen', { documentId }), 'Reopened: the document can be changed again.'),

    async override(code, reason) {
      const current = get().indexing;
      if (!current) return { ok: false, message: 'No document is open.' };
      set({ busy: true });
      const result = await call('qc.override', { documentId: current.documentId, code, reason });
      set({ busy: false });
      if (!result.ok) return { ok: false, message: result.error.fields?.['reason'] ?? result.error.message };
      loads.next();
      set({ indexing: result.value, notice: { tone: 'info', text: 'Finding overridden; your reason is recorded with your name.' } });
      void useBatches.getState().refreshDetail(result.value.batchId);
      return { ok: true };
    },

    async applyLayout(batchId, operation, done) {
      if (get().busy) return null;
      set({ busy: true });
      const result = await call('layout.apply', { batchId, operation });
      set({ busy: false });
      if (!result.ok) {
        set({ notice: { tone: 'danger', text: result.error.message } });
        return null;
      }
      useBatches.getState().replaceDetail(result.value);
      set({ notice: { tone: 'success', text: done } });
      return result.value;
    },

    async undoLayout(batchId) {
      if (get().busy) return null;
      set({ busy: true });
      const result = await call('layout.undo', { batchId });
      set({ busy: false });
      if (!result.ok) {
        set({ notice: { tone: 'warning', text: result.error.message } });
        return null;
      }
      useBatches.getState().replaceDetail(result.value);
      set({ notice: { tone: 'success', text: 'Undone.' } });
      return result.value;
    },

    async loadTypes() {
      const result = await call('docTypes.list', {});
      if (result.ok) set({ types: result.value.types, typesLoaded: true, typesError: null });
      else set({ typesError: result.error.message });
    },

    say(notice) {
      set({ notice });
    },
  };
});

onSignedOut(() => useIndexing.setState({ indexing: null, loading: false, loadError: null, busy: false, notice: null, types: [], typesLoaded: false, typesError: null }));
