export function Spinner({ label, size = 'md' }: { label?: string; size?: 'sm' | 'md' }) {
  return label ? (
    <span className="spinner-wrap" role="status">
      <span className={`spinner spinner-${size}`} aria-hidden="true" />
      <span>{label}</span>
    </span>
  ) : (
    <span className={`spinner spinner-${size}`} aria-hidden="true" />
  );
}

/** Indeterminate when `value` is absent (the station does not know how long a file takes). */
export function ProgressBar({ label, value }: { label: string; value?: number }) {
  const determinate = typeof value === 'number';
  return (
    <div
      className={`progress${determinate ? '' : ' progress-indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? 100 : undefined}
      aria-valuenow={determinate ? Math.round(value * 100) : undefined}
    >
      <div className="progress-fill" style={determinate ? { width: `${Math.max(0, Math.min(1, value)) * 100}%` } : undefined} />
    </div>
  );
}
