import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionResult, RecognitionTask } from '../../../electron/engine/recognition/recognition-task.js';
import { WorkerPool, workerScript } from '../../../electron/engine/workers/worker-pool.js';
import { renderPage } from '../../../scripts/samples/index.js';

// The engine starts the worker the same way: relative to a module in electron/engine.
const recognitionDir = new URL('../../../electron/engine/recognition/recognition-task.ts', import.meta.url).href;

describe('recognition worker through the worker pool', () => {
  let dir: string;
  let pool: WorkerPool<RecognitionTask, RecognitionResult>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chartdesk-recognition-worker-'));
    pool = new WorkerPool({ script: workerScript(recognitionDir, './recognition.worker'), size: 1, taskTimeoutMs: 120_000 });
  });
  afterAll(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs the fast path on a sideways page, then OCR on the upright image it stored', async () => {
    const page = await renderPage({ seed: 401, dpi: 200, rotate: 270, label: true, title: 'Operation note', lines: ['Procedure performed under general anaesthesia', 'Patient tolerated the procedure well'] });
    const masterPath = path.join(dir, 'master.png');
    await writeFile(masterPath, page.png);
    const storeRoot = path.join(dir, 'store');

    const fast = await pool.run({ kind: 'fast', masterPath, dpi: 200, storeRoot });
    if (!fast.ok || fast.kind !== 'fast') throw new Error(`fast path failed: ${JSON.stringify(fast)}`);
    expect(fast.rotation).toBe(90);
    expect(fast.blank).toBe(false);
    expect(fast.barcodes).toEqual([expect.objectContaining({ format: 'Code128', text: page.patient!.mrn })]);
    expect([fast.uprightWidth, fast.uprightHeight]).toEqual([1700, 2200]);
    expect(fast.uprightSha256).toMatch(/^[0-9a-f]{64}$/);

    const imagePath = path.join(storeRoot, fast.uprightSha256.slice(0, 2), fast.uprightSha256);
    const ocr = await pool.run({ kind: 'ocr', imagePath, dpi: 200 });
    if (!ocr.ok || ocr.kind !== 'ocr') throw new Error(`OCR failed: ${JSON.stringify(ocr)}`);
    const words = ocr.words.map((w) => w.text);
    expect(words).toEqual(expect.arrayContaining(['Operation', 'note', 'anaesthesia', page.patient!.mrn]));
    expect(ocr.meanConfidence).toBeGreaterThan(80);
    expect(ocr.text).toContain('Patient tolerated the procedure well');
  });

  it('reports failures as values with a reason that names no file', async () => {
    const secret = path.join(dir, 'Jane Doe 1970-01-01.tif');
    const missing = await pool.run({ kind: 'fast', masterPath: secret, dpi: 300, storeRoot: path.join(dir, 'store') });
    expect(missing).toEqual({ ok: false, kind: 'fast', reason: 'image-missing' });

    const notAnImage = path.join(dir, 'Jane Doe notes.png');
    await writeFile(notAnImage, 'Jane Doe was seen today');
    const unreadable = await pool.run({ kind: 'ocr', imagePath: notAnImage, dpi: 300 });
    expect(unreadable.ok).toBe(false);
    expect(JSON.stringify(unreadable)).not.toMatch(/Jane|Doe|notes|seen/);
    const bad = await pool.run({ kind: 'fast', masterPath: notAnImage, dpi: 300, storeRoot: path.join(dir, 'store') });
    expect(bad).toEqual({ ok: false, kind: 'fast', reason: 'image-unreadable' });
  });
});
