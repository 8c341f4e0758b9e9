// `npm run test:security`: Electronegativity over the desktop shell and the UI, with the Electron
// version we ship. Prints every finding and every waiver with its reason; exits 1 on a finding
// nobody waived, a malformed waiver, or a file the scanner could not parse.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkElectronegativity } from './electronegativity-check.js';
import { describeFinding, passes } from './electronegativity-findings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The installed Electron, which is what gets packaged; package.json's range only as a fallback
 * (ELECTRON_SKIP_BINARY_DOWNLOAD still installs the package, so this is normally exact).
 */
function electronVersion(): string {
  try {
    const require = createRequire(join(root, 'package.json'));
    return (require('electron/package.json') as { version: string }).version;
  } catch {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    const range = pkg.devDependencies?.electron;
    const version = range?.replace(/^[\^~>=<\s]+/, '');
    if (!version) throw new Error('package.json names no electron version');
    return version;
  }
}

const excludedChecks = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    reason:
      'downloads the Electron release list from GitHub at scan time; offline it only prints a warning, so its result would depend on the network. Electron updates are checked when the electron dependency is bumped.',
  },
];

const sarifFile = join(root, 'test-results', 'security', 'electronegativity.sarif');
const version = electronVersion();
const report = await checkElectronegativity({
  root,
  paths: ['electron/main', 'electron/preload', 'renderer', 'package.json'],
  electronVersion: version,
  waiverList: 'scripts/security/electronegativity-waivers.json',
  sarifFile,
  excludedChecks,
});

const out = (line = '') => process.stdout.write(`${line}\n`);
const { verdict } = report;
out(`Electronegativity: ${report.checksRun} checks, Electron ${version}, ${report.scannedFiles.length} files (electron/main, electron/preload, renderer, package.json)`);
for (const { check, reason } of excludedChecks) out(`  excluded ${check}: ${reason}`);
for (const warning of report.warnings) out(`  parse warning: ${warning}`);
out(`SARIF: ${relative(root, sarifFile)} with ${report.findingCount} result(s)`);
out();
for (const { finding, waiver } of verdict.waived) {
  out(`waived   ${describeFinding(finding)}`);
  out(`         reason (${waiver.source}): ${waiver.reason}`);
}
for (const finding of verdict.unwaived) out(`FINDING  ${describeFinding(finding)}`);
for (const waiver of verdict.unused) out(`unused waiver of ${waiver.check} at ${waiver.source}: nothing to waive any more, remove it`);
for (const problem of verdict.problems) out(`PROBLEM  ${problem}`);
out();
out(`${report.findingCount} finding(s): ${verdict.waived.length} waived, ${verdict.unwaived.length} not waived; ${verdict.problems.length} problem(s)`);
if (!passes(verdict)) {
  out('Fix each FINDING, or waive it next to the code with "// electronegativity-waive: CHECK_ID — reason" (see docs/security.md, "How the lockdown is checked").');
  process.exitCode = 1;
}
