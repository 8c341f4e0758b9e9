import type { ReactNode } from 'react';
import { useId } from 'react';
import type { ReportTable } from '../../../shared/domain/reports.js';
import { useReports } from '../../stores/reports.js';
import { Button } from '../Button.js';

/** What each table is called where a person reads it (buttons, notices). */
export const tableNames: Record<ReportTable, string> = {
  'work-by-day': 'work per day and operator',
  'work-by-operator': 'work by operator',
  'delivery-time': 'scan to delivery per day',
  'rejections-by-reason': 'rejections by reason',
  'rejections-by-operator': 'rejections by operator',
  outbox: 'outbox backlog',
  boxes: 'boxes',
};

/** Saves one table of the report as a CSV file (the export is audited by the station). */
export function CsvButton({ table }: { table: ReportTable }) {
  const exporting = useReports((s) => s.exporting);
  const exportCsv = useReports((s) => s.exportCsv);
  return (
    <Button
      size="sm"
      variant="ghost"
      icon="download"
      className="report-csv"
      onClick={() => void exportCsv(table)}
      busy={exporting === table}
      disabled={exporting !== null && exporting !== table}
      aria-label={`Download ${tableNames[table]} as CSV`}
      title={`Download ${tableNames[table]} as CSV (recorded in the audit trail)`}
    >
      CSV
    </Button>
  );
}

/** A titled part of the report, with its CSV buttons in the corner. */
export function ReportPanel({ title, subtitle, csv = [], className, children }: { title: string; subtitle?: ReactNode; csv?: ReportTable[]; className?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className={`panel report-panel${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <div className="report-panel-head">
        <div>
          <h2 id={id}>{title}</h2>
          {subtitle ? <p className="muted small">{subtitle}</p> : null}
        </div>
        {csv.length === 1 ? <CsvButton table={csv[0]!} /> : null}
      </div>
      {children}
    </section>
  );
}
