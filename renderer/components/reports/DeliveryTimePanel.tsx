import type { ReportSummary } from '../../../shared/domain/reports.js';
import { durationText, isWeekend, shortDay, weekdayDay } from '../../lib/reports.js';
import { ChartLegend, StackedBarChart } from '../charts/StackedBarChart.js';
import { ReportPanel } from './ReportPanel.js';

const MEDIAN_COLOUR = '#2257c5';
const P90_COLOUR = '#ac2a1f';

/** Time from scan to delivery: the two figures large, and each day's median with its 90th percentile. */
export function DeliveryTimePanel({ report }: { report: ReportSummary }) {
  const t = report.deliveryTime;
  const days = t.byDay;
  const highest = Math.max(0, ...days.map((d) => d.p90Minutes ?? 0));
  // Hours on the axis once a day's figure passes two hours: "1500" minutes says little.
  const perHour = highest >= 120;
  const scaled = (minutes: number | null) => (minutes === null ? null : perHour ? minutes / 60 : minutes);
  return (
    <ReportPanel
      title="Scan to delivery"
      subtitle="From the batch's scan to the document's arrival at every target, over documents delivered in these days."
      csv={['delivery-time']}
      className="report-delivery"
    >
      <dl className="report-figures">
        <div>
          <dt>Median</dt>
          <dd className="report-big">{durationText(t.medianMinutes)}</dd>
        </div>
        <div>
          <dt>90th percentile</dt>
          <dd className="report-big">{durationText(t.p90Minutes)}</dd>
        </div>
        <div>
          <dt>Documents delivered</dt>
          <dd className="report-big">{t.documents.toLocaleString()}</dd>
        </div>
      </dl>
      {t.documents === 0 ? (
        <p className="report-nothing">No document reached the repository in these days.</p>
      ) : (
        <>
          <StackedBarChart
            title="Scan to delivery per day"
            description={`Median time per day as bars, 90th percentile as a mark above each bar, in ${perHour ? 'hours' : 'minutes'}.`}
            categories={days.map((d) => d.day)}
            axisLabel={shortDay}
            categoryName={weekdayDay}
            shaded={isWeekend}
            series={[{ name: 'Median', colour: MEDIAN_COLOUR, values: days.map((d) => scaled(d.medianMinutes)) }]}
            marker={{ name: '90th percentile', values: days.map((d) => scaled(d.p90Minutes)) }}
            height={150}
            formatValue={(v) => durationText(perHour ? v * 60 : v)}
            formatTick={(v) => (perHour ? `${v} h` : `${v} min`)}
          />
          <ChartLegend
            label="Measures"
            items={[
              { name: 'Median', colour: MEDIAN_COLOUR },
              { name: '90th percentile', colour: P90_COLOUR, shape: 'tick' },
            ]}
          />
        </>
      )}
    </ReportPanel>
  );
}
