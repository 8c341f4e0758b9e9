import type { ReadPurpose } from '../../shared/api/contract.js';
import { create } from 'zustand';
import type { ReviewBatch, ReviewDocument } from '../../shared/domain/review-queue.js';
import type { BoxStatus, RejectionReason, ReviewPolicy, ReviewQueueEntry, ReviewQueueFilter } from '../../shared/domain/review.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { type Notice, runAction } from './acting.js';
import { onSignedOut } from './session.js';

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
  notice: Notice | null;

  load(): Promise<void>;
  setFilter(filter: ReviewQueueFilter): void;
  loadBoxes(): Promise<void>;
  /** Fetches a batch's review; 'refresh' after a decision (not a new opening in the audit trail). */
  openBatch(batchId: string, purpose?: ReadPurpose): Promise<void>;
  approve(documentId: string): Promise<boolean>;
  reject(documentId: string, reasonCode: RejectionReason, reasonText: string): Promise<boolean>;
  approveRest(batchId: string): Promise<boolean>;
  verifyBox(box: BoxStatus): Promise<boolean>;
  say(notice: Notice | null): void;
}

const requests = requestCounter();

export const useReview = create<ReviewState>((set, get) => {
  const replaceDocument = (document: ReviewDocument) =>
    set((s) => (s.batch ? { batch: { ...s.batch, documents: s.batch.documents.map((d) => (d.documentId === document.documentId ? document : d)) } } : {}));

  const decide = async (input: Parameters<typeof call<'review.decide'>>[1], done: string) => {
    const document = await runAction(get, set, () => call('review.decide', input));
    if (!document) {
      const open = get().batch;
      if (open) void get().openBatch(open.batchId, 'refresh');
      return false;
    }
    replaceDocument(document);
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
      const result = await requests.latest(() => call('review.queue', get().filter));
      if (!result) return;
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
      decide({ decision: 'reject', documentId, reasonCode, ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}) }, 'Sent back to the clerk with your reason.'),

    async approveRest(batchId) {
      const done = await runAction(get, set, () => call('review.approveBatch', { batchId }));
      if (!done) return false;
      set({ notice: { tone: 'success', text: `Approved ${done.approved === 1 ? '1 document' : `${done.approved} documents`}: on their way to the repository.` } });
      void get().openBatch(batchId, 'refresh');
      void get().load();
      return true;
    },

    async verifyBox(box) {
      const verified = await runAction(get, set, () => call('boxes.verify', { project: box.project, box: box.box }));
      if (!verified) return false;
      set((s) => ({
        boxes: s.boxes.map((b) => (b.project === box.project && b.box === box.box ? verified : b)),
        notice: { tone: 'success', text: `Box ${box.box} of ${box.project} is verified: its paper may be scheduled for destruction.` },
      }));
      return true;
    },

    say: (notice) => set({ notice }),
  };
});

onSignedOut(() => useReview.setState({ entries: [], policy: null, loaded: false, boxes: [], batch: null, notice: null, filter: {} }));
