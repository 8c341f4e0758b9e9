import { useViewer } from '../stores/viewer.js';
import { IconButton } from './Button.js';

/**
 * The zoom group of a page toolbar: out, the size the page is shown at (100% is the paper's own
 * size), in, fit width (W) and fit page (0). Icons only, so the toolbar fits a 1366-pixel screen.
 */
export function ZoomControls() {
  const viewer = useViewer();
  const percent = Math.round(viewer.effectiveScale * 100);
  return (
    <div className="toolbar-group" role="group" aria-label="Zoom">
      <IconButton icon="zoomOut" aria-label="Zoom out" title="Zoom out (-)" onClick={viewer.zoomOut} />
      <span className="toolbar-text zoom-value" aria-label={`Zoom ${percent}% of the paper's size`} title="100% is the size of the paper">
        {percent}%
      </span>
      <IconButton icon="zoomIn" aria-label="Zoom in" title="Zoom in (+)" onClick={viewer.zoomIn} />
      <IconButton icon="fitWidth" aria-label="Fit width" title="Fit width (W)" aria-pressed={viewer.zoom.mode === 'fit-width'} onClick={viewer.fitWidth} />
      <IconButton icon="fitPage" aria-label="Fit page" title="Fit page (0)" aria-pressed={viewer.zoom.mode === 'fit-page'} onClick={viewer.fitPage} />
    </div>
  );
}
