/**
 * Security decisions of the desktop shell as pure functions of plain values, so they are
 * unit-tested in plain Node. Nothing here may import 'electron': under vitest that import
 * resolves to the binary's path (or tries to download it), not to the API.
 */
import { desktopFileScheme } from '../../shared/api/transport.js';
import { quarantineExportNamePattern } from '../../shared/domain/quarantine-desk.js';

/** The renderer is served from a custom standard scheme rather than file://, so it gets a real origin. */
export const appScheme = 'app';
export const appHost = 'chartdesk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * One policy for every response of the app scheme. No 'unsafe-inline'/'unsafe-eval': the
 * renderer is a bundled build, and PHI on screen makes injected script the worst failure.
 * Page images come from the dedicated scheme; data:/blob: cover generated previews.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' ${desktopFileScheme}: data: blob:`,
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every app-scheme response. */
export const appResponseHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Privileges for protocol.registerSchemesAsPrivileged (the plain shape of Electron's CustomScheme).
 * `standard` gives app:// a real origin and relative-URL resolution; `secure` makes it a secure
 * context; module scripts from Vite need fetch/CORS semantics. The page-image scheme only needs
 * to be standard (host/path parsing) and secure (no mixed-content downgrade).
 */
export const privilegedSchemes = [
  {
    scheme: appScheme,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
  {
    scheme: desktopFileScheme,
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  },
] as const;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  devTools: boolean;
}

/**
 * The only webPreferences a ChartDesk window gets. Built in one place so a review (and a test)
 * sees every switch; devTools only when not packaged, since a clerk's machine must not offer a
 * console next to patient records.
 */
export const secureWebPreferences = (preloadPath: string, options: { devTools: boolean }): SecureWebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  devTools: options.devTools,
});

const parseUrl = (url: string): URL | null => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
};

/**
 * True when `url` is on our app origin. Compared by scheme and host by hand because Node's
 * WHATWG URL reports origin "null" for non-special schemes such as app:, and credentials are
 * refused so `app://x@chartdesk` cannot pass as ours in some parser.
 */
export const isOnAppOrigin = (url: string, origin: string = appOrigin): boolean => {
  const parsed = parseUrl(url);
  const expected = parseUrl(origin);
  if (!parsed || !expected) return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.protocol === expected.protocol && parsed.host === expected.host && parsed.host !== '';
};

/** will-navigate / will-redirect: only within the app (e.g. a reload or hash route), never out. */
export const isAllowedNavigation = (url: string, origin: string = appOrigin): boolean => isOnAppOrigin(url, origin);

/**
 * An IPC call is trusted only from the main frame of our window showing our origin: a
 * subframe or a page that somehow navigated elsewhere must not reach patient data.
 */
export const isTrustedSender = (frameUrl: string | null | undefined, isMainFrame: boolean, origin: string = appOrigin): boolean =>
  isMainFrame && typeof frameUrl === 'string' && isOnAppOrigin(frameUrl, origin);

/**
 * The downloads the window may make, both files the page itself made from an engine answer
 * (renderer/lib/download.ts) and named as the engine names them: a report table saved as CSV
 * (counts and staff names only), and a quarantined file's original an administrator saves where
 * they choose (the engine records that export before the file exists). With no save path set,
 * Electron asks where to save. Anything else (a PDF, a page image) stays refused. The name is
 * checked first: it is what the person sees.
 */
const reportExportName = /^chartdesk-[a-z]+(?:-[a-z]+)*-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/;

export const isAllowedDownload = (fileName: string, url: () => string, origin: string = appOrigin): boolean => {
  if (!reportExportName.test(fileName) && !quarantineExportNamePattern.test(fileName)) return false;
  const source = url();
  return source.startsWith('blob:') && isOnAppOrigin(source.slice('blob:'.length), origin);
};
