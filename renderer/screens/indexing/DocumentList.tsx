import { useEffect, useRef } from 'react';
import type { BatchDetail, BatchDocument } from '../../../shared/domain/batch.js';
import { documentStateNames } from '../../../shared/domain/document-state.js';
import { DeliveryStatus } from '../../components/DeliveryStatus.js';
import { DocumentStateBadge } from '../../components/DocumentStateBadge.js';
import { plural } from '../../lib/format.js';

/** The batch's documents, with how far indexing has got; the current one kept in view. */
export function DocumentList({ batch, current, onSelect, counts }: { batch: BatchDetail; current: string; onSelect(d: BatchDocument): void; counts: BatchDetail['indexing'] | null }) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <section className="ix-docs" aria-labelledby="ix-docs-title">
      <h2 id="ix-docs-title" className="ix-section-title">
        Documents
      </h2>
      {counts ? (
        <p className="ix-counts" aria-label="Indexing progress of the batch">
          <span>
            <strong>{counts.confirmed}</strong> of {counts.total} confirmed
          </span>
          {counts.toDo > 0 ? <span>{counts.toDo} to do</span> : null}
          {counts.ready > 0 ? <span>{counts.ready} ready</span> : null}
          {counts.blocked > 0 ? <span className="ix-blocked-count">{counts.blocked} blocked</span> : null}
        </p>
      ) : null}
      <ol ref={listRef} className="doc-list">
        {batch.documents.map((d, i) => {
          const type = d.indexedDocType ?? null;
          return (
            <li key={d.id}>
              <button
                type="button"
                className={`doc-list-item ix-doc ix-doc-${d.state}`}
                aria-current={d.id === current ? 'true' : undefined}
                onClick={() => onSelect(d)}
                tabIndex={d.id === current ? 0 : -1}
                aria-label={`Document ${i + 1}, ${documentStateNames[d.state]}`}
              >
                <span className="doc-list-num">{i + 1}</span>
                <span className="doc-list-text">
                  <span className="doc-list-type">{type ? type.display : <span className="muted">{d.docType ? `${d.docType.display} (suggested)` : 'Type not set'}</span>}</span>
                  <span className="muted small">
                    {d.indexedPatientMrn ? <span className="mono">MRN {d.indexedPatientMrn}</span> : 'No patient yet'} · {plural(d.pageIds.length, 'page')}
                  </span>
                  {d.delivery ? <DeliveryStatus delivery={d.delivery} inline showBadge={false} /> : null}
                  {d.review?.state === 'rejected' && d.status !== 'confirmed' ? <span className="ix-returned small">Sent back by QC review</span> : null}
                </span>
                <DocumentStateBadge state={d.state} />
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
