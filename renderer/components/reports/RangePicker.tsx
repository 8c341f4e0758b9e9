import { type ReactNode, useEffect, useState } from 'react';
import { ReportRange } from '../../../shared/domain/reports.js';
import { lastDays } from '../../lib/reports.js';
import { Button } from '../Button.js';

const presets = [7, 14, 30] as const;

/**
 * First and last day of the report. A complete, sensible range is applied as soon as it is
 * typed or picked; until then the field says what is wrong and the report stays as it was.
 */
export function RangePicker({
  range,
  onChange,
  serverErrors,
  children,
}: {
  range: ReportRange;
  onChange(range: ReportRange): void;
  serverErrors: Record<string, string>;
  /** More controls on the same row (Refresh). */
  children?: ReactNode;
}) {
  const [draft, setDraft] = useState(range);
  useEffect(() => setDraft(range), [range]);
  const checked = ReportRange.safeParse(draft);
  const problem = checked.success ? (serverErrors.to ?? serverErrors.from ?? null) : (checked.error.issues[0]?.message ?? null);

  const change = (next: ReportRange) => {
    setDraft(next);
    if (ReportRange.safeParse(next).success && (next.from !== range.from || next.to !== range.to)) onChange(next);
  };
  const preset = presets.find((days) => {
    const r = lastDays(days);
    return r.from === range.from && r.to === range.to;
  });

  return (
    <div className="range-picker" role="group" aria-label="Days of the report">
      <DayField label="From" value={draft.from} max={draft.to} onChange={(from) => change({ ...draft, from })} invalid={Boolean(problem)} />
      <DayField label="To" value={draft.to} min={draft.from} onChange={(to) => change({ ...draft, to })} invalid={Boolean(problem)} />
      <div className="range-presets" role="group" aria-label="Quick ranges">
        {presets.map((days) => (
          <Button key={days} size="sm" variant={preset === days ? 'primary' : 'ghost'} aria-pressed={preset === days} onClick={() => change(lastDays(days))}>
            {days} days
          </Button>
        ))}
      </div>
      {children}
      {problem ? (
        <p className="field-error range-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The first or last day; `min` and `max` (the other end of the range) bound the browser's picker once typed. */
function DayField({ label, value, min, max, onChange, invalid }: { label: string; value: string; min?: string; max?: string; onChange(day: string): void; invalid: boolean }) {
  return (
    <label className="range-field">
      <span className="field-label">{label}</span>
      <input type="date" className="input" value={value} min={min || undefined} max={max || undefined} required onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} />
    </label>
  );
}
