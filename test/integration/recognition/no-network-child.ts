// Run by no-network.test.ts in a child process under no-network-guard.cjs. Drives the real
// recognition pipeline (barcodes, OSD, OCR: all three kinds of worker) and prints a summary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import type { RecognitionResult, RecognitionTask } from '../../../electron/engine/recognition/recognition-task.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { WorkerPool, workerScript } from '../../../electron/engine/workers/worker-pool.js';
import { renderPage } from '../../../scripts/samples/index.js';

const mode = process.argv[2];

if (mode === 'canary') {
  // Proves the guard reaches worker threads: a nested worker tries the network every way it can.
  const code = `
    const attempts = [
      () => fetch('http://example.invalid/'),
      () => require('node:http').get('http://example.invalid/'),
      () => require('node:net').connect(80, 'example.invalid'),
      () => require('node:dns').lookup('example.invalid', () => {}),
    ];
    for (const attempt of attempts) { try { attempt(); } catch {} }
  `;
  await new Promise((resolve) => new Worker(code, { eval: true }).on('exit', resolve));
  console.log(JSON.stringify({ ok: true }));
} else {
  const dir = await mkdtemp(path.join(tmpdir(), 'chartdesk-offline-'));
  const recognitionDir = new URL('../../../electron/engine/recognition/recognition-task.ts', import.meta.url).href;
  const pool = new WorkerPool<RecognitionTask, RecognitionResult>({ script: workerScript(recognitionDir, './recognition.worker'), size: 1, taskTimeoutMs: 120_000 });
  try {
    // A title-only page also exercises the orientation fallback that reads with the LSTM worker.
    const pages = [
      await renderPage({ seed: 501, dpi: 200, rotate: 180, label: true, barcodes: [{ format: 'datamatrix', text: 'DM-501' }] }),
      await renderPage({ seed: 502, dpi: 200, rotate: 90, title: 'Consent to treatment', lines: [] }),
    ];
    const summary = [];
    const store = new ContentStore(path.join(dir, 'store'), StationKey.generate().fileKey());
    for (const page of pages) {
      const masterSha256 = await store.put(page.png);
      // Failures are reported, not thrown, so the test can say first whether the network was tried.
      const fast = await pool.run({ kind: 'fast', masterSha256, dpi: 200, store: store.location });
      if (!fast.ok || fast.kind !== 'fast') {
        summary.push({ failed: fast });
        continue;
      }
      const ocr = await pool.run({ kind: 'ocr', imageSha256: fast.uprightSha256, dpi: 200, store: store.location });
      if (!ocr.ok || ocr.kind !== 'ocr') {
        summary.push({ failed: ocr });
        continue;
      }
      summary.push({ rotation: fast.rotation, barcodes: fast.barcodes.map((b) => b.text).sort(), words: ocr.words.length });
    }
    console.log(JSON.stringify({ ok: true, summary }));
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}
