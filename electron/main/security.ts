/** Applies the security policy (security-policy.ts) to Electron's session and webContents. */
import { app, protocol, type Session } from 'electron';
import { logShell } from './log.js';
import { isAllowedDownload, isAllowedNavigation, privilegedSchemes } from './security-policy.js';

/** Must run before app 'ready': Chromium fixes scheme privileges at startup. */
export const registerPrivilegedSchemes = (): void => {
  protocol.registerSchemesAsPrivileged(privilegedSchemes.map(({ scheme, privileges }) => ({ scheme, privileges: { ...privileges } })));
};

/**
 * ChartDesk needs no camera, microphone, notifications, USB or geolocation, so every permission
 * is refused, and the renderer has no business on the network: the scanner drop folder and the
 * engine are local. Blocking http(s)/ws here backs up the CSP should a policy ever be loosened.
 */
export const hardenSession = (session: Session): void => {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*', 'ftp://*/*'] }, (_details, callback) => callback({ cancel: true }));
  // Downloads would write PHI to arbitrary folders. Only a report table made by the page itself is
  // let through (see isAllowedDownload); with no save path set, Electron asks where to save it.
  session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getFilename(), () => item.getURL())) event.preventDefault();
  });
};

/**
 * Every webContents, including any created later: no navigation away from the app, no new
 * windows (external links included, for now), no <webview>.
 */
export const hardenAllWebContents = (): void => {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) {
        event.preventDefault();
        logShell('warn', 'blocked a navigation away from the app');
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) {
        event.preventDefault();
        logShell('warn', 'blocked a redirect away from the app');
      }
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
};
