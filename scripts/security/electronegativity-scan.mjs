#!/usr/bin/env node
/**
 * Runs Electronegativity's scanner and writes two files: its SARIF report, and the files it could
 * not parse. Its command line reports neither parse failures (a file it could not parse is a file
 * it did not check) nor waits for the SARIF write; run as its own process, the report is complete
 * once this process has exited.
 *
 *   node electronegativity-scan.mjs <input dir> <electron version> <report.sarif> <parse-errors.json> [excluded,checks]
 */
import { writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Electronegativity first downloads "updated translations" of its messages from GitHub, with
 * retries: about 7 s of waiting on a closed network, and messages that depend on the day. Its
 * i18n module is replaced here by the same set-up with the English messages it ships.
 */
const i18nModulePath = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const i18n = createRequire(i18nModulePath)('i18n');
const offlineI18n = new Module(i18nModulePath);
offlineI18n.filename = i18nModulePath;
offlineI18n.loaded = true;
offlineI18n.exports = async () => {
  i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nModulePath), updateFiles: false, objectNotation: true, retryInDefaultLocale: true, register: globalThis });
  i18n.setLocale('en-US');
};
require.cache[i18nModulePath] = offlineI18n;

const runElectronegativity = require('@doyensec/electronegativity/dist/runner.js');

const [input, electronVersion, sarifPath, errorsPath, excluded = ''] = process.argv.slice(2);
if (!input || !electronVersion || !sarifPath || !errorsPath) {
  process.stderr.write('usage: electronegativity-scan.mjs <input dir> <electron version> <report.sarif> <parse-errors.json> [excluded,checks]\n');
  process.exit(2);
}

const result = await runElectronegativity(
  {
    input,
    output: sarifPath,
    isSarif: true,
    customScan: [],
    excludeFromScan: excluded === '' ? [] : excluded.split(','),
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);

writeFileSync(
  errorsPath,
  JSON.stringify({
    checks: result.globalChecks + result.atomicChecks,
    errors: result.errors.map((error) => ({ file: error.file, message: error.message, tolerable: error.tolerable })),
  }),
);
