import { useEffect, useState } from 'react';
import { useConnection } from '../stores/connection.js';

/** Shown while the live link to the station is down and being retried (after a second, so a quick blip stays quiet). */
export function ConnectionIndicator() {
  const state = useConnection((s) => s.state);
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (state !== 'reconnecting') {
      setVisible(false);
      return;
    }
    const timer = setTimeout(() => setVisible(true), 1000);
    return () => clearTimeout(timer);
  }, [state]);

  if (!visible) return null;
  return (
    <div className="connection" role="status" title="Updates from the station are paused until the connection is back. Nothing is lost.">
      <span className="spinner spinner-sm" aria-hidden="true" />
      Reconnecting…
    </div>
  );
}
