import { create } from 'zustand';
import type { IntakeRecord, QuarantineEntry } from '../../shared/domain/intake.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

export const intakeListLimit = 500;

interface IntakeState {
  records: IntakeRecord[];
  recordsLoaded: boolean;
  recordsError: string | null;

  entries: QuarantineEntry[];
  /** Entries still waiting for an administrator, station-wide (the quarantine badge). */
  unhandled: number;
  entriesLoaded: boolean;
  entriesError: string | null;

  loadRecords(): Promise<void>;
  loadQuarantine(): Promise<void>;
  /** Sends a quarantined file back to intake (admins; timeouts, memory caps and crashes only). */
  retry(quarantineId: string): Promise<{ ok: true; droppedAs: string } | { ok: false; message: string }>;
}

const recordRequests = requestCounter();
const entryRequests = requestCounter();

/** Before anything is read, and again after signing out. */
const initial = () => ({
  records: [],
  recordsLoaded: false,
  recordsError: null,
  entries: [],
  unhandled: 0,
  entriesLoaded: false,
  entriesError: null,
});

export const useIntake = create<IntakeState>((set, get) => ({
  ...initial(),

  async loadRecords() {
    const result = await recordRequests.latest(() => call('intake.list', { limit: intakeListLimit }));
    if (!result) return;
    if (result.ok) {
      const records = [...result.value.records].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      set({ records, recordsLoaded: true, recordsError: null });
    } else set({ recordsError: result.error.message });
  },

  async loadQuarantine() {
    const result = await entryRequests.latest(() => call('quarantine.list', { limit: intakeListLimit }));
    if (!result) return;
    if (result.ok) {
      const entries = [...result.value.entries].sort((a, b) => b.quarantinedAt.localeCompare(a.quarantinedAt));
      set({ entries, unhandled: result.value.unhandled, entriesLoaded: true, entriesError: null });
    } else set({ entriesError: result.error.message });
  },

  async retry(quarantineId) {
    const result = await call('quarantine.retry', { quarantineId });
    void get().loadQuarantine();
    return result.ok ? { ok: true, droppedAs: result.value.droppedAs } : { ok: false, message: result.error.message };
  },
}));

/** The quarantine entry behind an intake record, when it is among the loaded entries. */
export const quarantineEntryFor = (entries: readonly QuarantineEntry[], record: IntakeRecord) => (record.quarantineId ? (entries.find((e) => e.id === record.quarantineId) ?? null) : null);

onSignedOut(() => useIntake.setState(initial()));
