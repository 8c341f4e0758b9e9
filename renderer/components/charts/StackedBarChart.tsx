import { useId, useRef } from 'react';
import { niceScale, useElementWidth } from './chart-scale.js';

export interface ChartSeries {
  name: string;
  colour: string;
  /** One per category; null where there is no figure (a day without deliveries has no median). */
  values: (number | null)[];
}

interface StackedBarChartProps {
  /** Read by screen readers as the chart's name, and the caption of its table. */
  title: string;
  /** One sentence on what the chart shows, for screen readers. */
  description: string;
  categories: string[];
  /** Short label on the axis ("9 Mar") and the full name in tooltips and the table ("Mon 9 Mar"). */
  axisLabel(category: string): string;
  categoryName(category: string): string;
  /** Shaded behind the bars (weekends). */
  shaded?(category: string): boolean;
  series: ChartSeries[];
  /** A second figure per bar drawn as a tick above it (the 90th percentile over a median). */
  marker?: { name: string; values: (number | null)[] };
  height?: number;
  formatValue?(value: number): string;
  formatTick?(value: number): string;
}

const MARGIN = { top: 10, right: 8, bottom: 26, left: 44 };
const LABEL_WIDTH = 52;

/**
 * Bars per category, stacked by series, drawn in SVG at the size shown. The numbers are also in
 * a table for screen readers, and each segment names its numbers on hover.
 */
export function StackedBarChart({ title, description, categories, axisLabel, categoryName, shaded, series, marker, height = 240, formatValue = String, formatTick = String }: StackedBarChartProps) {
  const id = useId();
  const frame = useRef<HTMLDivElement>(null);
  const width = useElementWidth(frame);
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const highest = Math.max(0, ...totals, ...(marker?.values.map((v) => v ?? 0) ?? []));
  const { top, ticks } = niceScale(highest);
  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.max(1, Math.min(44, band * 0.68));
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const every = Math.max(1, Math.ceil((categories.length * LABEL_WIDTH) / plotWidth));

  return (
    <div className="chart" ref={frame}>
      <svg width={width} height={height} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} className="chart-svg">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {shaded ? categories.map((c, i) => (shaded(c) ? <rect key={`shade-${c}`} className="chart-shade" x={MARGIN.left + i * band} y={MARGIN.top} width={band} height={plotHeight} /> : null)) : null}
        {ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(t)} y2={y(t)} />
            <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {formatTick(t)}
            </text>
          </g>
        ))}
        {categories.map((c, i) => {
          const x = MARGIN.left + i * band + (band - barWidth) / 2;
          let base = 0;
          const markerValue = marker?.values[i] ?? null;
          return (
            <g key={c}>
              {series.map((s) => {
                const value = s.values[i] ?? 0;
                if (value <= 0) return null;
                const rect = (
                  <rect key={s.name} x={x} y={y(base + value)} width={barWidth} height={Math.max(1, y(base) - y(base + value))} fill={s.colour} className="chart-bar">
                    <title>{`${categoryName(c)} · ${series.length > 1 ? `${s.name}: ` : ''}${formatValue(value)}`}</title>
                  </rect>
                );
                base += value;
                return rect;
              })}
              {markerValue !== null && marker ? (
                <line className="chart-marker" x1={x - 3} x2={x + barWidth + 3} y1={y(markerValue)} y2={y(markerValue)}>
                  <title>{`${categoryName(c)} · ${marker.name}: ${formatValue(markerValue)}`}</title>
                </line>
              ) : null}
              {i % every === 0 ? (
                <text className="chart-axis-label" x={MARGIN.left + i * band + band / 2} y={height - 8} textAnchor="middle">
                  {axisLabel(c)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line className="chart-baseline" x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(0)} y2={y(0)} />
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
            {marker ? <th scope="col">{marker.name}</th> : null}
            {series.length > 1 ? <th scope="col">Total</th> : null}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={c}>
              <th scope="row">{categoryName(c)}</th>
              {series.map((s) => (
                <td key={s.name}>{s.values[i] === null || s.values[i] === undefined ? '—' : formatValue(s.values[i]!)}</td>
              ))}
              {marker ? <td>{marker.values[i] === null || marker.values[i] === undefined ? '—' : formatValue(marker.values[i]!)}</td> : null}
              {series.length > 1 ? <td>{formatValue(totals[i]!)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The series' names and colours, under a chart. */
export function ChartLegend({ items, label }: { items: { name: string; colour: string; shape?: 'bar' | 'tick' }[]; label: string }) {
  return (
    <ul className="chart-legend" aria-label={label}>
      {items.map((item) => (
        <li key={item.name}>
          <span className={`chart-swatch${item.shape === 'tick' ? ' chart-swatch-tick' : ''}`} style={{ background: item.colour }} aria-hidden="true" />
          {item.name}
        </li>
      ))}
    </ul>
  );
}
