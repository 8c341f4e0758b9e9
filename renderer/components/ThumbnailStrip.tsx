import { DocumentStateBadge } from './DocumentStateBadge.js';
import { useEffect, useRef } from 'react';
import type { BatchDetail, BatchDocument, Page } from '../../shared/domain/batch.js';
import { DeliveryStatus } from './DeliveryStatus.js';
import { PurgedThumbnail } from './PurgedPage.js';
import { pageImageUrl } from '../api/client.js';
import { plural } from '../lib/format.js';
import { formatServiceDate, imageRevision, pageFailed, patientSourceText, shownSize, stripItems } from '../lib/recognition.js';

/**
 * The pages of a batch, top to bottom, grouped by the documents recognition found. Sheets that
 * belong to no document (separators, cover sheets, blank pages) stay in place, set aside.
 * The current page is marked and kept in view.
 */
export function ThumbnailStrip({ batch, current, onSelect, showFile }: { batch: BatchDetail; current: number; onSelect: (sequence: number) => void; showFile?: (page: Page) => string | null }) {
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const items = stripItems(batch);
  const documentCount = batch.documents.length;
  const thumb = (page: Page, aside: string | null = null) => (
    <Thumb key={page.id} page={page} selected={page.sequence === current} onSelect={onSelect} file={showFile?.(page) ?? null} aside={aside} purgeAfterDays={batch.purgeAfterDays} />
  );

  return (
    <nav className="thumbs" aria-label="Pages">
      <div ref={listRef} className="thumbs-list">
        {items.map((item) => {
          switch (item.kind) {
            case 'document': {
              const headingId = `doc-${item.document.id}${item.continued ? `-${item.entries[0]?.page.id ?? ''}` : ''}`;
              return (
                <section key={headingId} className="thumb-group" aria-labelledby={headingId}>
                  <DocumentHeader id={headingId} document={item.document} index={item.index} count={documentCount} continued={item.continued} />
                  <ol className="thumb-pages">
                    {item.entries.map((e) => (
                      <li key={e.page.id} className={e.aside ? 'thumb-aside-inline' : undefined}>
                        {thumb(e.page, e.aside)}
                      </li>
                    ))}
                  </ol>
                </section>
              );
            }
            case 'aside':
              return (
                <div key={item.page.id} className="thumb-aside">
                  {thumb(item.page, item.label)}
                </div>
              );
            case 'loose': {
              const checking = item.pages.some((p) => p.recognition.fastStatus === 'pending');
              const headingId = `loose-${item.pages[0]?.id ?? ''}`;
              return (
                <section key={headingId} className="thumb-group thumb-group-loose" aria-labelledby={headingId}>
                  {documentCount > 0 || checking ? (
                    <header className="doc-head">
                      <h2 id={headingId} className="doc-title">
                        {checking ? 'Not sorted yet' : 'Not in a document'}
                      </h2>
                      <p className="doc-line muted">{checking ? 'Checking these pages…' : plural(item.pages.length, 'page')}</p>
                    </header>
                  ) : (
                    <h2 id={headingId} className="visually-hidden">
                      Pages
                    </h2>
                  )}
                  <ol className="thumb-pages">{item.pages.map((p) => <li key={p.id}>{thumb(p)}</li>)}</ol>
                </section>
              );
            }
          }
        })}
      </div>
    </nav>
  );
}

function DocumentHeader({ id, document, index, count, continued }: { id: string; document: BatchDocument; index: number; count: number; continued: boolean }) {
  const date = formatServiceDate(document.dateOfService);
  return (
    <header className="doc-head">
      <h2 id={id} className="doc-title">
        Document {index + 1} of {count}
        {continued ? ' (continued)' : ''}
      </h2>
      {document.patient ? (
        <p className="doc-line">
          <span className="doc-mrn">MRN {document.patient.mrn}</span> <span className="muted">{patientSourceText(document.patient.source)}</span>
        </p>
      ) : (
        <p className="doc-line muted">No patient found</p>
      )}
      <p className="doc-line">{document.docType ? document.docType.display : <span className="muted">Type not known</span>}</p>
      {date ? <p className="doc-line muted">Date of service {date}</p> : null}
      <p className="doc-line muted">{plural(document.pageIds.length, 'page')}</p>
      {!document.complete ? <p className="doc-line doc-reading">still reading…</p> : null}
      {/* Once it is on its way out, the delivery line below says where it stands (with the reason of a problem). */}
      {document.delivery ? null : (
        <p className="doc-line">
          <DocumentStateBadge state={document.state} />
        </p>
      )}
      {document.delivery ? (
        <p className="doc-line doc-delivery">
          <DeliveryStatus delivery={document.delivery} />
        </p>
      ) : null}
    </header>
  );
}

function Thumb({
  page,
  selected,
  onSelect,
  file,
  aside,
  purgeAfterDays,
}: {
  page: Page;
  selected: boolean;
  onSelect: (sequence: number) => void;
  file: string | null;
  aside: string | null;
  purgeAfterDays: number;
}) {
  const size = shownSize(page);
  const failed = pageFailed(page.recognition);
  const shown = page.deleted ? `Page ${page.sequence}, deleted` : aside ? `Page ${page.sequence}, ${aside.toLowerCase().replace(' (set aside)', '')}, set aside` : failed ? `Page ${page.sequence}, not read automatically` : `Page ${page.sequence}`;
  return (
    <button
      type="button"
      className={`thumb${aside ? ' thumb-set-aside' : ''}${failed ? ' thumb-failed' : ''}`}
      aria-current={selected ? 'page' : undefined}
      aria-label={page.purged ? `${shown}, image removed after delivery` : shown}
      onClick={() => onSelect(page.sequence)}
      tabIndex={selected ? 0 : -1}
    >
      <span className="thumb-frame" style={{ aspectRatio: `${size.width} / ${size.height}` }}>
        {page.purged ? (
          <PurgedThumbnail retentionDays={purgeAfterDays} />
        ) : (
          <img
            key={imageRevision(page)}
            src={pageImageUrl(page.id, 'thumb', imageRevision(page))}
            alt={`Page ${page.sequence}`}
            loading="lazy"
            decoding="async"
            draggable={false}
            style={page.clerkRotation ? { transform: `rotate(${page.clerkRotation}deg)` } : undefined}
          />
        )}
      </span>
      <span className="thumb-caption">
        <span className="thumb-number">{page.sequence}</span>
        {aside ? <span className="thumb-aside-label">{aside}</span> : null}
        {failed ? <span className="thumb-failed-label">Not read automatically</span> : null}
        <span className="thumb-source">
          source page {page.sourcePageNumber}
          {file ? <span className="thumb-file"> · {file}</span> : null}
        </span>
      </span>
    </button>
  );
}
