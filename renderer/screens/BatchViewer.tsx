import { useEffect } from 'react';
import type { BatchDetail, Page } from '../../shared/domain/batch.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button, IconButton } from '../components/Button.js';
import { PageViewer } from '../components/PageViewer.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { ThumbnailStrip } from '../components/ThumbnailStrip.js';
import { When } from '../components/When.js';
import { colorModeName, formatBytes, formatName } from '../lib/format.js';
import { useKeys } from '../lib/keys.js';
import { useBatches } from '../stores/batches.js';
import { navigate } from '../stores/router.js';
import { useViewer } from '../stores/viewer.js';

export function BatchViewer({ batchId, page }: { batchId: string; page: number }) {
  const detail = useBatches((s) => (s.detail?.id === batchId ? s.detail : null));
  const loading = useBatches((s) => s.detailLoading);
  const error = useBatches((s) => s.detailError);
  const openBatch = useBatches((s) => s.openBatch);
  const viewer = useViewer();

  useEffect(() => {
    void openBatch(batchId);
  }, [batchId, openBatch]);

  const pages = detail?.pages ?? [];
  const current = Math.min(Math.max(1, page), Math.max(1, pages.length));
  const currentPage = pages[current - 1] ?? null;

  const goTo = (sequence: number) => {
    if (pages.length === 0) return;
    const next = Math.min(Math.max(1, sequence), pages.length);
    if (next !== page) navigate({ name: 'batch', batchId, page: next }, { replace: true });
  };
  const back = () => navigate({ name: 'batches' });

  useKeys((event) => {
    switch (event.key) {
      case 'Escape':
        back();
        return true;
      case 'PageDown':
      case 'ArrowDown':
      case 'j':
        goTo(current + 1);
        return true;
      case 'PageUp':
      case 'ArrowUp':
      case 'k':
        goTo(current - 1);
        return true;
      case 'Home':
        goTo(1);
        return true;
      case 'End':
        goTo(pages.length);
        return true;
      case '+':
      case '=':
        viewer.zoomIn();
        return true;
      case '-':
      case '_':
        viewer.zoomOut();
        return true;
      case '0':
        viewer.fitPage();
        return true;
      case 'w':
      case 'W':
        viewer.fitWidth();
        return true;
      default:
        return false;
    }
  });

  const title = detail?.label ?? 'Batch';

  return (
    <div className="screen screen-viewer">
      <header className="viewer-toolbar">
        <Button variant="ghost" size="sm" icon="back" onClick={back} aria-label="Back to batches" title="Back to batches (Esc)">
          Batches
        </Button>
        <h1 className="viewer-title">{title}</h1>
        {detail ? (
          <span className="viewer-file" title={detail.sourceFileName}>
            {detail.sourceFileName}
          </span>
        ) : null}
        <div className="toolbar-spacer" />
        {detail && pages.length > 0 ? (
          <>
            <div className="toolbar-group" role="group" aria-label="Page">
              <IconButton icon="prev" aria-label="Previous page" onClick={() => goTo(current - 1)} disabled={current <= 1} />
              <span className="toolbar-text" aria-live="polite">
                Page {current} of {pages.length}
              </span>
              <IconButton icon="next" aria-label="Next page" onClick={() => goTo(current + 1)} disabled={current >= pages.length} />
            </div>
            <div className="toolbar-group" role="group" aria-label="Zoom">
              <IconButton icon="zoomOut" aria-label="Zoom out" onClick={viewer.zoomOut} />
              <span className="toolbar-text zoom-value" aria-label="Zoom level">
                {Math.round(viewer.effectiveScale * 100)}%
              </span>
              <IconButton icon="zoomIn" aria-label="Zoom in" onClick={viewer.zoomIn} />
              <Button variant="ghost" size="sm" icon="fitWidth" aria-pressed={viewer.zoom.mode === 'fit-width'} onClick={viewer.fitWidth}>
                Fit width
              </Button>
              <Button variant="ghost" size="sm" icon="fitPage" aria-pressed={viewer.zoom.mode === 'fit-page'} onClick={viewer.fitPage}>
                Fit page
              </Button>
            </div>
          </>
        ) : null}
      </header>

      {error ? (
        <div className="screen-body">
          <Alert action={<Button size="sm" onClick={back}>Back to batches</Button>}>{error}</Alert>
        </div>
      ) : !detail ? (
        <div className="loading-block">{loading ? <Spinner label="Opening the batch…" /> : null}</div>
      ) : pages.length === 0 || !currentPage ? (
        <div className="screen-body">
          <Alert tone="warning">This batch has no pages.</Alert>
        </div>
      ) : (
        <div className="viewer">
          <ThumbnailStrip pages={pages} current={current} onSelect={goTo} showFile={detail.sourceFiles.length > 1 ? (p) => fileOf(detail, p)?.originalName ?? null : undefined} />
          <PageViewer page={currentPage} pageCount={pages.length} nextPage={pages[current] ?? null} />
          <PageDetails batch={detail} page={currentPage} />
        </div>
      )}

      <ShortcutLegend
        items={[
          { keys: ['PgDn', 'PgUp'], action: 'Page' },
          { keys: ['+', '-'], action: 'Zoom' },
          { keys: ['0'], action: 'Fit page' },
          { keys: ['W'], action: 'Fit width' },
          { keys: ['Esc'], action: 'Back' },
        ]}
      />
    </div>
  );
}

const fileOf = (batch: BatchDetail, page: Page) => batch.sourceFiles.find((f) => f.id === page.sourceFileId) ?? null;

function PageDetails({ batch, page }: { batch: BatchDetail; page: Page }) {
  const file = fileOf(batch, page);
  return (
    <aside className="details" aria-label="Page details">
      <section>
        <h2>Page {page.sequence}</h2>
        <dl className="props">
          <dt>Size</dt>
          <dd>
            {page.width} × {page.height} px
          </dd>
          <dt>Resolution</dt>
          <dd>{Math.round(page.dpi)} DPI</dd>
          <dt>Paper size</dt>
          <dd>{paperSize(page)}</dd>
          <dt>Colour</dt>
          <dd>{colorModeName(page.colorMode)}</dd>
          <dt>Source file</dt>
          <dd className="break">{file?.originalName ?? '—'}</dd>
          <dt>Source page</dt>
          <dd>
            {page.sourcePageNumber}
            {file ? ` of ${file.pageCount}` : ''}
          </dd>
        </dl>
      </section>
      <section>
        <h2>Batch</h2>
        <dl className="props">
          <dt>Label</dt>
          <dd>
            {batch.label} <Badge tone="success">{batch.status === 'ready' ? 'Ready' : batch.status}</Badge>
          </dd>
          <dt>Received</dt>
          <dd>
            <When iso={batch.createdAt} />
          </dd>
          <dt>Pages</dt>
          <dd>{batch.pageCount}</dd>
          <dt>Station</dt>
          <dd>{batch.station}</dd>
          <dt>Operator</dt>
          <dd>{batch.operator}</dd>
        </dl>
      </section>
      {batch.sourceFiles.length > 0 ? (
        <section>
          <h2>{batch.sourceFiles.length === 1 ? 'Source file' : 'Source files'}</h2>
          <ul className="files">
            {batch.sourceFiles.map((f) => (
              <li key={f.id}>
                <span className="break">{f.originalName}</span>
                <span className="muted small">
                  {formatName(f.format)} · {formatBytes(f.sizeBytes)} · {f.pageCount} {f.pageCount === 1 ? 'page' : 'pages'}
                </span>
                <span className="muted small hash" title={`SHA-256 ${f.sha256}`}>
                  SHA-256 {f.sha256.slice(0, 12)}…
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}

/** Physical size from pixels and DPI, in the units a clerk checks a scan against. */
const paperSize = (page: Page) => {
  if (!page.dpi) return '—';
  const wIn = page.width / page.dpi;
  const hIn = page.height / page.dpi;
  const mm = (inches: number) => Math.round(inches * 25.4);
  return `${mm(wIn)} × ${mm(hIn)} mm (${wIn.toFixed(1)} × ${hIn.toFixed(1)} in)`;
};
