import type { ReportCsv, ReportSummary, ReportTable, WorkCounts } from '../../../shared/domain/reports.js';
import { rejectionReasonLabels } from '../../../shared/domain/review.js';
import { csvText } from '../audit/audit-csv.js';
import type { BoxDetail } from './department-report.js';

interface Table {
  header: string[];
  rows: string[][];
}

const TOTAL = 'Total';
/** Plain numbers a spreadsheet reads as numbers: one decimal, no unit, empty when there is none. */
const decimal = (n: number | null) => (n === null ? '' : n.toFixed(1));
const percent = (share: number | null) => (share === null ? '' : (share * 100).toFixed(1));
const workCells = (w: WorkCounts) => [w.scannedBatches, w.scannedPages, w.scannedDocuments, w.indexedDocuments, w.indexedPages].map(String);
const WORK_HEADER = ['batches scanned', 'pages scanned', 'documents scanned', 'documents indexed', 'pages indexed'];

const backlogNames = { pending: 'waiting', delivering: 'sending', failed: 'failed', held: 'held' } as const;

function table(name: ReportTable, report: ReportSummary, boxes: readonly BoxDetail[]): Table {
  switch (name) {
    case 'work-by-day':
      return { header: ['day', 'operator', ...WORK_HEADER], rows: report.work.byDayAndOperator.map((w) => [w.day, w.operator, ...workCells(w)]) };
    case 'work-by-operator':
      return {
        header: ['operator', ...WORK_HEADER],
        rows: [...report.work.byOperator.map((w) => [w.operator, ...workCells(w)]), [TOTAL, ...workCells(report.work.totals)]],
      };
    case 'delivery-time': {
      const t = report.deliveryTime;
      return {
        header: ['day', 'documents delivered', 'median minutes', '90th percentile minutes'],
        rows: [...t.byDay.map((d) => [d.day, String(d.documents), decimal(d.medianMinutes), decimal(d.p90Minutes)]), [TOTAL, String(t.documents), decimal(t.medianMinutes), decimal(t.p90Minutes)]],
      };
    }
    case 'rejections-by-reason': {
      const r = report.rejections;
      return {
        header: ['reason code', 'reason', 'rejected', 'decisions', 'rejection rate %'],
        rows: [
          ...r.byReason.map((x) => [x.reason, rejectionReasonLabels[x.reason], String(x.rejected), String(r.decisions), percent(x.rate)]),
          [TOTAL, '', String(r.rejected), String(r.decisions), percent(r.rate)],
        ],
      };
    }
    case 'rejections-by-operator': {
      const r = report.rejections;
      return {
        header: ['operator', 'decisions', 'rejected', 'rejection rate %'],
        rows: [...r.byOperator.map((x) => [x.operator, String(x.decisions), String(x.rejected), percent(x.rate)]), [TOTAL, String(r.decisions), String(r.rejected), percent(r.rate)]],
      };
    }
    case 'outbox':
      return {
        header: ['state', 'deliveries', 'oldest queued at'],
        rows: Object.entries(report.backlog.outbox).map(([state, s]) => [backlogNames[state as keyof typeof backlogNames], String(s.items), s.oldestSince ?? '']),
      };
    case 'boxes':
      return {
        header: ['project', 'box', 'batches', 'documents', 'outstanding documents', 'verified', 'verified by', 'verified at'],
        rows: boxes.map((b) => [b.project, b.box, String(b.batches), String(b.documents), String(b.outstanding), b.verifiedAt ? 'yes' : 'no', b.verifiedBy ?? '', b.verifiedAt ?? '']),
      };
  }
}

/** One table of the report as a CSV file, named for the table and the range. */
export function reportCsv(name: ReportTable, report: ReportSummary, boxes: readonly BoxDetail[]): ReportCsv {
  const { header, rows } = table(name, report, boxes);
  return { fileName: `chartdesk-${name}-${report.from}-to-${report.to}.csv`, content: csvText(header, rows), rows: rows.length };
}
