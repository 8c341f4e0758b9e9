import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { BarcodeOnPage, Page } from '../../shared/domain/batch.js';
import { pageImageUrl } from '../api/client.js';
import { barcodeFormatName, imageRevision, LOW_CONFIDENCE, shownSize } from '../lib/recognition.js';
import { useIntegrity } from '../stores/integrity.js';
import { maxScale, minScale, useViewer } from '../stores/viewer.js';
import { PurgedPageNotice } from './PurgedPage.js';
import { Spinner } from './Spinner.js';

const PADDING = 24;
const CSS_PIXELS_PER_INCH = 96;

type Box = BarcodeOnPage['box'];
export interface WordBox {
  text: string;
  confidence: number;
  box: Box;
}

/** An identifier recognised on the page (indexing): drawn over it, named for screen readers. */
export interface Highlight {
  kind: 'mrn' | 'name' | 'birth-date' | 'barcode';
  label: string;
  box: Box;
}

/**
 * The large view of one page, scaled to the chosen zoom. Barcode and word outlines are drawn
 * over it in the upright image's pixels, as shares of the page, so they follow any zoom.
 */
export function PageViewer({
  page,
  pageCount,
  nextPage,
  barcodes = null,
  words = null,
  highlights = null,
  rotation = 0,
  label,
  purgeAfterDays = null,
}: {
  page: Page;
  pageCount: number;
  nextPage: Page | null;
  /** Outlines to draw, or null to draw none. */
  barcodes?: BarcodeOnPage[] | null;
  words?: WordBox[] | null;
  highlights?: Highlight[] | null;
  /** A further clockwise turn (the clerk's), shown by turning the upright image. */
  rotation?: 0 | 90 | 180 | 270;
  /** The image's accessible name (default "Page N of M"). */
  label?: string;
  /** The station's retention, said on the placeholder of a purged page. */
  purgeAfterDays?: number | null;
}) {
  const zoom = useViewer((s) => s.zoom);
  const setEffectiveScale = useViewer((s) => s.setEffectiveScale);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const imageKey = `${page.id}:${imageRevision(page)}`;
  const [state, setState] = useState<{ key: string; status: 'loading' | 'loaded' | 'error' }>({ key: imageKey, status: 'loading' });
  const tampered = useIntegrity((s) => s.tamperedPages.has(page.id));
  // A purged page has no image to wait for: its placeholder is what there is to see.
  const status = page.purged ? 'purged' : state.key === imageKey ? state.status : 'loading';

  useLayoutEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const measure = () => setBox({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Ctrl + wheel zooms, as in other document viewers (needs a non-passive listener).
  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const viewer = useViewer.getState();
      if (event.deltaY < 0) viewer.zoomIn();
      else viewer.zoomOut();
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // A new page starts at its top.
  useEffect(() => {
    canvasRef.current?.scrollTo({ top: 0, left: 0 });
  }, [page.id]);

  // Fetch the next page ahead, so paging forward is instant.
  useEffect(() => {
    if (!nextPage || nextPage.purged) return;
    const img = new Image();
    img.src = pageImageUrl(nextPage.id, 'view', imageRevision(nextPage));
  }, [nextPage]);

  const upright = shownSize(page);
  const quarter = rotation === 90 || rotation === 270;
  // Fit and zoom work on the page as the clerk sees it: a quarter turn swaps its sides.
  const size = quarter ? { width: upright.height, height: upright.width } : upright;
  const revision = imageRevision(page);

  const availableWidth = Math.max(50, box.width - PADDING * 2);
  const availableHeight = Math.max(50, box.height - PADDING * 2);
  // Zoom is a share of the paper's own size (100%: as large as the sheet, at 96 CSS pixels to the
  // inch), not of the image's pixels: a 300-dpi scan at "25%" of its pixels is a readable page.
  const imagePixelsPerInch = (page.dpi * Math.max(upright.width, upright.height)) / Math.max(page.width, page.height);
  const paperSize = imagePixelsPerInch > 0 ? CSS_PIXELS_PER_INCH / imagePixelsPerInch : 1;
  const scale = zoom.mode === 'fit-width' ? availableWidth / size.width : zoom.mode === 'fit-page' ? Math.min(availableWidth / size.width, availableHeight / size.height) : zoom.scale * paperSize;
  const ofPaper = Math.max(minScale / 4, Math.min(maxScale, scale / paperSize));
  const clamped = ofPaper * paperSize;

  useEffect(() => {
    if (box.width > 0) setEffectiveScale(ofPaper);
  }, [ofPaper, box.width, setEffectiveScale]);

  const width = Math.round(size.width * clamped);
  const height = Math.round(size.height * clamped);
  // The image and its marks are laid out upright, then turned as one about the sheet's centre.
  const innerWidth = quarter ? height : width;
  const innerHeight = quarter ? width : height;
  const turn = rotation === 0 ? undefined : { width: innerWidth, height: innerHeight, left: (width - innerWidth) / 2, top: (height - innerHeight) / 2, transform: `rotate(${rotation}deg)` };
  const place = (box: Box) => ({
    left: `${(box.x / upright.width) * 100}%`,
    top: `${(box.y / upright.height) * 100}%`,
    width: `${(box.width / upright.width) * 100}%`,
    height: `${(box.height / upright.height) * 100}%`,
  });

  return (
    // Focusable (Tab reaches it): a page larger than the view scrolls, and the keyboard must reach that too.
    <div ref={canvasRef} className="viewer-canvas" tabIndex={0} role="region" aria-label="Page view">
      <div className="viewer-sheet" style={{ width, height }} data-status={status}>
        {status === 'error' ? (
          <p className="viewer-error" role="alert">
            {tampered
              ? "This page's stored image failed its integrity check: it was changed on disk, or the disk is damaged. Do not index this page; tell your administrator (the station recorded it in the audit trail)."
              : 'The page image could not be loaded.'}
          </p>
        ) : null}
        {status === 'purged' ? <PurgedPageNotice retentionDays={purgeAfterDays} /> : null}
        <div className="viewer-turn" style={turn}>
          {status === 'purged' ? null : (
            <img
              key={imageKey}
              className={`viewer-image${page.colorMode === 'bilevel' ? ' viewer-image-bilevel' : ''}`}
              src={pageImageUrl(page.id, 'view', revision)}
              alt={label ?? `Page ${page.sequence} of ${pageCount}`}
              width={innerWidth}
              height={innerHeight}
              draggable={false}
              onLoad={() => setState({ key: imageKey, status: 'loaded' })}
              onError={() => setState({ key: imageKey, status: 'error' })}
            />
          )}
          {words && words.length > 0 && status === 'loaded' ? (
            <div className="page-marks" aria-hidden="true">
              {words.map((w, i) => (
                <span key={i} className={`word-box${w.confidence < LOW_CONFIDENCE ? ' word-box-low' : ''}`} style={place(w.box)} title={`${w.text} (${Math.round(w.confidence)}%)`} />
              ))}
            </div>
          ) : null}
          {barcodes && status === 'loaded' ? (
            <ul className="page-marks" aria-label="Barcode outlines">
              {barcodes.map((b, i) => (
                <li key={i} className="barcode-box" style={place(b.box)} aria-label={`${barcodeFormatName(b.format)}: ${b.text}`}>
                  <span className="barcode-tag" aria-hidden="true">
                    {barcodeFormatName(b.format)}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {highlights && highlights.length > 0 && status === 'loaded' ? (
            <ul className="page-marks" aria-label="Identifiers on the page">
              {highlights.map((h, i) => (
                <li key={i} className={`id-box id-box-${h.kind}`} style={place(h.box)} aria-label={h.label} title={h.label} />
              ))}
            </ul>
          ) : null}
        </div>
        {status === 'loading' ? (
          <div className="viewer-loading">
            <Spinner />
          </div>
        ) : null}
      </div>
    </div>
  );
}
