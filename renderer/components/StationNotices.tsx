import type { StationStatus } from '../../shared/domain/station.js';
import { Alert } from './Alert.js';

/**
 * What the station says an administrator should know now: that delivered copies are plain
 * text, that the default import folder was moved out of the data folder, that the data folder
 * is open to others. Plain sentences from the engine, shown as they come.
 */
export function StationNotices({ notices }: { notices: StationStatus['notices'] }) {
  if (notices.length === 0) return null;
  return (
    <section className="panel" aria-label="Station notices">
      {notices.map((notice) => (
        <Alert key={`${notice.code}:${notice.message}`} tone={notice.code === 'plain-text-delivery' ? 'info' : 'warning'}>
          {notice.message}
        </Alert>
      ))}
    </section>
  );
}
