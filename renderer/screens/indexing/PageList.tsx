import { useEffect, useRef } from 'react';
import type { Page } from '../../../shared/domain/batch.js';
import type { QcFinding } from '../../../shared/domain/indexing.js';
import { pageImageUrl } from '../../api/client.js';
import { Badge } from '../../components/Badge.js';
import { Button } from '../../components/Button.js';
import { PurgedThumbnail } from '../../components/PurgedPage.js';
import { imageRevision, shownSize } from '../../lib/recognition.js';

/** The pages of the current document as thumbnails; those with a blocking finding are marked. */
export function DocumentPages({ pages, current, onSelect, findings, docNumber }: { pages: Page[]; current: number; onSelect(i: number): void; findings: QcFinding[]; docNumber: number }) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  const flagged = new Set(findings.filter((f) => f.severity === 'blocking' && !f.override).flatMap((f) => f.pageIds));
  return (
    <section className="ix-pages" aria-labelledby="ix-pages-title">
      <h2 id="ix-pages-title" className="ix-section-title">
        Pages of document {docNumber}
      </h2>
      <ol ref={listRef} className="ix-thumbs">
        {pages.map((p, i) => (
          <li key={p.id}>
            <button
              type="button"
              className={`thumb ix-thumb${flagged.has(p.id) ? ' ix-thumb-flagged' : ''}`}
              aria-current={i === current ? 'page' : undefined}
              aria-label={`Page ${i + 1} of ${pages.length} (batch page ${p.sequence})${flagged.has(p.id) ? ', has a blocking finding' : ''}`}
              tabIndex={i === current ? 0 : -1}
              onClick={() => onSelect(i)}
            >
              <Thumbnail page={p} />
              <span className="thumb-caption">
                <span className="thumb-number">{i + 1}</span>
                <span className="thumb-source">batch page {p.sequence}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A page's thumbnail, turned as the clerk turned the page, in a frame of its shape. */
function Thumbnail({ page }: { page: Page }) {
  const size = shownSize(page);
  const quarter = page.clerkRotation === 90 || page.clerkRotation === 270;
  const ratio = quarter ? `${size.height} / ${size.width}` : `${size.width} / ${size.height}`;
  return (
    <span className="thumb-frame ix-thumb-frame" style={{ aspectRatio: ratio }}>
      {page.purged ? (
        <PurgedThumbnail />
      ) : (
        <img
          key={imageRevision(page)}
          src={pageImageUrl(page.id, 'thumb', imageRevision(page))}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          style={page.clerkRotation ? { transform: `rotate(${page.clerkRotation}deg)${quarter ? ` scale(${Math.min(size.width, size.height) / Math.max(size.width, size.height)})` : ''}` } : undefined}
        />
      )}
    </span>
  );
}

/** Pages deleted from the batch's documents, kept until the batch is closed; each can come back here. */
export function DeletedTray({ pages, onRestore, disabled }: { pages: Page[]; onRestore(page: Page): void; disabled: boolean }) {
  return (
    <section className="ix-deleted" aria-labelledby="ix-deleted-title">
      <h2 id="ix-deleted-title" className="ix-section-title">
        Deleted pages <Badge>{pages.length}</Badge>
      </h2>
      <p className="muted small">Kept until the batch is closed. Ctrl+Z undoes the last change.</p>
      <ul className="ix-deleted-list">
        {pages.map((p) => (
          <li key={p.id} className="ix-deleted-item">
            <Thumbnail page={p} />
            <span className="small">Batch page {p.sequence}</span>
            <Button size="sm" icon="restore" onClick={() => onRestore(p)} disabled={disabled} aria-label={`Restore batch page ${p.sequence} to this document`}>
              Restore here
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
