import { create } from 'zustand';
import type { AuditExportFormat, AuditFilter, AuditSearchOptions, AuditTrailEntry } from '../../shared/domain/audit.js';
import { call } from '../api/client.js';
import { downloadCsv, downloadFile } from '../lib/download.js';
import { plural } from '../lib/format.js';
import { requestCounter } from '../lib/schedule.js';
import { type Exporting, runExport } from './exporting.js';
import { onSignedOut } from './session.js';

export const AUDIT_PAGE_SIZE = 50;

interface AuditState extends Exporting<AuditExportFormat> {
  /** A search was made since the panel was shown. */
  opened: boolean;
  /** The filters of the list shown (the form keeps its own draft until Search). */
  filter: AuditFilter;
  entries: AuditTrailEntry[] | null;
  total: number;
  /** Where each page shown so far started (undefined: the newest), for going back a page. */
  pageStarts: (number | undefined)[];
  nextBefore: number | null;
  options: AuditSearchOptions | null;
  loading: boolean;
  error: string | null;
  filterErrors: Record<string, string>;

  /** The panel is shown: fetches what the filters offer (actions, people), not the trail itself. */
  prepare(): void;
  /**
   * The first page for these filters. The first search after the panel is shown opens the
   * trail (recorded by the station as a look at it); later ones are recorded when the filters are new.
   */
  search(filter: AuditFilter): Promise<void>;
  /** Forget the list when the panel goes away: showing it again is a new opening. */
  close(): void;
  older(): Promise<void>;
  newer(): Promise<void>;
  exportAs(format: AuditExportFormat): Promise<void>;
}

const requests = requestCounter();
const initial = () => ({
  opened: false,
  filter: {},
  entries: null,
  total: 0,
  pageStarts: [],
  nextBefore: null,
  options: null,
  loading: false,
  error: null,
  filterErrors: {},
  exporting: null,
  notice: null,
});

export const useAudit = create<AuditState>((set, get) => {
  const load = async (filter: AuditFilter, before: number | undefined, opening: boolean, pageStarts: (number | undefined)[]) => {
    const n = requests.next();
    set({ loading: true, notice: null });
    const result = await call('audit.search', { filter, ...(before !== undefined ? { before } : {}), limit: AUDIT_PAGE_SIZE, opening });
    if (!requests.isLatest(n)) return;
    if (!result.ok) {
      set({ loading: false, error: result.error.fields ? null : result.error.message, filterErrors: result.error.fields ?? {} });
      return;
    }
    set({ filter, entries: result.value.entries, total: result.value.total, nextBefore: result.value.nextBefore, pageStarts, loading: false, error: null, filterErrors: {} });
  };

  return {
    ...initial(),

    prepare() {
      void call('audit.options', {}).then((result) => {
        if (result.ok) set({ options: result.value });
      });
    },

    async search(filter) {
      const opening = !get().opened;
      set({ opened: true });
      await load(filter, undefined, opening, [undefined]);
    },

    close() {
      set(initial());
    },

    async older() {
      const { nextBefore, filter, pageStarts } = get();
      if (nextBefore === null) return;
      await load(filter, nextBefore, false, [...pageStarts, nextBefore]);
    },

    async newer() {
      const { filter, pageStarts } = get();
      if (pageStarts.length < 2) return;
      const previous = pageStarts.slice(0, -1);
      await load(filter, previous[previous.length - 1], false, previous);
    },

    async exportAs(format) {
      await runExport(
        get,
        set,
        format,
        () => call('audit.export', { filter: get().filter, format }),
        ({ fileName, content, contentType, entries }) => {
          if (format === 'csv') downloadCsv(fileName, content);
          else downloadFile(fileName, [content], contentType);
          return plural(entries, 'entry', 'entries');
        },
      );
    },
  };
});

onSignedOut(() => useAudit.setState(initial()));
