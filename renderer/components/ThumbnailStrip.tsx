import { useEffect, useRef } from 'react';
import type { Page } from '../../shared/domain/batch.js';
import { pageImageUrl } from '../api/client.js';

/** The pages of a batch, top to bottom; the current one is marked and kept in view. */
export function ThumbnailStrip({ pages, current, onSelect, showFile }: { pages: Page[]; current: number; onSelect: (sequence: number) => void; showFile?: (page: Page) => string | null }) {
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  return (
    <nav className="thumbs" aria-label="Pages">
      <ol ref={listRef} className="thumbs-list">
        {pages.map((page) => {
          const selected = page.sequence === current;
          const file = showFile?.(page) ?? null;
          return (
            <li key={page.id}>
              <button
                type="button"
                className="thumb"
                aria-current={selected ? 'page' : undefined}
                aria-label={`Page ${page.sequence}`}
                onClick={() => onSelect(page.sequence)}
                tabIndex={selected ? 0 : -1}
              >
                <span className="thumb-frame" style={{ aspectRatio: `${page.width} / ${page.height}` }}>
                  <img src={pageImageUrl(page.id, 'thumb')} alt={`Page ${page.sequence}`} loading="lazy" decoding="async" draggable={false} />
                </span>
                <span className="thumb-caption">
                  <span className="thumb-number">{page.sequence}</span>
                  <span className="thumb-source">
                    source page {page.sourcePageNumber}
                    {file ? <span className="thumb-file"> · {file}</span> : null}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
