import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fakeMpi } from '../samples/fake-mpi.js';
import { measureFirstSuggestion } from './first-suggestion-bench.js';
import { mib } from './measure.js';
import { type PageSet, renderPageImages, writePageSet } from './pipeline-pages.js';
import { type ToolRun, corpusCer, runChartdesk, runOcrmypdf, runTesseract } from './pipeline-peers.js';

const corpusDir = join(process.env.CHARTDESK_CORPUS ?? '/work/shared/corpus', 'ocr');

const load = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'uptime unavailable';
  }
};

const perMinute = (pages: number, ms: number) => (pages / ms) * 60_000;

const cpuPerPage = (run: ToolRun, pages: number) => (run.cpuSeconds === null ? null : run.cpuSeconds / pages);

/** A table row; `chartdesk` gives the ratio columns: how many times faster (in wall time, in CPU time) ChartDesk is than this tool. */
function row(run: ToolRun | null, pages: number, chartdesk: ToolRun, missing: string): string {
  if (!run) return `| ${missing} | not installed, skipped | | | | | |`;
  if (!run.ok) return `| ${run.tool} | FAILED (${run.stderr.trim().split('\n').at(-1) ?? ''}) | | | | | |`;
  const wallRatio = chartdesk.ok ? (run.ms / chartdesk.ms).toFixed(2) : '-';
  const cpu = cpuPerPage(run, pages);
  const cdCpu = chartdesk.ok ? cpuPerPage(chartdesk, pages) : null;
  const cpuRatio = cpu !== null && cdCpu ? (cpu / cdCpu).toFixed(2) : '-';
  return `| ${run.tool} | ${(run.ms / 1000).toFixed(1)} s | ${perMinute(pages, run.ms).toFixed(1)} | ${wallRatio} | ${cpu?.toFixed(2) ?? '-'} s | ${cpuRatio} | ${mib(run.peakRss)} |`;
}

/** ChartDesk and its peers on one page set, one after the other in this run. */
async function compare(root: string, label: string, set: PageSet, encoding: 'tiff' | 'jpeg'): Promise<ToolRun> {
  const file = encoding === 'tiff' ? set.tiff : set.jpegPdf;
  process.stdout.write(`\n### ${set.pages} pages, ${encoding === 'tiff' ? '300-dpi G4 TIFF' : '300-dpi JPEG-in-PDF'} (${load()})\n`);
  const chartdesk = await runChartdesk(root, `${label}-${encoding}`, file);
  const ocrmypdf = await runOcrmypdf(root, `${label}-${encoding}`, file);
  const tesseract = await runTesseract(root, `${label}-${encoding}`, encoding === 'tiff' ? set.tiffPages : set.jpegPages);
  process.stdout.write(
    '| tool | wall time | pages/min | ChartDesk faster by (wall) | CPU s/page | ChartDesk faster by (CPU) | peak RSS (process tree) |\n| --- | --- | --- | --- | --- | --- | --- |\n',
  );
  process.stdout.write(`${row(chartdesk, set.pages, chartdesk, 'ChartDesk')}\n${row(ocrmypdf, set.pages, chartdesk, 'ocrmypdf')}\n${row(tesseract, set.pages, chartdesk, 'tesseract')}\n`);
  return chartdesk;
}

/**
 * Issue 17's bench: ChartDesk's whole pipeline (`chartdesk process`) beside `ocrmypdf -j 2`
 * and native tesseract on the same pages in one run, on G4 TIFF and JPEG-in-PDF; CER on the
 * OCR corpus; the first-suggestion latency through `chartdesk serve`; a small and a large
 * batch. `--pages N` (default 20), `--pages-large N` (default 500, 0 skips), `--suggestion-runs N` (default 3),
 * `--skip-peers-large` (the large batch through ChartDesk only).
 */
export async function pipelineBench(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { pages: { type: 'string' }, 'pages-large': { type: 'string' }, 'suggestion-runs': { type: 'string' }, only: { type: 'string' } },
    allowPositionals: true,
    strict: false,
  });
  const small = Number(values.pages ?? 20);
  const large = Number(values['pages-large'] ?? 500);
  const suggestionRuns = Number(values['suggestion-runs'] ?? 3);
  const only = typeof values.only === 'string' ? values.only.split(',') : ['throughput', 'cer', 'suggestion', 'large'];
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-bench-pipeline-'));
  try {
    process.stdout.write(`\n## Pipeline (issue 17) on ${hostname()}, ${new Date().toISOString()}\n${load()}\n`);
    const images = await renderPageImages(Math.min(small, 20), fakeMpi({ seed: 17, count: 50 }));
    const smallSet = await writePageSet(join(root, 'small'), images, small);
    const smallRuns: Record<string, ToolRun> = {};
    if (only.includes('throughput')) {
      for (const encoding of ['tiff', 'jpeg'] as const) smallRuns[encoding] = await compare(root, 'small', smallSet, encoding);
    }

    if (only.includes('cer')) {
      if (existsSync(corpusDir)) {
        process.stdout.write('\n### Character error rate on the OCR corpus (0 is perfect)\n| page | ChartDesk | tesseract |\n| --- | --- | --- |\n');
        for (const c of await corpusCer(root, corpusDir)) {
          process.stdout.write(`| ${c.file} | ${c.chartdesk?.toFixed(4) ?? 'failed'} | ${c.tesseract?.toFixed(4) ?? 'not installed'} |\n`);
        }
      } else process.stdout.write(`\nno OCR corpus at ${corpusDir}: CER skipped\n`);
    }

    if (only.includes('suggestion') && suggestionRuns > 0) {
      process.stdout.write(`\n### First suggestion, chartdesk serve at default settings, one-page G4 TIFF written in place (${load()})\n`);
      const first = await measureFirstSuggestion(root, suggestionRuns);
      first.seconds.forEach((s, i) =>
        process.stdout.write(`run ${i + 1}: ${s.toFixed(2)} s from the file's close to the suggestion (${first.found[i]}); a batch after ${first.batchSeconds[i]!.toFixed(2)} s\n`),
      );
      const sorted = [...first.seconds].sort((a, b) => a - b);
      process.stdout.write(`median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} s, worst ${sorted.at(-1)!.toFixed(2)} s\n`);
    }

    if (only.includes('large') && large > 0) {
      const largeSet = await writePageSet(join(root, 'large'), images, large);
      process.stdout.write(`\n### ${small} pages against ${large} pages, G4 TIFF, ChartDesk (${load()})\n`);
      const smallRun = smallRuns.tiff ?? (await runChartdesk(root, 'small-again', smallSet.tiff));
      const largeRun = await runChartdesk(root, 'large', largeSet.tiff);
      process.stdout.write('| pages | wall time | pages/min | CPU s/page | peak RSS |\n| --- | --- | --- | --- | --- |\n');
      for (const [pages, run] of [
        [small, smallRun],
        [large, largeRun],
      ] as const) {
        process.stdout.write(
          run.ok
            ? `| ${pages} | ${(run.ms / 1000).toFixed(1)} s | ${perMinute(pages, run.ms).toFixed(1)} | ${cpuPerPage(run, pages)?.toFixed(2) ?? '-'} s | ${mib(run.peakRss)} |\n`
            : `| ${pages} | FAILED | | | |\n`,
        );
      }
      if (smallRun.ok && largeRun.ok) {
        process.stdout.write(`large/small pages-per-minute: ${(perMinute(large, largeRun.ms) / perMinute(small, smallRun.ms)).toFixed(2)}\n`);
      }
    }
    process.stdout.write(`\nafter: ${load()}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
