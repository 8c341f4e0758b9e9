import { describe, expect, it } from 'vitest';
import {
  appOrigin,
  contentSecurityPolicy,
  isAllowedDownload,
  isAllowedNavigation,
  isOnAppOrigin,
  isTrustedSender,
  privilegedSchemes,
  secureWebPreferences,
} from '../../../electron/main/security-policy.js';

describe('navigation policy', () => {
  it('allows in-app navigation (reload, routes, hashes)', () => {
    expect(isAllowedNavigation(`${appOrigin}/index.html`)).toBe(true);
    expect(isAllowedNavigation(`${appOrigin}/batches/42?tab=pages#p3`)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://chartdesk/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://chartdesk.evil.com/',
    'app://user@chartdesk/index.html',
    'app://chartdesk:8080/',
    'chartdesk-file://pages/p1/view',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('sender check', () => {
  it('trusts only the main frame on our origin', () => {
    expect(isTrustedSender(`${appOrigin}/index.html`, true)).toBe(true);
    expect(isTrustedSender(`${appOrigin}/index.html`, false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isTrustedSender('', true)).toBe(false);
  });

  it('compares against the given origin, not a prefix', () => {
    expect(isOnAppOrigin('app://chartdeskx/index.html', 'app://chartdesk')).toBe(false);
    expect(isOnAppOrigin('app://chartdesk/x', 'app://chartdesk')).toBe(true);
  });
});

describe('webPreferences', () => {
  // The secure position of each switch, by Electron's security checklist: the switches that isolate
  // the page must be on, the ones that open it to Node, remote content or its own tools off.
  const mustBeOn = ['contextIsolation', 'sandbox', 'webSecurity', 'safeDialogs'] as const;
  const mustBeOff = [
    'nodeIntegration',
    'nodeIntegrationInWorker',
    'nodeIntegrationInSubFrames',
    'allowRunningInsecureContent',
    'webviewTag',
    'spellcheck',
    'experimentalFeatures',
    'navigateOnDragDrop',
    'devTools',
  ] as const;

  it('has every isolation switch in its secure position', () => {
    const prefs = secureWebPreferences('/x/preload.cjs', { devTools: false });
    expect(prefs.preload).toBe('/x/preload.cjs');
    for (const name of mustBeOn) expect(prefs[name], name).toBe(true);
    for (const name of mustBeOff) expect(prefs[name], name).toBe(false);
  });

  it('only turns devtools on when asked (development)', () => {
    expect(secureWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows no inline or eval script and no inline style', () => {
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*/);
  });

  it('pins every directive the shell relies on', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'chartdesk-file:', 'data:', 'blob:']);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('privileged schemes', () => {
  it('registers the app and page-image schemes as standard and secure, never bypassing CSP', () => {
    for (const { privileges } of privilegedSchemes) {
      expect(privileges.standard).toBe(true);
      expect(privileges.secure).toBe(true);
      expect((privileges as { bypassCSP?: boolean }).bypassCSP).toBeUndefined();
    }
    expect(privilegedSchemes.map((s) => s.scheme)).toEqual(['app', 'chartdesk-file']);
  });
});

describe('download policy', () => {
  const report = 'chartdesk-work-by-operator-2026-03-09-to-2026-03-11.csv';
  const fromPage = () => `blob:${appOrigin}/1b0c5e8e-2f7a-4d3e-9a51-0d7f6c1a2b3c`;

  it('lets the page save a report table it made as CSV', () => {
    expect(isAllowedDownload(report, fromPage)).toBe(true);
    expect(isAllowedDownload('chartdesk-boxes-2026-01-01-to-2026-12-31.csv', fromPage)).toBe(true);
  });

  it('lets an administrator save a quarantined original under the name the engine gave it', () => {
    expect(isAllowedDownload('chartdesk-quarantine-0c1d2e3f-box-12 scan.tif', fromPage)).toBe(true);
    for (const name of ['chartdesk-quarantine-0c1d2e3f-', 'chartdesk-quarantine-xyz-scan.tif', 'chartdesk-quarantine-0c1d2e3f-../../evil.tif', 'chartdesk-quarantine-0c1d2e3f-a\\b.tif']) {
      expect(isAllowedDownload(name, fromPage), name).toBe(false);
    }
    expect(isAllowedDownload('chartdesk-quarantine-0c1d2e3f-scan.tif', () => 'https://example.com/scan.tif')).toBe(false);
  });

  it('refuses any other file, and a report-like name from anywhere but the page', () => {
    for (const name of ['chart.pdf', 'page.png', 'chartdesk-work-by-operator.csv', `${report}.exe`, `../${report}`, 'audit.csv']) {
      expect(isAllowedDownload(name, fromPage), name).toBe(false);
    }
    for (const url of ['https://example.com/x.csv', 'blob:https://example.com/uuid', 'blob:app://evil/uuid', `${appOrigin}/x.csv`, 'blob:app://x@chartdesk/uuid']) {
      expect(
        isAllowedDownload(report, () => url),
        url,
      ).toBe(false);
    }
  });
});
