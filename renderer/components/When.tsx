import { formatFull, formatWhen } from '../lib/format.js';

/** A local, readable time; the full date and time on hover. */
export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={formatFull(iso)}>
      {formatWhen(iso)}
    </time>
  );
}
