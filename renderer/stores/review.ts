import type { ReadPurpose } from '../../shared/api/contract.js';
import { create } from 'zustand';
import type { ReviewBatch, ReviewDocument } from '../../shared/domain/review-queue.js';
import type { BoxStatus, RejectionReason, ReviewPolicy, ReviewQueueEntry, ReviewQueueFilter } from '../../shared/domain/review.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

type Notice = { tone: 'success' | 'danger' | 'info'; text: string } | null;

interface ReviewState {
  entries: ReviewQueueEntry[];
  policy: ReviewPolicy | null;
  filter: ReviewQueueFilter;
  loaded: boolean;
  error: string | null;
  boxes: BoxStatus[];

  /** The batch under review and its documents. */
  batch: ReviewBatch | null;
  batchError: string | null;
  /** A decision or box verification on its way. */
  acting: boolean;
  notice: Notice;

  load(): Promise<void>;
  setFilter(filter: ReviewQueueFilter): void;
  loadBoxes(): Promise<void>;
  /** Fetches a batch's review; 'refresh' after a decision (not a new opening in the audit trail). */
  openBatch(batchId: string, purpose?: ReadPurpose): Promise<void>;
  approve(documentId: string): Promise<boolean>;
  reject(documentId: string, reasonCode: RejectionReason, reasonText: string): Promise<boolean>;
  approveRest(batchId: string): Promise<boolean>;
  verifyBox(box: BoxStatus): Promise<boolean>;
  say(notice: Notice): void;
}

const requests = requestCounter();

export const useReview = create<ReviewState>((set, get) => {
  const replaceDocument = (document: ReviewDocument) =>
    set((s) => (s.batch ? { batch: { ...s.batch, documents: s.batch.documents.map((d) => (d.documentId === document.documentId ? document : d)) } } : {}));

  const decide = async (input: Parameters<typeof call<'review.decide'>>[1], done: string) => {
    if (get().acting) return false;
    set({ acting: true, notice: null });
    const result = await call('review.decide', input);
    set({ acting: false });
    if (!result.ok) {
      set({ notice: { tone: 'danger', text: result.error.message } });
      const open = get().batch;
      if (open) void get().openBatch(open.batchId, 'refresh');
      return false;
    }
    replaceDocument(result.value);
    set({ notice: { tone: 'success', text: done } });
    void get().load();
    return true;
  };

  return {
    entries: [],
    policy: null,
    filter: {},
    loaded: false,
    error: null,
    boxes: [],
    batch: null,
    batchError: null,
    acting: false,
    notice: null,

    async load() {
      const ticket = requests.next();
      const result = await call('review.queue', get().filter);
      if (!requests.isLatest(ticket)) return;
      if (result.ok) set({ entries: result.value.entries, policy: result.value.policy, loaded: true, error: null });
      else set({ loaded: true, error: result.error.message });
    },

    setFilter(filter) {
      set({ filter });
      void get().load();
    },

    async loadBoxes() {
      const result = await call('boxes.list', {});
      if (result.ok) set({ boxes: result.value.boxes });
    },

    async openBatch(batchId, purpose = 'open') {
      const result = await call('review.batch', { batchId, purpose });
      if (result.ok) set({ batch: result.value, batchError: null });
      else set({ batch: null, batchError: result.error.message });
    },

    approve: (documentId) => decide({ decision: 'approve', documentId }, 'Approved: it is on its way to the repository.'),
    reject: (documentId, reasonCode, reasonText) =>
      decide(
        { decision: 'reject', documentId, reasonCode, ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}) },
        'Sent back to the clerk with your reason.',
      ),

    async approveRest(batchId) {
      if (get().acting) return false;
      set({ acting: true, notice: null });
      const result = await call('review.approveBatch', { batchId });
      set({ acting: false });
      if (!result.ok) {
        set({ notice: { tone: 'danger', text: result.error.message } });
        return false;
      }
      set({ notice: { tone: 'success', text: `Approved ${result.value.approved === 1 ? '1 document' : `${result.value.approved} documents`}: on their way to the repository.` } });
      void get().openBatch(batchId, 'refresh');
      void get().load();
      return true;
    },

    async verifyBox(box) {
      if (get().acting) return false;
      set({ acting: true, notice: null });
      const result = await call('boxes.verify', { project: box.project, box: box.box });
      set({ acting: false });
      if (!result.ok) {
        set({ notice: { tone: 'danger', text: result.error.message } });
        return false;
      }
      set((s) => ({
        boxes: s.boxes.map((b) => (b.project === box.project && b.box === box.box ? result.value : b)),
        notice: { tone: 'success', text: `Box ${box.box} of ${box.project} is verified: its paper may be scheduled for destruction.` },
      }));
      return true;
    },

    say: (notice) => set({ notice }),
  };
});

onSignedOut(() => useReview.setState({ entries: [], policy: null, loaded: false, boxes: [], batch: null, notice: null, filter: {} }));
