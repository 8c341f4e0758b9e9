import { create } from 'zustand';
import type { ReportRange, ReportSummary, ReportTable } from '../../shared/domain/reports.js';
import { call } from '../api/client.js';
import { downloadCsv } from '../lib/download.js';
import { DEFAULT_REPORT_DAYS, lastDays } from '../lib/reports.js';
import { requestCounter } from '../lib/schedule.js';
import { onSignedOut } from './session.js';

interface ReportsState {
  range: ReportRange;
  summary: ReportSummary | null;
  loading: boolean;
  error: string | null;
  /** Field problems with the range, by field name, from the engine. */
  rangeErrors: Record<string, string>;
  /** The table whose CSV is being made. */
  exporting: ReportTable | null;
  notice: { tone: 'success' | 'danger'; text: string } | null;

  load(): Promise<void>;
  setRange(range: ReportRange): void;
  exportCsv(table: ReportTable): Promise<void>;
}

const requests = requestCounter();
const initial = () => ({ range: lastDays(DEFAULT_REPORT_DAYS), summary: null, loading: false, error: null, rangeErrors: {}, exporting: null, notice: null });

export const useReports = create<ReportsState>((set, get) => ({
  ...initial(),

  async load() {
    const n = requests.next();
    set({ loading: true });
    const result = await call('reports.summary', get().range);
    if (!requests.isLatest(n)) return;
    if (result.ok) set({ summary: result.value, loading: false, error: null, rangeErrors: {} });
    else set({ loading: false, error: result.error.fields ? null : result.error.message, rangeErrors: result.error.fields ?? {} });
  },

  setRange(range) {
    set({ range, notice: null });
    void get().load();
  },

  async exportCsv(table) {
    if (get().exporting) return;
    set({ exporting: table, notice: null });
    const result = await call('reports.csv', { table, ...get().range });
    set({ exporting: null });
    if (!result.ok) {
      set({ notice: { tone: 'danger', text: result.error.message } });
      return;
    }
    downloadCsv(result.value.fileName, result.value.content);
    set({ notice: { tone: 'success', text: `Saved ${result.value.fileName} (${result.value.rows} ${result.value.rows === 1 ? 'row' : 'rows'}). The export is recorded in the audit trail.` } });
  },
}));

onSignedOut(() => useReports.setState(initial()));
