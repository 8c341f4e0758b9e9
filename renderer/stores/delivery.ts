import { create } from 'zustand';
import type { DeliveryItem, DeliveryOverview } from '../../shared/domain/delivery.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

export const deliveryListLimit = 200;

/** What the delivery list needs to know about a document to name it and link to it. */
export interface DocumentRef {
  batchId: string;
  sequence: number;
  documentCount: number;
  docType: string | null;
  mrn: string | null;
}

interface DeliveryState {
  overview: DeliveryOverview | null;
  loaded: boolean;
  error: string | null;
  /** The item an action is on its way for. */
  acting: string | null;
  /** A sentence about the last action (or why it was refused). */
  notice: { tone: 'success' | 'danger' | 'info'; text: string } | null;
  /**
   * Documents named in the list, by id (null: could not be found). DeliveryItem carries only the
   * document id, so each document is looked up once; a confirmed document's batch and place do
   * not change while it is in the outbox.
   */
  documents: Record<string, DocumentRef | null>;

  load(): Promise<void>;
  retry(item: DeliveryItem): Promise<boolean>;
  hold(item: DeliveryItem): Promise<boolean>;
  resolveDocuments(documentIds: string[]): Promise<void>;
  say(notice: DeliveryState['notice']): void;
}

const requests = requestCounter();
const resolving = new Set<string>();

export const useDelivery = create<DeliveryState>((set, get) => {
  const act = async (item: DeliveryItem, method: 'delivery.retry' | 'delivery.hold', done: string) => {
    if (get().acting) return false;
    set({ acting: item.id, notice: null });
    const result = await call(method, { itemId: item.id });
    set({ acting: null });
    if (!result.ok) {
      set({ notice: { tone: 'danger', text: result.error.code === 'forbidden' ? 'Only an administrator can retry or hold a delivery.' : result.error.message } });
      void get().load();
      return false;
    }
    set((s) => ({
      notice: { tone: 'success', text: done },
      overview: s.overview ? { ...s.overview, items: s.overview.items.map((i) => (i.id === item.id ? result.value : i)) } : s.overview,
    }));
    void get().load();
    return true;
  };

  return {
    overview: null,
    loaded: false,
    error: null,
    acting: null,
    notice: null,
    documents: {},

    async load() {
      const n = requests.next();
      const result = await call('delivery.overview', { limit: deliveryListLimit });
      if (!requests.isLatest(n)) return;
      if (result.ok) set({ overview: result.value, loaded: true, error: null });
      else set({ error: result.error.message });
    },

    retry: (item) => act(item, 'delivery.retry', 'Put back in line: the station sends it now.'),
    hold: (item) => act(item, 'delivery.hold', 'Held: it stays here until an administrator retries it.'),

    async resolveDocuments(documentIds) {
      const known = get().documents;
      const wanted = [...new Set(documentIds)].filter((id) => !(id in known) && !resolving.has(id));
      for (const id of wanted) resolving.add(id);
      // A few at a time: the list may name many documents the first time it is opened.
      const queue = [...wanted];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          // Only to name the document in the list: not an opening of it.
          const result = await call('documents.indexing', { documentId: id, purpose: 'refresh' });
          resolving.delete(id);
          if (!result.ok && result.error.code !== 'not-found') continue; // a passing problem: the next refresh tries again
          const ref: DocumentRef | null = result.ok
            ? {
                batchId: result.value.batchId,
                sequence: result.value.sequence,
                documentCount: result.value.documentCount,
                docType: result.value.index.docType?.display ?? null,
                mrn: result.value.index.patient?.mrn ?? null,
              }
            : null;
          set((s) => ({ documents: { ...s.documents, [id]: ref } }));
        }
      };
      await Promise.all([worker(), worker(), worker()]);
    },

    say(notice) {
      set({ notice });
    },
  };
});

onSignedOut(() => useDelivery.setState({ overview: null, loaded: false, error: null, acting: null, notice: null, documents: {} }));
