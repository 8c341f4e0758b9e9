/**
 * One Electronegativity check of the desktop shell's sources: stage them, scan them with the
 * given Electron version, and judge the SARIF against the waivers.
 *
 * The TypeScript sources are scanned, not the esbuild bundles in dist/electron: Electronegativity
 * parses TypeScript itself (Babel's TS plugin), every file is reported by its own path and line,
 * and waiver comments survive (esbuild drops comments). A file it cannot parse fails the check.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Verdict, engDisableComments, findingsFromSarif, judge, parseWaiverList } from './electronegativity-findings.js';

const scanScript = join(dirname(fileURLToPath(import.meta.url)), 'electronegativity-scan.mjs');

/** Extensions Electronegativity reads; anything else is not copied. */
const scannedFile = /(\.(c|m)?[jt]sx?|\.html?|(^|[\\/])package\.json)$/;

export interface ElectronegativityOptions {
  /** Repository root: scanned paths, findings and waivers are relative to it. */
  root: string;
  /** Folders and files under root to scan together (one scan, so global checks see them all). */
  paths: readonly string[];
  electronVersion: string;
  /** The JSON waiver list, relative to root; absent means no listed waivers. */
  waiverList: string;
  /** Where the SARIF report is kept. */
  sarifFile: string;
  /** Checks switched off entirely (Electronegativity's class names), each with its reason. */
  excludedChecks?: ReadonlyArray<{ check: string; reason: string }>;
}

export interface ElectronegativityReport {
  verdict: Verdict;
  findingCount: number;
  scannedFiles: string[];
  checksRun: number;
  /** Parse warnings Electronegativity could work around. */
  warnings: string[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function runScan(args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [scanScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`electronegativity failed (exit ${code}):\n${output.trim()}`))));
  });
}

export async function checkElectronegativity(options: ElectronegativityOptions): Promise<ElectronegativityReport> {
  const stage = await mkdtemp(join(tmpdir(), 'chartdesk-electronegativity-'));
  try {
    const input = join(stage, 'src');
    for (const path of options.paths) {
      const from = resolve(options.root, path);
      const isDir = (await stat(from)).isDirectory();
      await mkdir(dirname(join(input, path)), { recursive: true });
      await cp(from, join(input, path), { recursive: isDir, filter: (source) => !source.split(sep).includes('node_modules') });
    }
    const staged = (await listFiles(input)).filter((file) => scannedFile.test(file));
    const scannedFiles = staged.map((file) => relative(input, file).split(sep).join('/')).sort();

    await mkdir(dirname(options.sarifFile), { recursive: true });
    const errorsFile = join(stage, 'parse-errors.json');
    await runScan([input, options.electronVersion, options.sarifFile, errorsFile, (options.excludedChecks ?? []).map((e) => e.check).join(',')]);

    const scan = JSON.parse(await readFile(errorsFile, 'utf8')) as { checks: number; errors: Array<{ file: string; message: string; tolerable: boolean }> };
    const at = (file: string) => relative(input, file).split(sep).join('/');
    const problems = scan.errors.filter((e) => !e.tolerable).map((e) => `${at(e.file)}: Electronegativity could not parse this file, so it was not checked (${e.message})`);
    const warnings = scan.errors.filter((e) => e.tolerable).map((e) => `${at(e.file)}: ${e.message}`);

    const sources = new Map<string, string>();
    for (const file of scannedFiles) {
      const text = await readFile(join(input, file), 'utf8');
      sources.set(file, text);
      problems.push(...engDisableComments(text, file));
    }

    const waiverListPath = resolve(options.root, options.waiverList);
    const listText = await readFile(waiverListPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '{"waivers": []}';
      throw error;
    });
    const listed = parseWaiverList(listText, options.waiverList);
    const findings = findingsFromSarif(await readFile(options.sarifFile, 'utf8'));
    const verdict = judge({ findings, sources, listed: listed.waivers, problems: [...problems, ...listed.problems] });
    return { verdict, findingCount: findings.length, scannedFiles, checksRun: scan.checks, warnings };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
