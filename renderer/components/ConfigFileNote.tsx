import { useStation } from '../stores/station.js';

/** The one-line reminder that chartdesk.json overrides what is saved here. */
export function ConfigFileNote() {
  const dataDir = useStation((s) => s.status?.dataDir);
  const sep = dataDir?.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return (
    <p className="muted small">
      A config file, <code>{dataDir ? `${dataDir.replace(/[\\/]+$/, '')}${sep}chartdesk.json` : 'chartdesk.json'}</code>
      {dataDir ? null : ' in the data folder'}, can set the same values; what it sets wins each time the station starts.
    </p>
  );
}
