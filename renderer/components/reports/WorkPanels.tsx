import { useState } from 'react';
import type { ReportSummary, WorkCounts } from '../../../shared/domain/reports.js';
import { OTHERS_COLOUR, isWeekend, operatorColours, shortDay, weekdayDay } from '../../lib/reports.js';
import { ChartLegend, type ChartSeries, StackedBarChart } from '../charts/StackedBarChart.js';
import { ReportPanel } from './ReportPanel.js';

type Measure = Exclude<keyof WorkCounts, 'scannedBatches'>;

const measures: { key: Measure; label: string; unit: [string, string] }[] = [
  { key: 'scannedPages', label: 'Pages scanned', unit: ['page', 'pages'] },
  { key: 'scannedDocuments', label: 'Documents scanned', unit: ['document', 'documents'] },
  { key: 'indexedDocuments', label: 'Documents indexed', unit: ['document', 'documents'] },
  { key: 'indexedPages', label: 'Pages indexed', unit: ['page', 'pages'] },
];

/** The operators with the most work get a colour each; the rest share one bar segment. */
function operatorSeries(report: ReportSummary, measure: Measure): ChartSeries[] {
  const named = report.work.byOperator.slice(0, operatorColours.length).map((o) => o.operator);
  const index = new Map(report.work.byDay.map((d, i) => [d.day, i]));
  // A count is a count: a day without work is 0, not "no figure".
  const blank = () => report.work.byDay.map(() => 0);
  const series = named.map((name, i) => ({ name, colour: operatorColours[i]!, values: blank() }));
  const others = { name: 'Others', colour: OTHERS_COLOUR, values: blank() };
  for (const w of report.work.byDayAndOperator) {
    const target = series[named.indexOf(w.operator)] ?? others;
    const at = index.get(w.day);
    if (at !== undefined) target.values[at]! += w[measure];
  }
  return [...series, ...(others.values.some((v) => v > 0) ? [others] : [])].filter((s) => s.values.some((v) => v > 0)) satisfies ChartSeries[];
}

export function WorkPerDayPanel({ report }: { report: ReportSummary }) {
  const [measure, setMeasure] = useState<Measure>('scannedPages');
  const chosen = measures.find((m) => m.key === measure)!;
  const series = operatorSeries(report, measure);
  const total = report.work.totals[measure];
  const unit = (n: number) => `${n.toLocaleString()} ${n === 1 ? chosen.unit[0] : chosen.unit[1]}`;
  return (
    <ReportPanel
      title="Work per day"
      subtitle="Scanned: by the day of the batch and who held the scanner (Unclaimed: nobody did). Indexed: by the day a document was confirmed and who confirmed it."
      csv={['work-by-day']}
    >
      <div className="report-toolbar">
        <fieldset className="segmented" aria-label="Show">
          {measures.map((m) => (
            <label key={m.key} className={m.key === measure ? 'is-on' : undefined}>
              <input type="radio" name="work-measure" value={m.key} checked={m.key === measure} onChange={() => setMeasure(m.key)} />
              {m.label}
              <span className="segmented-count">{report.work.totals[m.key].toLocaleString()}</span>
            </label>
          ))}
        </fieldset>
      </div>
      {total === 0 ? (
        <p className="report-nothing">No {chosen.label.toLowerCase()} in these days.</p>
      ) : (
        <>
          <StackedBarChart
            title={`${chosen.label} per day, by operator`}
            description={`${unit(total)} from ${weekdayDay(report.from)} to ${weekdayDay(report.to)}, each day's bar divided by operator.`}
            categories={report.work.byDay.map((d) => d.day)}
            axisLabel={shortDay}
            categoryName={weekdayDay}
            shaded={isWeekend}
            series={series}
            formatValue={unit}
          />
          <ChartLegend label="Operators" items={series} />
        </>
      )}
    </ReportPanel>
  );
}

const columns: { key: keyof WorkCounts; label: string }[] = [
  { key: 'scannedBatches', label: 'Batches' },
  { key: 'scannedPages', label: 'Pages scanned' },
  { key: 'scannedDocuments', label: 'Documents scanned' },
  { key: 'indexedDocuments', label: 'Documents indexed' },
  { key: 'indexedPages', label: 'Pages indexed' },
];

export function OperatorTablePanel({ report }: { report: ReportSummary }) {
  const rows = report.work.byOperator;
  return (
    <ReportPanel title="By operator" subtitle="Most work first." csv={['work-by-operator']}>
      <div className="table-wrap">
        <table className="table report-table" aria-label="Work by operator">
          <thead>
            <tr>
              <th scope="col">Operator</th>
              {columns.map((c) => (
                <th key={c.key} scope="col" className="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((o, i) => (
              <tr key={o.operator}>
                <th scope="row" className="report-operator">
                  <span className="chart-swatch" style={{ background: operatorColours[i] ?? OTHERS_COLOUR }} aria-hidden="true" />
                  {o.operator}
                </th>
                {columns.map((c) => (
                  <td key={c.key} className="num">
                    {o[c.key].toLocaleString()}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {columns.map((c) => (
                <td key={c.key} className="num">
                  {report.work.totals[c.key].toLocaleString()}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </ReportPanel>
  );
}
