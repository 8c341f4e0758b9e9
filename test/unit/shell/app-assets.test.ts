import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, isClientRoute, resolveAppAssetPath } from '../../../electron/main/app-assets.js';
import { parsePageImageUrl } from '../../../electron/main/page-request.js';

const root = path.resolve('/srv/chartdesk/dist/renderer');

describe('resolveAppAssetPath', () => {
  it('maps URL paths to files inside the renderer root', () => {
    expect(resolveAppAssetPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, '/assets/index-abc123.js')).toBe(path.join(root, 'assets', 'index-abc123.js'));
    expect(resolveAppAssetPath(root, '/assets/My%20Font.woff2')).toBe(path.join(root, 'assets', 'My Font.woff2'));
  });

  it('serves index.html for the root', () => {
    expect(resolveAppAssetPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAssetPath(root, '')).toBe(path.join(root, 'index.html'));
  });

  it('keeps harmless dot segments inside the root', () => {
    expect(resolveAppAssetPath(root, '/assets/../index.html')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    '/../package.json',
    '/../../../etc/passwd',
    '/%2e%2e/package.json',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/..%2f..%2fetc%2fpasswd',
    '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret',
    '/..%5c..%5cwindows%5cwin.ini',
    '/assets\\..\\..\\x',
    '/%2fetc%2fpasswd/../../../../etc/passwd',
    '/C:/Windows/win.ini',
    '/C%3a%5cWindows%5cwin.ini',
    '/index.html%00.js',
    '/%E0%A4%A', // malformed percent-encoding
  ])('refuses %s', (urlPath) => {
    expect(resolveAppAssetPath(root, urlPath)).toBeNull();
  });

  it('refuses a sibling directory sharing the root as a name prefix', () => {
    expect(resolveAppAssetPath(root, '/../renderer-evil/x.js')).toBeNull();
  });

  it('never returns a path outside the root for any dot/slash soup', () => {
    const parts = ['..', '.', '%2e%2e', '%2e', 'a', '%2f', '/', '%5c'];
    for (const a of parts)
      for (const b of parts)
        for (const c of parts) {
          const resolved = resolveAppAssetPath(root, `/${a}/${b}/${c}`);
          if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
        }
  });
});

describe('asset metadata', () => {
  it('gives scripts a JavaScript type (nosniff would otherwise block them)', () => {
    expect(contentTypeFor('/x/assets/index.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });

  it('treats extension-less paths as client routes', () => {
    expect(isClientRoute('/batches/42')).toBe(true);
    expect(isClientRoute('/assets/missing.js')).toBe(false);
  });
});

describe('parsePageImageUrl', () => {
  it('parses page image URLs', () => {
    expect(parsePageImageUrl('chartdesk-file://pages/01J9ZK3/thumb', 'chartdesk-file')).toEqual({ pageId: '01J9ZK3', variant: 'thumb' });
    expect(parsePageImageUrl('chartdesk-file://pages/a-b_c/view', 'chartdesk-file')).toEqual({ pageId: 'a-b_c', variant: 'view' });
  });

  it('accepts the image revision query that defeats caching of a replaced image', () => {
    expect(parsePageImageUrl('chartdesk-file://pages/p1/view?r=3fa9c0d2e1b4a7f6', 'chartdesk-file')).toEqual({ pageId: 'p1', variant: 'view' });
  });

  it.each([
    'chartdesk-file://pages/p1/original',
    'chartdesk-file://pages/p1',
    'chartdesk-file://pages/p1/view/extra',
    'chartdesk-file://other/p1/view',
    'chartdesk-file://pages/%2e%2e/view',
    'chartdesk-file://pages/..%2f..%2fdb/view',
    'chartdesk-file://pages/p1/view?x=1',
    'chartdesk-file://pages/p1/view?r=a&x=1',
    'chartdesk-file://pages/p1/view?r=../../x',
    'chartdesk-file://pages//view',
    'app://pages/p1/view',
    'nonsense',
  ])('refuses %s', (url) => {
    expect(parsePageImageUrl(url, 'chartdesk-file')).toBeNull();
  });
});
