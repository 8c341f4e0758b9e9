/**
 * The real Electronegativity on small TypeScript fixtures: it parses our kind of source, finds a
 * lockdown removed, and the check fails until each finding is fixed or waived with a reason.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkElectronegativity } from '../../../scripts/security/electronegativity-check.js';
import { passes } from '../../../scripts/security/electronegativity-findings.js';
import { tempDirForFile } from '../../support/per-file-fixtures.js';

const tmp = tempDirForFile('electronegativity');

const unsafeWindow = (waivers: string) => `import { BrowserWindow } from 'electron';

const size = { width: 800, height: 600 } satisfies Partial<Electron.BrowserWindowConstructorOptions>;

export const open = (preload: string): BrowserWindow => {
${waivers}
  const window = new BrowserWindow({ ...size, webPreferences: { preload, nodeIntegration: true, contextIsolation: false } });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  return window;
};
`;

const safeMain = `import { session } from 'electron';
export const harden = (): void => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
};
`;

const check = (root: string) =>
  checkElectronegativity({
    root,
    paths: ['electron/main'],
    electronVersion: '45.4.1',
    waiverList: 'waivers.json',
    sarifFile: join(root, 'out', 'report.sarif'),
    excludedChecks: [{ check: 'AvailableSecurityFixesGlobalCheck', reason: 'needs the network' }],
  });

async function fixture(name: string, files: Record<string, string>): Promise<string> {
  const root = join(tmp.path, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const cspWaiver = JSON.stringify({ waivers: [{ check: 'CSP_GLOBAL_CHECK', reason: 'fixture: the CSP is not under test here' }] });

describe('Electronegativity over TypeScript sources', () => {
  it('finds nodeIntegration on, contextIsolation off and no sandbox, and fails the check', async () => {
    const root = await fixture('unsafe', { 'electron/main/window.ts': unsafeWindow(''), 'electron/main/harden.ts': safeMain, 'waivers.json': cspWaiver });
    const report = await check(root);
    expect(report.scannedFiles).toEqual(['electron/main/harden.ts', 'electron/main/window.ts']);
    expect(report.verdict.problems).toEqual([]);
    const unwaived = report.verdict.unwaived.map((f) => `${f.check}@${f.file}:${f.line}`);
    expect(unwaived).toEqual(
      expect.arrayContaining(['NODE_INTEGRATION_JS_CHECK@electron/main/window.ts:7', 'CONTEXT_ISOLATION_JS_CHECK@electron/main/window.ts:7', 'SANDBOX_JS_CHECK@electron/main/window.ts:7']),
    );
    expect(report.findingCount).toBe(report.verdict.waived.length + report.verdict.unwaived.length);
    expect(passes(report.verdict)).toBe(false);
  });

  it('passes once every finding is waived next to the code with a reason', async () => {
    const checks = ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK', 'PRELOAD_JS_CHECK'];
    const comments = checks.map((c) => `  // electronegativity-waive: ${c} — fixture: accepted on purpose for this test`).join('\n');
    const report = await check(await fixture('waived', { 'electron/main/window.ts': unsafeWindow(comments), 'electron/main/harden.ts': safeMain, 'waivers.json': cspWaiver }));
    expect(report.verdict.unwaived).toEqual([]);
    expect(report.verdict.waived.map((w) => w.finding.check).sort()).toEqual([...checks, 'CSP_GLOBAL_CHECK'].sort());
    expect(passes(report.verdict)).toBe(true);
  });

  it('fails on a file it cannot parse, since that file went unchecked', async () => {
    const root = await fixture('broken', { 'electron/main/harden.ts': safeMain, 'electron/main/broken.ts': 'export const = ;\n', 'waivers.json': cspWaiver });
    const report = await check(root);
    expect(report.verdict.problems).toEqual([expect.stringMatching(/^electron\/main\/broken\.ts: Electronegativity could not parse/)]);
    expect(passes(report.verdict)).toBe(false);
  });
});
