import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../electron/engine/log/logger.js';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { type RunningStation, openStation } from '../../electron/engine/station.js';
import { renderPage, writeImagePdf, writeTiff } from '../samples/index.js';
import { hasCommand, mib, sampleRss, seconds, timeCommand } from './measure.js';

const PAGES = Number(process.env.BENCH_PAGES ?? 20);
const DPI = 300;

function waitFor(station: RunningStation, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const off = station.onEvent(() => {
      if (predicate()) {
        off();
        resolve();
      }
    });
  });
}

/**
 * Issue "Recognition" benchmark, on this machine: pages per minute through recognition on a
 * 20-page 300-dpi batch, seconds from a 1-page scan landing to its barcode and patient
 * suggestion, peak RSS; ocrmypdf and tesseract on the same pages for comparison.
 */
export async function recognitionBench(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-bench-'));
  try {
    process.stdout.write(`\n## Recognition (${PAGES} pages at ${DPI} dpi)\n`);
    const rendered = [];
    for (let i = 0; i < PAGES; i++) {
      rendered.push(
        await renderPage({
          seed: 1000 + i,
          dpi: DPI,
          ...(i === 0 ? { label: true } : {}),
          ...(i % 7 === 3 ? { rotate: 180 as const } : {}),
          ...(i % 9 === 5 ? { blank: true } : {}),
        }),
      );
    }
    const batchTiff = await writeTiff(
      rendered.map((p) => p.png),
      { compression: 'g4', dpi: DPI },
    );
    const onePage = await writeTiff([rendered[0]!.png], { compression: 'g4', dpi: DPI });
    const batchPdf = await writeImagePdf(
      rendered.map((p) => p.png),
      { dpi: DPI, encoding: 'png' },
    );
    await writeFile(join(root, 'batch.pdf'), batchPdf);
    await writeFile(join(root, 'one.tif'), onePage);
    await writeFile(join(root, 'batch.tif'), batchTiff);

    const dropDir = join(root, 'drop');
    await mkdir(dropDir);
    const station = await openStation({
      dataDir: join(root, 'data'),
      key: StationKey.generate(),
      dropDir,
      log: silentLogger,
      // A scanner that writes under a temp name and renames is complete at once; 250 ms covers the rest.
      completeness: { stableForMs: 250, emptyStableForMs: 2000 },
      pollIntervalMs: 50,
      warmRecognition: true,
    });
    const rss = sampleRss();
    try {
      // Warm-up: the first page starts the workers and loads the language data.
      await copyFile(join(root, 'one.tif'), join(dropDir, 'warm.tif'));
      // Wait for that batch itself: right after the copy the watcher has not seen the file yet.
      await waitFor(station, () => {
        const latest = station.context.batches.list(1)[0];
        return latest?.sourceFileName === 'warm.tif' && latest.recognition.ocrDone === latest.pageCount;
      });
      await station.whenRecognised();

      // 1. First suggestion: a new 1-page scan with a patient label lands (new bytes: the same
      //    bytes again would be a duplicate).
      const fresh = await writeTiff([(await renderPage({ seed: 77, dpi: DPI, label: true })).png], { compression: 'g4', dpi: DPI });
      const landed = performance.now();
      await writeFile(join(dropDir, 'label.tif'), fresh);
      let batchId = '';
      await waitFor(station, () => {
        const latest = station.context.batches.list(1)[0];
        if (!latest || latest.sourceFileName !== 'label.tif') return false;
        batchId = latest.id;
        return station.context.recognition.progress(batchId).fastDone === 1;
      });
      const firstSuggestion = performance.now() - landed;
      const docs = station.context.recognition.documentsOf(batchId);
      process.stdout.write(`first suggestion: ${seconds(firstSuggestion)} from the file landing (incl. the 250 ms completeness wait) -> patient ${docs[0]?.patientMrn ? 'found' : 'NOT found'}\n`);
      await station.whenRecognised();

      // 2. Throughput on the 20-page batch.
      const started = performance.now();
      await copyFile(join(root, 'batch.tif'), join(dropDir, 'batch.tif'));
      let firstDocAt = 0;
      await waitFor(station, () => {
        const latest = station.context.batches.list(1)[0];
        if (!latest || latest.sourceFileName !== 'batch.tif') return false;
        if (!firstDocAt && latest.documentCount > 0) firstDocAt = performance.now();
        return latest.recognition.ocrDone === latest.pageCount;
      });
      const total = performance.now() - started;
      const pagesPerMinute = (PAGES / total) * 60_000;
      process.stdout.write(`ChartDesk: ${PAGES} pages recognised in ${seconds(total)} = ${pagesPerMinute.toFixed(1)} pages/min (first document after ${seconds(firstDocAt - started)})\n`);
      process.stdout.write(`peak RSS: ${mib(rss.stop())}\n`);

      // 3. Peers on the same pages.
      if (hasCommand('ocrmypdf')) {
        const ms = timeCommand('ocrmypdf', ['-j', '2', '--force-ocr', '--output-type', 'pdf', join(root, 'batch.pdf'), join(root, 'ocrmypdf-out.pdf')]);
        if (ms) process.stdout.write(`ocrmypdf -j 2: ${seconds(ms)} = ${((PAGES / ms) * 60_000).toFixed(1)} pages/min; ChartDesk/ocrmypdf throughput ratio ${(ms / total).toFixed(2)}\n`);
        else process.stdout.write('ocrmypdf failed on the batch\n');
      } else process.stdout.write('ocrmypdf not installed (apt-get install ocrmypdf) - no comparison\n');
      if (hasCommand('tesseract')) {
        const ms = timeCommand('tesseract', [join(root, 'batch.tif'), join(root, 'tesseract-out')], { OMP_THREAD_LIMIT: '1' });
        if (ms) process.stdout.write(`tesseract CLI (1 thread, sequential): ${seconds(ms)} = ${((PAGES / ms) * 60_000).toFixed(1)} pages/min; ratio ${(ms / total).toFixed(2)}\n`);
      } else process.stdout.write('tesseract not installed (apt-get install tesseract-ocr) - no comparison\n');
    } finally {
      await station.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
