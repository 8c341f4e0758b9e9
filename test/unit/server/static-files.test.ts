import { describe, expect, it } from 'vitest';
import { resolveAsset } from '../../../electron/server/static-files.js';
import { redact } from '../../../electron/engine/log/logger.js';

describe('serving the built UI', () => {
  const root = '/srv/chartdesk/dist/renderer';

  it('maps / to index.html and assets inside the folder', () => {
    expect(resolveAsset(root, '/')).toBe(`${root}/index.html`);
    expect(resolveAsset(root, '/assets/app-1234.js')).toBe(`${root}/assets/app-1234.js`);
  });

  it.each(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fsecret', '/a%00b'])('refuses %s', (path) => {
    expect(resolveAsset(root, path)).toBeNull();
  });
});

describe('log redaction', () => {
  it('drops fields that could carry PHI and keeps ids and codes', () => {
    expect(redact({ batchId: 'b1', originalName: 'SMITH_JOHN.tif', mrn: '123456', pages: 3, reason: 'truncated', filePath: '/x' })).toEqual({
      batchId: 'b1',
      originalName: '[redacted]',
      mrn: '[redacted]',
      pages: 3,
      reason: 'truncated',
      filePath: '[redacted]',
    });
  });
});
