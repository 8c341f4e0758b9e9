import { useEffect } from 'react';
import type { ReportSummary } from '../../shared/domain/reports.js';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { LoadState } from '../components/LoadState.js';
import { DeliveryTimePanel } from '../components/reports/DeliveryTimePanel.js';
import { BoxesPanel, OutboxPanel } from '../components/reports/NowPanels.js';
import { RangePicker } from '../components/reports/RangePicker.js';
import { RejectionsPanel } from '../components/reports/RejectionsPanel.js';
import { OperatorTablePanel, WorkPerDayPanel } from '../components/reports/WorkPanels.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { durationText, percentText, weekdayYear } from '../lib/reports.js';
import { goToLegend } from '../lib/shortcuts.js';
import { useReports } from '../stores/reports.js';
import { useStoreFields } from '../stores/fields.js';

/** Nothing happened in the chosen days (what waits now may still be there). */
const quietRange = (r: ReportSummary) => r.work.totals.scannedBatches === 0 && r.work.totals.indexedDocuments === 0 && r.deliveryTime.documents === 0 && r.rejections.decisions === 0;

/**
 * Reports: the supervisor's view of the department's work over a range of days, and what waits
 * now. Every table can be saved as CSV; the station records each export in the audit trail.
 */
export function Reports() {
  const { range, summary, loading, error, rangeErrors, notice } = useStoreFields(useReports, 'range', 'summary', 'loading', 'error', 'rangeErrors', 'notice');
  const { load, setRange } = useReports.getState();

  useEffect(() => {
    void load();
  }, [load]);

  // While another range is counted, the last figures stay (dimmed) rather than a spinner in their place.
  const shown = summary;

  return (
    <div className="screen">
      <header className="screen-header reports-header">
        <div className="reports-title">
          <h1>Reports</h1>
          <p className="screen-intro">The department's work day by day{shown ? `, on this station's clock (${shown.timeZone})` : ''}.</p>
        </div>
        <RangePicker range={range} onChange={setRange} serverErrors={rangeErrors}>
          <Button size="sm" icon="rotateCw" onClick={() => void load()} busy={loading && shown !== null} title="Count again now">
            Refresh
          </Button>
        </RangePicker>
      </header>
      <div className={`screen-body reports-body${loading && shown ? ' is-stale' : ''}`} aria-busy={loading || undefined}>
        {notice ? <Alert tone={notice.tone}>{notice.text}</Alert> : null}
        <LoadState error={error} onRetry={() => void load()} loading={!shown && 'Counting…'}>
          {() =>
            shown && (
              <>
                <Headlines report={shown} />
                {quietRange(shown) ? (
                  <EmptyState icon="reports" title={`Nothing was scanned, indexed, reviewed or delivered from ${weekdayYear(shown.from)} to ${weekdayYear(shown.to)}`}>
                    <p>
                      Choose other days above, or start the day's work: files dropped in the scanner's folder count on the day they arrive (Batches, G B), documents on the day a clerk confirms them
                      (select a batch, then I), and rejections once a reviewer decides (QC review, G R).
                    </p>
                  </EmptyState>
                ) : (
                  <>
                    <WorkPerDayPanel report={shown} />
                    <OperatorTablePanel report={shown} />
                    <div className="report-grid">
                      <DeliveryTimePanel report={shown} />
                      <RejectionsPanel report={shown} />
                    </div>
                  </>
                )}
                <div className="report-grid">
                  <OutboxPanel report={shown} />
                  <BoxesPanel report={shown} />
                </div>
              </>
            )
          }
        </LoadState>
      </div>
      <ShortcutLegend items={goToLegend('batches', 'delivery', 'review')} />
    </div>
  );
}

/** The few numbers a supervisor looks for first. */
function Headlines({ report }: { report: ReportSummary }) {
  const waiting = Object.values(report.backlog.outbox).reduce((n, s) => n + s.items, 0);
  const items = [
    { label: 'Pages scanned', value: report.work.totals.scannedPages.toLocaleString() },
    { label: 'Documents indexed', value: report.work.totals.indexedDocuments.toLocaleString() },
    { label: 'Scan to delivery, median', value: durationText(report.deliveryTime.medianMinutes) },
    { label: 'Scan to delivery, 90th percentile', value: durationText(report.deliveryTime.p90Minutes) },
    { label: 'QC rejection rate', value: percentText(report.rejections.rate) },
    { label: 'Not yet delivered (now)', value: waiting.toLocaleString(), alert: report.backlog.outbox.failed.items > 0 },
  ];
  return (
    <dl className="report-headlines" aria-label="Headline figures">
      {items.map((item) => (
        <div key={item.label} className={item.alert ? 'report-headline is-alert' : 'report-headline'}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
