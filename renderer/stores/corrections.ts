import { create } from 'zustand';
import type { MethodInput } from '../../shared/api/contract.js';
import type { CorrectionView, DeliveredDocument } from '../../shared/domain/corrections.js';
import type { DocumentType } from '../../shared/domain/document-types.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { type Notice, runAction } from './acting.js';

export type FindFilter = Omit<MethodInput<'documents.find'>, 'limit'>;

interface CorrectionsState {
  filter: FindFilter;
  documents: DeliveredDocument[];
  loaded: boolean;
  error: string | null;
  /** The correction being worked on, when one is open. */
  correction: CorrectionView | null;
  correctionError: string | null;
  types: DocumentType[];
  acting: boolean;
  notice: Notice | null;

  find(filter?: FindFilter): Promise<void>;
  /** Starts a correction (or a retraction) of a delivered document; returns its id. */
  start(documentId: string, reason: string, kind: 'replace' | 'retract'): Promise<string | null>;
  open(correctionId: string): Promise<void>;
  /** The one-step correction of a document filed under a merged MRN; returns the correction's id. */
  followMerge(documentId: string): Promise<string | null>;
  /** Refetches the open correction (after an event); nothing is recorded in the audit trail twice. */
  refresh(): Promise<void>;
  change<M extends 'corrections.setIndex' | 'corrections.pages' | 'corrections.confirm' | 'corrections.cancel'>(method: M, input: MethodInput<M>, done?: string): Promise<boolean>;
  override(documentId: string, code: string, reason: string): Promise<{ ok: true } | { ok: false; message: string }>;
  loadTypes(): Promise<void>;
  say(notice: Notice | null): void;
}

const finds = requestCounter();

export const useCorrections = create<CorrectionsState>((set, get) => ({
  filter: { deliveredOnly: true },
  documents: [],
  loaded: false,
  error: null,
  correction: null,
  correctionError: null,
  types: [],
  acting: false,
  notice: null,

  async find(filter) {
    if (filter) set({ filter });
    const result = await finds.latest(() => call('documents.find', { ...get().filter, limit: 200 }));
    if (!result) return;
    if (result.ok) set({ documents: result.value.documents, loaded: true, error: null });
    else set({ loaded: true, error: result.error.message });
  },

  async start(documentId, reason, kind) {
    const correction = await runAction(get, set, () => call(kind === 'replace' ? 'corrections.start' : 'corrections.retract', { documentId, reason }));
    if (!correction) return null;
    set({ correction, correctionError: null });
    void get().find();
    return correction.correctionId;
  },

  async followMerge(documentId) {
    const correction = await runAction(get, set, () => call('corrections.followMerge', { documentId }));
    if (!correction) return null;
    set({ correction, correctionError: null });
    if (correction.state === 'open') set({ notice: { tone: 'info', text: 'Filed under the surviving MRN, but QC found something to settle before it can be sent.' } });
    void get().find();
    return correction.correctionId;
  },

  async open(correctionId) {
    if (get().correction?.correctionId !== correctionId) set({ correction: null, correctionError: null });
    const result = await call('corrections.get', { correctionId });
    if (result.ok) set({ correction: result.value, correctionError: null });
    else set({ correctionError: result.error.message });
  },

  async refresh() {
    const open = get().correction;
    if (!open) return;
    // The same record, fetched again after an event: not a new view of it for the audit trail.
    const result = await call('corrections.get', { correctionId: open.correctionId, purpose: 'refresh' });
    if (result.ok) set({ correction: result.value });
  },

  async change(method, input, done) {
    const correction = await runAction(get, set, () => call(method, input as never));
    if (!correction) return false;
    set({ correction: correction as CorrectionView, notice: done ? { tone: 'success', text: done } : null });
    void get().find();
    return true;
  },

  async override(documentId, code, reason) {
    const result = await call('qc.override', { documentId, code, reason });
    if (!result.ok) return { ok: false, message: result.error.message };
    await get().refresh();
    return { ok: true };
  },

  async loadTypes() {
    if (get().types.length > 0) return;
    const result = await call('docTypes.list', {});
    if (result.ok) set({ types: result.value.types });
  },

  say(notice) {
    set({ notice });
  },
}));
