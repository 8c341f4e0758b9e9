import { create } from 'zustand';
import type { OverrideRequest } from '../../shared/domain/override-requests.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut, useSession } from './session.js';

type Outcome = { ok: true } | { ok: false; message: string };

interface OverrideRequestsState {
  /** The clerk's own requests, open ones and recent answers. */
  mine: OverrideRequest[];
  /** Answers the clerk has not seen yet (their badge). */
  unseen: number;
  /** Requests waiting for a reviewer, oldest first. */
  queue: OverrideRequest[];
  queueLoaded: boolean;
  /** Requests on the document open on the indexing screen. */
  forDocument: { documentId: string; requests: OverrideRequest[] } | null;

  loadMine(): Promise<void>;
  loadQueue(): Promise<void>;
  loadForDocument(documentId: string): Promise<void>;
  request(documentId: string, code: string, note: string): Promise<Outcome>;
  decide(requestId: string, decision: 'grant' | 'decline', reason: string): Promise<Outcome>;
  markSeen(requestIds: string[]): Promise<void>;
  /** After any change: fetch what this user's screens show again. */
  refresh(): void;
}

const mayAsk = () => ['admin', 'clerk'].includes(useSession.getState().user?.role ?? '');
const mayAnswer = () => ['admin', 'reviewer'].includes(useSession.getState().user?.role ?? '');
const documentLoads = requestCounter();

export const useOverrideRequests = create<OverrideRequestsState>((set, get) => ({
  mine: [],
  unseen: 0,
  queue: [],
  queueLoaded: false,
  forDocument: null,

  async loadMine() {
    if (!mayAsk()) return;
    const result = await call('overrideRequests.mine', {});
    if (result.ok) set({ mine: result.value.requests, unseen: result.value.unseen });
  },

  async loadQueue() {
    if (!mayAnswer()) return;
    const result = await call('overrideRequests.queue', {});
    if (result.ok) set({ queue: result.value.requests, queueLoaded: true });
  },

  async loadForDocument(documentId) {
    const n = documentLoads.next();
    const result = await call('overrideRequests.forDocument', { documentId });
    if (!documentLoads.isLatest(n)) return;
    if (result.ok) set({ forDocument: { documentId, requests: result.value.requests } });
  },

  async request(documentId, code, note) {
    const result = await call('overrideRequests.request', { documentId, code, note });
    get().refresh();
    return result.ok ? { ok: true } : { ok: false, message: result.error.fields?.['note'] ?? result.error.message };
  },

  async decide(requestId, decision, reason) {
    const result = await call('overrideRequests.decide', { requestId, decision, reason });
    get().refresh();
    return result.ok ? { ok: true } : { ok: false, message: result.error.fields?.['reason'] ?? result.error.message };
  },

  async markSeen(requestIds) {
    if (requestIds.length === 0 || !mayAsk()) return;
    const result = await call('overrideRequests.markSeen', { requestIds });
    if (result.ok) set((s) => ({ unseen: result.value.unseen, mine: s.mine.map((r) => (requestIds.includes(r.id) ? { ...r, seen: true } : r)) }));
  },

  refresh() {
    void get().loadMine();
    void get().loadQueue();
    const open = get().forDocument;
    if (open) void get().loadForDocument(open.documentId);
  },
}));

onSignedOut(() => useOverrideRequests.setState({ mine: [], unseen: 0, queue: [], queueLoaded: false, forDocument: null }));
