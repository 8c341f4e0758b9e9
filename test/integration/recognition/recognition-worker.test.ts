import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationKey } from '../../../electron/engine/crypto/station-key.js';
import type { RecognitionResult, RecognitionTask } from '../../../electron/engine/recognition/recognition-task.js';
import { ContentStore } from '../../../electron/engine/storage/content-store.js';
import { WorkerPool, workerScript } from '../../../electron/engine/workers/worker-pool.js';
import { renderPage } from '../../../scripts/samples/index.js';

// The engine starts the worker the same way: relative to a module in electron/engine.
const recognitionDir = new URL('../../../electron/engine/recognition/recognition-task.ts', import.meta.url).href;

describe('recognition worker through the worker pool', () => {
  let dir: string;
  let pool: WorkerPool<RecognitionTask, RecognitionResult>;
  let store: ContentStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chartdesk-recognition-worker-'));
    store = new ContentStore(path.join(dir, 'store'), StationKey.generate().fileKey());
    pool = new WorkerPool({ script: workerScript(recognitionDir, './recognition.worker'), size: 1, taskTimeoutMs: 120_000 });
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the fast path on a sideways page, then OCR on the upright image it stored', async () => {
    const page = await renderPage({
      seed: 401,
      dpi: 200,
      rotate: 270,
      label: true,
      title: 'Operation note',
      lines: ['Procedure performed under general anaesthesia', 'Patient tolerated the procedure well'],
    });
    const masterSha256 = await store.put(page.png);

    const fast = await pool.run({ kind: 'fast', masterSha256, dpi: 200, store: store.location });
    if (!fast.ok || fast.kind !== 'fast') throw new Error(`fast path failed: ${JSON.stringify(fast)}`);
    expect(fast.rotation).toBe(90);
    expect(fast.blank).toBe(false);
    expect(fast.barcodes).toEqual([expect.objectContaining({ format: 'Code128', text: page.patient!.mrn })]);
    expect([fast.uprightWidth, fast.uprightHeight]).toEqual([1700, 2200]);
    expect(fast.uprightSha256).toMatch(/^[0-9a-f]{64}$/);
    // What the worker stored is encrypted on disk and opens with the station's key.
    expect((await readFile(store.pathOf(fast.uprightSha256))).subarray(1, 4).toString('latin1')).not.toBe('PNG');
    expect((await store.read(fast.uprightSha256)).subarray(1, 4).toString('latin1')).toBe('PNG');

    const ocr = await pool.run({ kind: 'ocr', imageSha256: fast.uprightSha256, dpi: 200, store: store.location });
    if (!ocr.ok || ocr.kind !== 'ocr') throw new Error(`OCR failed: ${JSON.stringify(ocr)}`);
    const words = ocr.words.map((w) => w.text);
    expect(words).toEqual(expect.arrayContaining(['Operation', 'note', 'anaesthesia', page.patient!.mrn]));
    expect(ocr.meanConfidence).toBeGreaterThan(80);
    expect(ocr.text).toContain('Patient tolerated the procedure well');
  });

  it('reports failures as values with a reason that names no file', async () => {
    const missing = await pool.run({ kind: 'fast', masterSha256: 'a'.repeat(64), dpi: 300, store: store.location });
    expect(missing).toEqual({ ok: false, kind: 'fast', reason: 'image-missing' });

    const notAnImage = await store.put(Buffer.from('Jane Doe was seen today'));
    const unreadable = await pool.run({ kind: 'ocr', imageSha256: notAnImage, dpi: 300, store: store.location });
    expect(unreadable.ok).toBe(false);
    expect(JSON.stringify(unreadable)).not.toMatch(/Jane|Doe|notes|seen/);
    const bad = await pool.run({ kind: 'fast', masterSha256: notAnImage, dpi: 300, store: store.location });
    expect(bad).toEqual({ ok: false, kind: 'fast', reason: 'image-unreadable' });
  });

  it('reports a stored image that fails its integrity check as tampered', async () => {
    const page = await renderPage({ seed: 402, dpi: 100, title: 'Discharge summary' });
    const sha = await store.put(page.png);
    const onDisk = await readFile(store.pathOf(sha));
    onDisk[onDisk.length - 40]! ^= 0x01;
    await writeFile(store.pathOf(sha), onDisk);
    expect(await pool.run({ kind: 'fast', masterSha256: sha, dpi: 100, store: store.location })).toEqual({ ok: false, kind: 'fast', reason: 'image-tampered' });
    expect(await pool.run({ kind: 'ocr', imageSha256: sha, dpi: 100, store: store.location })).toEqual({ ok: false, kind: 'ocr', reason: 'image-tampered' });
  });
});
