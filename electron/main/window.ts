/** The single ChartDesk window. */
import { BrowserWindow, dialog } from 'electron';
import { logShell } from './log.js';
import { appEntryUrl, secureWebPreferences } from './security-policy.js';

export interface WindowOptions {
  preloadPath: string;
  isDev: boolean;
  onClosed: (webContentsId: number) => void;
}

export const createMainWindow = ({ preloadPath, isDev, onClosed }: WindowOptions): BrowserWindow => {
  // The scanner reads only literal webPreferences; ours come from one reviewed function:
  // electronegativity-waive: CONTEXT_ISOLATION_JS_CHECK — contextIsolation: true is set by secureWebPreferences (security-policy.ts), asserted in security-policy.test.ts and main-wiring.test.ts
  // electronegativity-waive: SANDBOX_JS_CHECK — sandbox: true is set by secureWebPreferences and app.enableSandbox() covers every renderer (main.ts); both asserted in main-wiring.test.ts
  // electronegativity-waive: AUXCLICK_JS_CHECK — a middle-click can only ask for a new window, and setWindowOpenHandler denies every one (security.ts, asserted in main-wiring.test.ts)
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'ChartDesk',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath, { devTools: isDev }),
  });
  const contentsId = window.webContents.id;

  window.once('ready-to-show', () => window.show());
  window.on('closed', () => onClosed(contentsId));

  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    logShell('error', `renderer process gone (${details.reason}, exit ${details.exitCode})`);
    void dialog
      .showMessageBox(window, {
        type: 'error',
        title: 'ChartDesk',
        message: 'The ChartDesk screen stopped working.',
        detail: 'Your saved work is safe. Reload the screen to continue; anything not yet saved must be entered again.',
        buttons: ['Reload', 'Quit'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      })
      .then(({ response }) => {
        if (window.isDestroyed()) return;
        if (response === 0) void window.loadURL(appEntryUrl);
        else window.close();
      });
  });

  window.webContents.on('preload-error', (_event, _path, error) => logShell('error', 'preload failed', error));

  void window.loadURL(appEntryUrl).catch((error: unknown) => logShell('error', 'could not load the renderer', error));
  return window;
};
