import { DocumentStateBadge } from './DocumentStateBadge.js';
import { type CSSProperties, memo, useCallback, useEffect, useRef } from 'react';
import type { BatchDetail, BatchDocument, Page } from '../../shared/domain/batch.js';
import { DeliveryStatus } from './DeliveryStatus.js';
import { PurgedThumbnail } from './PurgedPage.js';
import { pageImageUrl } from '../api/client.js';
import { plural } from '../lib/format.js';
import { formatServiceDate, imageRevision, pageFailed, patientSourceText, shownSize, stripItems } from '../lib/recognition.js';
import { stripItemKeys } from '../lib/strip-keys.js';
import '../styles/thumb-strip.css';

/**
 * The pages of a batch, top to bottom, grouped by the documents recognition found. Sheets that
 * belong to no document (separators, cover sheets, blank pages) stay in place, set aside.
 * The current page is marked and kept in view. A back-scanning box has 500 pages: only the
 * thumbnails near the view are laid out and painted (see thumb-strip.css), and a thumbnail
 * renders again only when what it shows changes, not on every recognition event of the batch.
 */
export function ThumbnailStrip({ batch, current, onSelect, showFile }: { batch: BatchDetail; current: number; onSelect: (sequence: number) => void; showFile?: (page: Page) => string | null }) {
  const listRef = useRef<HTMLDivElement>(null);
  // One callback for the whole life of the strip, so the screen's new one each render does not redraw every thumbnail.
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;
  const select = useCallback((sequence: number) => selectRef.current(sequence), []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const items = stripItems(batch);
  const documentCount = batch.documents.length;
  const thumb = (page: Page, aside: string | null = null) => (
    <Thumb key={page.id} page={page} selected={page.sequence === current} onSelect={select} file={showFile?.(page) ?? null} aside={aside} purgeAfterDays={batch.purgeAfterDays} />
  );

  const keys = stripItemKeys(items);
  return (
    <nav className="thumbs" aria-label="Pages">
      <div ref={listRef} className="thumbs-list">
        {items.map((item, i) => {
          // The group's key, and the id of its heading.
          const headingId = keys[i]!;
          switch (item.kind) {
            case 'document': {
              return (
                <section key={headingId} className="thumb-group" aria-labelledby={headingId}>
                  <DocumentHeader id={headingId} document={item.document} index={item.index} count={documentCount} continued={item.continued} />
                  <ol className="thumb-pages">
                    {item.entries.map((e) => (
                      <li key={e.page.id} className={`thumb-slot${e.aside ? ' thumb-aside-inline' : ''}`} style={slotSize(e.page)}>
                        {thumb(e.page, e.aside)}
                      </li>
                    ))}
                  </ol>
                </section>
              );
            }
            case 'aside':
              return (
                <div key={headingId} className="thumb-aside thumb-slot" style={slotSize(item.page)}>
                  {thumb(item.page, item.label)}
                </div>
              );
            case 'loose': {
              const checking = item.pages.some((p) => p.recognition.fastStatus === 'pending');
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
                  <ol className="thumb-pages">
                    {item.pages.map((p) => (
                      <li key={p.id} className="thumb-slot" style={slotSize(p)}>
                        {thumb(p)}
                      </li>
                    ))}
                  </ol>
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

/** Frame width and tallest frame of a thumbnail (screens.css .thumb-frame), and its padding and caption. */
const FRAME_WIDTH = 112;
const FRAME_MAX_HEIGHT = 180;
const CAPTION_AND_PADDING = 52;

/** The height a thumbnail not laid out yet stands in for, from its page's shape, so the scrollbar does not jump as thumbnails come into view. */
function slotSize(page: Page): CSSProperties {
  const size = shownSize(page);
  const frame = Math.min(FRAME_MAX_HEIGHT, Math.round((FRAME_WIDTH * size.height) / Math.max(1, size.width)));
  return { containIntrinsicSize: `auto ${frame + CAPTION_AND_PADDING}px` };
}

type ThumbProps = {
  page: Page;
  selected: boolean;
  onSelect: (sequence: number) => void;
  file: string | null;
  aside: string | null;
  purgeAfterDays: number;
};

/** What a thumbnail shows: it renders again only when one of these changes (the batch detail is rebuilt on every recognition event). */
const sameThumb = (a: ThumbProps, b: ThumbProps): boolean =>
  a.selected === b.selected &&
  a.onSelect === b.onSelect &&
  a.file === b.file &&
  a.aside === b.aside &&
  a.purgeAfterDays === b.purgeAfterDays &&
  a.page.id === b.page.id &&
  a.page.sequence === b.page.sequence &&
  a.page.sourcePageNumber === b.page.sourcePageNumber &&
  a.page.deleted === b.page.deleted &&
  a.page.purged === b.page.purged &&
  a.page.clerkRotation === b.page.clerkRotation &&
  imageRevision(a.page) === imageRevision(b.page) &&
  pageFailed(a.page.recognition) === pageFailed(b.page.recognition) &&
  shownSize(a.page).width === shownSize(b.page).width &&
  shownSize(a.page).height === shownSize(b.page).height;

const Thumb = memo(ThumbView, sameThumb);

function ThumbView({ page, selected, onSelect, file, aside, purgeAfterDays }: ThumbProps) {
  const size = shownSize(page);
  const failed = pageFailed(page.recognition);
  const shown = page.deleted
    ? `Page ${page.sequence}, deleted`
    : aside
      ? `Page ${page.sequence}, ${aside.toLowerCase().replace(' (set aside)', '')}, set aside`
      : failed
        ? `Page ${page.sequence}, not read automatically`
        : `Page ${page.sequence}`;
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
