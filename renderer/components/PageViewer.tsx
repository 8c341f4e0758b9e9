import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Page } from '../../shared/domain/batch.js';
import { pageImageUrl } from '../api/client.js';
import { maxScale, minScale, useViewer } from '../stores/viewer.js';
import { Spinner } from './Spinner.js';

const PADDING = 24;

/** The large view of one page, scaled to the chosen zoom. */
export function PageViewer({ page, pageCount, nextPage }: { page: Page; pageCount: number; nextPage: Page | null }) {
  const zoom = useViewer((s) => s.zoom);
  const setEffectiveScale = useViewer((s) => s.setEffectiveScale);
  const canvasRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const [state, setState] = useState<{ pageId: string; status: 'loading' | 'loaded' | 'error' }>({ pageId: page.id, status: 'loading' });
  const status = state.pageId === page.id ? state.status : 'loading';

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
    if (!nextPage) return;
    const img = new Image();
    img.src = pageImageUrl(nextPage.id, 'view');
  }, [nextPage]);

  const availableWidth = Math.max(50, box.width - PADDING * 2);
  const availableHeight = Math.max(50, box.height - PADDING * 2);
  const scale =
    zoom.mode === 'fit-width'
      ? availableWidth / page.width
      : zoom.mode === 'fit-page'
        ? Math.min(availableWidth / page.width, availableHeight / page.height)
        : zoom.scale;
  const clamped = Math.max(minScale / 4, Math.min(maxScale, scale));

  useEffect(() => {
    if (box.width > 0) setEffectiveScale(clamped);
  }, [clamped, box.width, setEffectiveScale]);

  const width = Math.round(page.width * clamped);
  const height = Math.round(page.height * clamped);

  return (
    <div ref={canvasRef} className="viewer-canvas" tabIndex={-1}>
      <div className="viewer-sheet" style={{ width, height }} data-status={status}>
        {status === 'error' ? (
          <p className="viewer-error" role="alert">
            The page image could not be loaded.
          </p>
        ) : null}
        <img
          key={page.id}
          className={`viewer-image${page.colorMode === 'bilevel' ? ' viewer-image-bilevel' : ''}`}
          src={pageImageUrl(page.id, 'view')}
          alt={`Page ${page.sequence} of ${pageCount}`}
          width={width}
          height={height}
          draggable={false}
          onLoad={() => setState({ pageId: page.id, status: 'loaded' })}
          onError={() => setState({ pageId: page.id, status: 'error' })}
        />
        {status === 'loading' ? (
          <div className="viewer-loading">
            <Spinner />
          </div>
        ) : null}
      </div>
    </div>
  );
}
