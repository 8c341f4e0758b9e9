import { create } from 'zustand';
import type { ReportRange, ReportSummary, ReportTable } from '../../shared/domain/reports.js';
import { call } from '../api/client.js';
import { downloadCsv } from '../lib/download.js';
import { DEFAULT_REPORT_DAYS, lastDays } from '../lib/reports.js';
import { plural } from '../lib/format.js';
import { requestCounter } from '../lib/schedule.js';
import { type Exporting, runExport } from './exporting.js';
import { onSignedOut } from './session.js';

interface ReportsState extends Exporting<ReportTable> {
  range: ReportRange;
  summary: ReportSummary | null;
  loading: boolean;
  error: string | null;
  /** Field problems with the range, by field name, from the engine. */
  rangeErrors: Record<string, string>;

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
    await runExport(
      get,
      set,
      table,
      () => call('reports.csv', { table, ...get().range }),
      ({ fileName, content, rows }) => {
        downloadCsv(fileName, content);
        return plural(rows, 'row');
      },
    );
  },
}));

onSignedOut(() => useReports.setState(initial()));
