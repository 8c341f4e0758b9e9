import { busyCount, useStation } from '../stores/station.js';
import { plural } from '../lib/format.js';
import { Icon } from './Icon.js';
import { backlogOf, backlogText } from '../lib/delivery.js';
import { useDelivery } from '../stores/delivery.js';
import { hrefOf } from '../stores/router.js';
import { ProgressBar } from './Spinner.js';

/** Where scans come from and whether the station is picking them up. */
export function StationStrip() {
  const status = useStation((s) => s.status);
  const error = useStation((s) => s.error);
  const backlog = backlogOf(useDelivery((s) => s.overview?.counts));
  const sending = backlog && backlog.waiting + backlog.failed > 0 ? backlog : null;

  if (!status) {
    return (
      <section className="station-strip" aria-label="Station status">
        <span className="muted">{error ?? 'Checking the drop folder…'}</span>
      </section>
    );
  }

  const busy = busyCount(status);
  const { fast, ocr } = status.recognitionBacklog;
  return (
    <section className="station-strip" aria-label="Station status">
      <div className="station-folder">
        <Icon name="folder" size={16} />
        <span className="station-label">Drop folder</span>
        <code className="path" title={status.dropDir}>
          {status.dropDir}
        </code>
      </div>
      <div className={`station-watch ${status.watching ? 'is-ok' : 'is-error'}`} role="status">
        <span className="dot" aria-hidden="true" />
        {status.watching ? 'Watching' : (status.watchError ?? 'Not watching the drop folder')}
      </div>
      <div className="station-activity" role="status" aria-live="polite">
        {busy > 0 ? (
          <>
            <span>
              {status.filesInProgress > 0 ? `Reading ${plural(status.filesInProgress, 'file')}` : null}
              {status.filesInProgress > 0 && status.filesWaiting > 0 ? ', ' : null}
              {status.filesWaiting > 0 ? `${plural(status.filesWaiting, 'file')} waiting` : null}
            </span>
            <ProgressBar label="Reading files" />
          </>
        ) : (
          <span className="muted">No files waiting</span>
        )}
      </div>
      {fast + ocr > 0 ? (
        <div className="station-activity station-backlog" title="Pages waiting for recognition on this station">
          <span>
            {fast > 0 ? `${plural(fast, 'page')} to check` : null}
            {fast > 0 && ocr > 0 ? ', ' : null}
            {ocr > 0 ? `${plural(ocr, 'page')} to read` : null}
          </span>
        </div>
      ) : null}
      {sending ? (
        <a href={hrefOf({ name: 'delivery' })} className={`station-activity station-delivery${sending.failed > 0 ? ' is-error' : ''}`} title="Confirmed documents not yet in the repository (G D)">
          <Icon name="delivery" size={16} />
          {backlogText(sending)}
        </a>
      ) : null}
    </section>
  );
}
