import { useId } from 'react';

export interface BarListRow {
  label: string;
  /** Drawn left to right; a row of one segment is a plain bar. */
  segments: { name: string; value: number; colour: string }[];
  /** The figure printed after the bar ("33% · 2 of 6"). */
  valueText: string;
  /** What a screen reader hears for the row; defaults to label and value. */
  spoken?: string;
}

/**
 * Horizontal bars, one per row, labelled in HTML so long names wrap or clip as text does; the
 * bars are SVG scaled to `max` (a rate's 100%, or the largest row). The list is the text
 * alternative: each row reads as its label and figures.
 */
export function BarList({ title, description, rows, max, className }: { title: string; description: string; rows: BarListRow[]; max?: number; className?: string }) {
  const id = useId();
  const scale = max ?? Math.max(1, ...rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0)));
  return (
    <figure className={`bar-list${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
      <figcaption id={`${id}-title`} className="visually-hidden">
        {title}
      </figcaption>
      <p id={`${id}-desc`} className="visually-hidden">
        {description}
      </p>
      <ul>
        {rows.map((row) => {
          let offset = 0;
          return (
            <li key={row.label} className="bar-list-row" aria-label={row.spoken ?? `${row.label}: ${row.valueText}`}>
              <span className="bar-list-label" title={row.label} aria-hidden="true">
                {row.label}
              </span>
              <svg className="bar-list-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect className="bar-list-bg" x={0} y={0} width={100} height={10} />
                {row.segments.map((s) => {
                  const width = (s.value / scale) * 100;
                  const rect = width > 0 ? <rect key={s.name} x={offset} y={0} width={Math.max(0.6, width)} height={10} fill={s.colour} /> : null;
                  offset += width;
                  return rect;
                })}
              </svg>
              <span className="bar-list-value" aria-hidden="true">
                {row.valueText}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
