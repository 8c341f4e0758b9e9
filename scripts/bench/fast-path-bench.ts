import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { OcrEngine } from '../../electron/engine/recognition/ocr-engine.js';
import { OrientationDetector } from '../../electron/engine/recognition/orientation.js';
import { analysePage } from '../../electron/engine/recognition/page-analysis.js';
import { ContentStore } from '../../electron/engine/storage/content-store.js';
import { renderPage } from '../samples/index.js';

const RUNS = Number(process.env.BENCH_FAST_RUNS ?? 5);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The fast path (barcodes, blank decision, orientation, skew, stored upright images) for one
 * page, in this process with warm engines, on a text page with a patient label and on a blank
 * back, at 300 and at 100 dpi. The barcode pass looks at low-resolution pages at 300 dpi, so
 * this is where its cost shows: compare the 100-dpi figures before and after a change.
 */
export async function fastPathBench(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-bench-fast-'));
  const ocr = new OcrEngine();
  const orientation = new OrientationDetector((image) => ocr.textScore(image));
  try {
    process.stdout.write(`\n## Fast path per page (median of ${RUNS} runs, one thread, warm engines)\n`);
    await Promise.all([ocr.warm(), orientation.warm()]);
    const store = new ContentStore(join(root, 'store'), StationKey.generate().fileKey());
    process.stdout.write('| page | dpi | median | min | max |\n| --- | --- | --- | --- | --- |\n');
    for (const [name, spec] of [
      ['letter with label', { seed: 77, label: true }],
      ['blank back', { seed: 78, blank: true, noise: 0.3 }],
    ] as const) {
      for (const dpi of [300, 100]) {
        const page = await renderPage({ ...spec, dpi });
        const masterSha256 = await store.put(page.png);
        const input = { masterSha256, dpi, store: store.location };
        await analysePage(input, orientation);
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          await analysePage(input, orientation);
          times.push(performance.now() - started);
        }
        process.stdout.write(`| ${name} | ${dpi} | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms |\n`);
      }
    }
  } finally {
    await Promise.all([ocr.terminate(), orientation.terminate()]);
    await rm(root, { recursive: true, force: true });
  }
}
