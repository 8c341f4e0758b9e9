import { describe, expect, it } from 'vitest';
import { type Finding, engDisableComments, findingsFromSarif, judge, parseWaiverComment, parseWaiverList, passes } from '../../../scripts/security/electronegativity-findings.js';

/** A SARIF log shaped like the one Electronegativity 1.10 writes. */
const sarif = (results: Array<{ ruleId: string; uri: string; line: number }>) =>
  JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Electronegativity', rules: [] } },
        results: results.map(({ ruleId, uri, line }) => ({
          ruleId,
          level: 'warning',
          message: { text: `${ruleId} message` },
          locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line, startColumn: 1 } } }],
        })),
      },
    ],
  });

const windowSource = (commentAbove: string) =>
  ['import { BrowserWindow } from "electron";', '', 'export const open = () => {', commentAbove, '  return new BrowserWindow({ webPreferences: prefs });', '};'].join('\n');

const sandboxFinding: Finding = { check: 'SANDBOX_JS_CHECK', message: 'Use sandbox', level: 'warning', file: 'electron/main/window.ts', line: 5 };
const verdictFor = (source: string, findings: Finding[] = [sandboxFinding], listed: Parameters<typeof judge>[0]['listed'] = []) =>
  judge({ findings, sources: new Map([['electron/main/window.ts', source]]), listed });

describe('reading the SARIF report', () => {
  it('counts every result, with its file and line, and findings about the whole app without a location', () => {
    const findings = findingsFromSarif(
      sarif([
        { ruleId: 'CSP_GLOBAL_CHECK', uri: 'file:///', line: 1 },
        { ruleId: 'SANDBOX_JS_CHECK', uri: 'electron/main/window.ts', line: 13 },
        { ruleId: 'NODE_INTEGRATION_HTML_CHECK', uri: 'renderer/index.html', line: 4 },
      ]),
    );
    expect(findings).toEqual([
      { check: 'CSP_GLOBAL_CHECK', message: 'CSP_GLOBAL_CHECK message', level: 'warning', file: null, line: null },
      { check: 'SANDBOX_JS_CHECK', message: 'SANDBOX_JS_CHECK message', level: 'warning', file: 'electron/main/window.ts', line: 13 },
      { check: 'NODE_INTEGRATION_HTML_CHECK', message: 'NODE_INTEGRATION_HTML_CHECK message', level: 'warning', file: 'renderer/index.html', line: 4 },
    ]);
  });

  it('reads an empty report as no findings, and refuses something that is not SARIF', () => {
    expect(findingsFromSarif(sarif([]))).toEqual([]);
    expect(() => findingsFromSarif('{"issues": []}')).toThrow(/SARIF/);
  });
});

describe('judging findings against waivers', () => {
  it('fails on a finding without a waiver', () => {
    const verdict = verdictFor(windowSource('  // the window'));
    expect(verdict.unwaived).toEqual([sandboxFinding]);
    expect(passes(verdict)).toBe(false);
  });

  it('passes when a comment right above the finding waives that check with a reason', () => {
    const verdict = verdictFor(windowSource('  // electronegativity-waive: SANDBOX_JS_CHECK — sandbox is set by secureWebPreferences'));
    expect(verdict.unwaived).toEqual([]);
    expect(verdict.waived).toEqual([{ finding: sandboxFinding, waiver: { check: 'SANDBOX_JS_CHECK', reason: 'sandbox is set by secureWebPreferences', source: 'electron/main/window.ts:4' } }]);
    expect(passes(verdict)).toBe(true);
  });

  it('accepts the waiver on the finding’s own line, and in block or JSX comments, with -- for the dash', () => {
    const sameLine = ['', '', '', '', '  return new BrowserWindow({}); // electronegativity-waive: SANDBOX_JS_CHECK -- sandbox is set by secureWebPreferences'].join('\n');
    expect(passes(verdictFor(sameLine))).toBe(true);
    expect(passes(verdictFor(windowSource('  /* electronegativity-waive: SANDBOX_JS_CHECK — sandbox is set by secureWebPreferences */')))).toBe(true);
    expect(parseWaiverComment('{/* electronegativity-waive: AUXCLICK_HTML_CHECK — links open nothing: window.open is denied */}')).toEqual({
      check: 'AUXCLICK_HTML_CHECK',
      reason: 'links open nothing: window.open is denied',
    });
  });

  it('does not let a waiver of another check, or one separated from the finding by code, apply', () => {
    expect(passes(verdictFor(windowSource('  // electronegativity-waive: CONTEXT_ISOLATION_JS_CHECK — contextIsolation is set elsewhere')))).toBe(false);
    const separated = windowSource('  const prefs = build();').replace(
      'export const open = () => {',
      '// electronegativity-waive: SANDBOX_JS_CHECK — sandbox is set by secureWebPreferences\nexport const open = () => {',
    );
    const finding = { ...sandboxFinding, line: 6 };
    expect(separated.split('\n')[5]).toContain('new BrowserWindow');
    expect(passes(verdictFor(separated, [finding]))).toBe(false);
  });

  it('refuses a waiver without a reason, even where it would match', () => {
    for (const comment of ['  // electronegativity-waive: SANDBOX_JS_CHECK', '  // electronegativity-waive: SANDBOX_JS_CHECK — ok', '  // electronegativity-waive SANDBOX_JS_CHECK because']) {
      const verdict = verdictFor(windowSource(comment));
      expect(verdict.unwaived, comment).toEqual([sandboxFinding]);
      expect(verdict.problems, comment).toHaveLength(1);
      expect(passes(verdict)).toBe(false);
    }
  });

  it('waives findings without a location, or in package.json, only from the list, and only where the entry says', () => {
    const global: Finding = { check: 'CSP_GLOBAL_CHECK', message: 'No CSP', level: 'warning', file: null, line: null };
    const inPackageJson: Finding = { check: 'ELECTRON_VERSION_JSON_CHECK', message: 'version', level: 'note', file: 'package.json', line: 1 };
    const listed = parseWaiverList(
      JSON.stringify({
        waivers: [
          { check: 'CSP_GLOBAL_CHECK', reason: 'the CSP is a response header this check cannot see' },
          { check: 'ELECTRON_VERSION_JSON_CHECK', file: 'package.json', reason: 'informational: the version is passed with -e' },
        ],
      }),
      'waivers.json',
    );
    expect(listed.problems).toEqual([]);
    const verdict = judge({ findings: [global, inPackageJson], sources: new Map([['package.json', '{}']]), listed: listed.waivers });
    expect(verdict.waived.map((w) => w.waiver.source)).toEqual(['waivers.json entry 1', 'waivers.json entry 2']);
    expect(passes(verdict)).toBe(true);

    // An entry without "file" does not reach findings that have a location.
    const located = { ...global, file: 'electron/main/main.ts', line: 3 };
    expect(judge({ findings: [located], sources: new Map(), listed: listed.waivers }).unwaived).toEqual([located]);
  });

  it('refuses list entries without a check id or a reason', () => {
    const { waivers, problems } = parseWaiverList(JSON.stringify({ waivers: [{ check: 'CSP_GLOBAL_CHECK' }, { reason: 'a reason long enough to count' }, { check: 'X', reason: 'short' }] }), 'w.json');
    expect(waivers).toEqual([]);
    expect(problems).toHaveLength(3);
    expect(passes(judge({ findings: [], sources: new Map(), listed: waivers, problems }))).toBe(false);
  });

  it('refuses Electronegativity’s own eng-disable comments, which hide findings without a reason', () => {
    expect(engDisableComments('const w = new BrowserWindow({}); // eng-disable SANDBOX_JS_CHECK\n/* eng-disable */', 'a.ts')).toHaveLength(2);
    expect(engDisableComments('<!-- eng-disable CSP_HTML_CHECK -->', 'index.html')).toHaveLength(1);
    expect(engDisableComments('// engine disabled until ready', 'b.ts')).toEqual([]);
  });

  it('reports waivers that no finding used', () => {
    const verdict = verdictFor(windowSource('  // electronegativity-waive: SANDBOX_JS_CHECK — sandbox is set by secureWebPreferences'), []);
    expect(verdict.unused).toEqual([{ check: 'SANDBOX_JS_CHECK', reason: 'sandbox is set by secureWebPreferences', source: 'electron/main/window.ts:4' }]);
    expect(passes(verdict)).toBe(true);
  });
});
