import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { characterErrorRate } from '../../electron/engine/recognition/ocr-text-quality.js';
import { chartdeskCommand } from './chartdesk-cli.js';
import { hasCommand } from './measure.js';
import { type TimedRun, timedRun } from './process-tree.js';

export interface ToolRun extends TimedRun {
  tool: string;
}

/** `chartdesk process` on one file: the whole pipeline, from reading the file to every page's text and the split into documents. */
export async function runChartdesk(root: string, label: string, file: string): Promise<ToolRun> {
  const dataDir = join(root, `cd-data-${label}`);
  const cli = chartdeskCommand(dataDir, ['process', file, '--out', join(root, `cd-out-${label}`), '--json']);
  const run = await timedRun(cli.command, cli.args, { env: cli.env, cwd: cli.cwd });
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}.station.key`, { force: true });
  return { tool: 'ChartDesk', ...run };
}

/** `ocrmypdf -j 2` makes a searchable PDF of the same file (a multi-page TIFF goes through its own img2pdf step). */
export async function runOcrmypdf(root: string, label: string, file: string): Promise<ToolRun | null> {
  if (!hasCommand('ocrmypdf')) return null;
  const run = await timedRun('ocrmypdf', ['-j', '2', '--force-ocr', '--output-type', 'pdf', file, join(root, `ocrmypdf-${label}.pdf`)]);
  return { tool: 'ocrmypdf -j 2', ...run };
}

/**
 * Native tesseract on the same page images (it reads neither PDF nor, well, a 500-page TIFF in
 * one go), two processes of one thread each over halves of the list: both cores busy, as the
 * others have them.
 */
export async function runTesseract(root: string, label: string, pageFiles: string[]): Promise<ToolRun | null> {
  if (!hasCommand('tesseract')) return null;
  const halves = [pageFiles.filter((_, i) => i % 2 === 0), pageFiles.filter((_, i) => i % 2 === 1)];
  const started = performance.now();
  const runs = await Promise.all(
    halves.map(async (files, i) => {
      const list = join(root, `tesseract-${label}-${i}.list`);
      await writeFile(list, files.join('\n') + '\n');
      return timedRun('tesseract', [list, join(root, `tesseract-${label}-${i}`), '--dpi', '300'], { env: { OMP_THREAD_LIMIT: '1' } });
    }),
  );
  return {
    tool: 'tesseract (2 x 1 thread)',
    ok: runs.every((r) => r.ok),
    ms: performance.now() - started,
    peakRss: runs.reduce((s, r) => s + r.peakRss, 0),
    cpuSeconds: runs.every((r) => r.cpuSeconds !== null) ? runs.reduce((s, r) => s + r.cpuSeconds!, 0) : null,
    stdout: '',
    stderr: runs.map((r) => r.stderr).join(''),
  };
}

export interface CorpusCer {
  file: string;
  chartdesk: number | null;
  tesseract: number | null;
}

/** The OCR corpus pages with a reference text beside them (name.gold.txt or name.txt). */
const CORPUS_PAGES = [
  { image: 'phototest.tif', reference: 'phototest.gold.txt' },
  { image: 'eurotext.tif', reference: 'eurotext.txt' },
];

/**
 * Character error rate (ocr-text-quality.ts, as the OCR tests compute it) on the real corpus:
 * ChartDesk's whole pipeline (`chartdesk process`, so its fast path's turn and deskew count)
 * and native tesseract on the same files.
 */
export async function corpusCer(root: string, corpusDir: string): Promise<CorpusCer[]> {
  const out: CorpusCer[] = [];
  const dataDir = join(root, 'cer-data');
  const cli = chartdeskCommand(dataDir, ['process', ...CORPUS_PAGES.map((p) => join(corpusDir, p.image)), '--out', join(root, 'cer-out'), '--json']);
  const run = await timedRun(cli.command, cli.args, { env: cli.env, cwd: cli.cwd });
  const report = run.ok ? (JSON.parse(run.stdout) as { files: { pages: { text: string | null }[] }[] }) : null;
  for (const [i, page] of CORPUS_PAGES.entries()) {
    const reference = await readFile(join(corpusDir, page.reference), 'utf8');
    const text = report?.files[i]?.pages.map((p) => p.text ?? '').join('\n');
    let tesseract: number | null = null;
    if (hasCommand('tesseract')) {
      const t = await timedRun('tesseract', [join(corpusDir, page.image), 'stdout'], { env: { OMP_THREAD_LIMIT: '1' } });
      if (t.ok) tesseract = characterErrorRate(t.stdout, reference);
    }
    out.push({ file: page.image, chartdesk: text === undefined ? null : characterErrorRate(text, reference), tesseract });
  }
  return out;
}
