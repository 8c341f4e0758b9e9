/**
 * Desktop shell lifecycle. The engine runs in a utilityProcess so this process never waits on
 * SQLite or OCR; main only relays and enforces the security policy.
 */
import path from 'node:path';
import { app, type BrowserWindow, dialog, safeStorage, session } from 'electron';
import { loadDesktopStationKey } from './desktop-station-key.js';
import { readMachinePolicy } from './machine-policy.js';
import { engineHostArgs, engineLaunchOptions, shellPaths } from './shell-paths.js';
import { EngineProcess } from './engine-process.js';
import { registerIpcRelay } from './ipc-relay.js';
import { logShell } from './log.js';
import { installMenu } from './menu.js';
import { registerAppProtocol } from './app-protocol.js';
import { registerPageProtocol } from './page-protocol.js';
import type { EngineEvent } from '../../shared/api/events.js';
import { ipcChannels } from '../../shared/api/transport.js';
import { hardenAllWebContents, hardenSession, registerPrivilegedSchemes } from './security.js';
import { SessionTokens } from './session-tokens.js';
import { createMainWindow } from './window.js';

process.on('uncaughtException', (error) => logShell('error', 'uncaught exception in main', error));
process.on('unhandledRejection', (reason) => logShell('error', 'unhandled rejection in main', reason));

// Before 'ready', as Chromium requires; the sandbox for every renderer, not just our window's.
registerPrivilegedSchemes();
app.enableSandbox();

const paths = shellPaths(__dirname);
const isDev = !app.isPackaged;
const tokens = new SessionTokens();
let mainWindow: BrowserWindow | null = null;
let engine: EngineProcess | null = null;

const showAbout = (): void => {
  void dialog.showMessageBox({
    type: 'info',
    title: 'About ChartDesk',
    message: `ChartDesk ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    buttons: ['OK'],
  });
};

const openWindow = (): void => {
  mainWindow = createMainWindow({
    preloadPath: paths.preload,
    isDev,
    onClosed: (contentsId) => {
      tokens.forget(contentsId);
      mainWindow = null;
    },
  });
};

const start = (): void => {
  // safeStorage needs 'ready'; without a protected key there is no PHI mode at all.
  const machinePolicy = process.platform === 'linux' ? readMachinePolicy() : null;
  if (machinePolicy?.ignored) logShell('warn', machinePolicy.ignored);
  const stationKey = loadDesktopStationKey({
    safeStorage,
    platform: process.platform,
    allowPlaintextBackend: machinePolicy?.policy.allowPlaintextKeyStore ?? false,
    wrappedKeyFile: path.join(app.getPath('userData'), 'station-key.wrapped'),
  });
  if (!stationKey.ok) {
    dialog.showErrorBox('ChartDesk cannot protect patient data', stationKey.reason);
    app.exit(1);
    return;
  }
  if (stationKey.protection.kind === 'plaintext-allowed-by-admin') logShell('warn', `station key stored without a keyring (allowed by the machine policy ${machinePolicy?.source ?? ''})`);

  hardenSession(session.defaultSession);
  registerAppProtocol(paths.rendererRoot);

  const launch = engineLaunchOptions(process.env, app.getPath('userData'), app.getSystemLocale());
  engine = new EngineProcess({
    hostPath: paths.engineHost,
    args: engineHostArgs(launch),
    stationKey: stationKey.key,
    // A restarted engine may have missed changes: tell the UI to refetch.
    onRestarted: () => mainWindow?.webContents.send(ipcChannels.event, { type: 'station.changed' } satisfies EngineEvent),
  });
  const client = engine.client;
  engine.start();

  registerPageProtocol({
    engine: client,
    sessionToken: () => (mainWindow && !mainWindow.isDestroyed() ? tokens.get(mainWindow.webContents.id) : null),
  });
  registerIpcRelay({ engine: client, tokens, mainWindow: () => mainWindow });
  installMenu({ isDev, isMac: process.platform === 'darwin', showAbout });
  openWindow();
};

// Two instances would open the same SQLite database and watch the same drop folder twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenAllWebContents();
  if (process.platform === 'win32') app.setAppUserModelId('org.chartdesk.station');

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      logShell('error', 'startup failed', error);
      dialog.showErrorBox('ChartDesk', 'ChartDesk could not start. Please contact support.');
      app.exit(1);
    });

  app.on('activate', () => {
    if (app.isReady() && !mainWindow && engine) openWindow();
  });

  // The engine should not run without a window on any platform: a clerk closing the window means done.
  app.on('window-all-closed', () => app.quit());

  let engineStopped = false;
  app.on('before-quit', (event) => {
    if (engineStopped || !engine) return;
    // Hold the quit until the engine has closed the database, so no WAL is left half-written.
    event.preventDefault();
    engineStopped = true;
    void engine.stop().finally(() => app.quit());
  });
}
