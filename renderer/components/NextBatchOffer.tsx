import { useEffect, useRef, useState } from 'react';
import type { BatchSummary } from '../../shared/domain/batch.js';
import { nextBatchToIndex } from '../../shared/domain/document-state.js';
import { call } from '../api/client.js';
import { plural } from '../lib/format.js';
import { batchListLimit } from '../stores/batches.js';
import { Button } from './Button.js';
import { When } from './When.js';

/**
 * Shown once every document of the batch is confirmed: the next batch still to index, taken with
 * one key (Enter: the button has the focus when the clerk has just confirmed the last document).
 */
export function NextBatchOffer({ batchId, label, focus, onTake }: { batchId: string; label: string; focus: boolean; onTake(batchId: string): void }) {
  const [next, setNext] = useState<BatchSummary | null | undefined>(undefined);
  const boxRef = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    void call('batches.list', { limit: batchListLimit, filter: 'to-index' }).then((result) => {
      if (live) setNext(result.ok ? nextBatchToIndex(result.value.batches, batchId) : null);
    });
    return () => {
      live = false;
    };
  }, [batchId]);

  useEffect(() => {
    if (focus && next) boxRef.current?.querySelector('button')?.focus();
  }, [focus, next]);

  if (next === undefined) return null;
  const work = next
    ? [
        next.indexing.toDo > 0 ? `${next.indexing.toDo} to do` : null,
        next.indexing.ready > 0 ? `${next.indexing.ready} ready` : null,
        next.indexing.blocked > 0 ? `${next.indexing.blocked} blocked` : null,
      ].filter(Boolean)
    : [];
  return (
    <section ref={boxRef} className="ix-next-batch" aria-label="Next batch">
      <p className="small">
        <strong>Every document of {label} is confirmed.</strong>{' '}
        {next ? (
          <>
            Next: <strong>{next.label}</strong>, {work.length > 0 ? work.join(', ') : next.documentCount > 0 ? plural(next.documentCount, 'document') : 'pages still being checked'} · received{' '}
            <When iso={next.createdAt} />
          </>
        ) : (
          'No other batch is waiting to be indexed.'
        )}
      </p>
      {next ? (
        <Button variant="primary" icon="index" onClick={() => onTake(next.id)}>
          Index {next.label} <kbd className="kbd-on-primary">Enter</kbd>
        </Button>
      ) : null}
    </section>
  );
}
