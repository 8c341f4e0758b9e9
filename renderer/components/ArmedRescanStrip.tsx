import { useState } from 'react';
import { rescanMarkSentence } from '../../shared/domain/rescan.js';
import { useRescan } from '../stores/rescan.js';
import { indexHref } from '../stores/router.js';
import { Button } from './Button.js';
import '../styles/station-day.css';

/**
 * On every screen while a rescan mark is armed: the next file dropped at this station goes into
 * a document instead of becoming a batch, so whoever scans next must know, and can cancel it.
 */
export function ArmedRescanStrip() {
  const mark = useRescan((s) => s.armed);
  const [error, setError] = useState<string | null>(null);
  if (!mark) return null;
  return (
    <section className="sd-armed" aria-label="Next scan" role="status">
      <span className="sd-armed-text">
        <strong>Next scan:</strong> {rescanMarkSentence(mark)}, not a new batch <span className="sd-armed-by">(marked by {mark.markedBy})</span>
      </span>
      {mark.documentId ? (
        <a className="btn btn-ghost btn-sm" href={indexHref(mark.batchId, mark.documentId)}>
          Open the document
        </a>
      ) : null}
      <Button
        size="sm"
        onClick={async () => {
          const result = await useRescan.getState().cancel(mark.id);
          setError(result.ok ? null : result.message);
        }}
      >
        Cancel the mark
      </Button>
      {error ? <span className="sd-armed-error">{error}</span> : null}
    </section>
  );
}
