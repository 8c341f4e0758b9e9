import { useEffect } from 'react';
import { type StationSettings, useSettings } from '../stores/settings.js';

/** The station's settings, for a panel only an administrator changes: read when it is shown to one. */
export function useAdminSettings(admin: boolean): StationSettings | null {
  const settings = useSettings((s) => s.settings);
  useEffect(() => {
    if (admin) void useSettings.getState().load();
  }, [admin]);
  return settings;
}

/** After a save the station answers with all of its settings: every panel shows those now; `sentence` says it was saved. */
export const keepSavedSettings = (sentence: string) => (settings: StationSettings) => {
  useSettings.setState({ settings });
  return sentence;
};
