import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../unit/recognition/recognition-fixtures.js';

const run = promisify(execFile);
const guard = fileURLToPath(new URL('./no-network-guard.cjs', import.meta.url));
const child = fileURLToPath(new URL('./no-network-child.ts', import.meta.url));

/**
 * tesseract.js and zxing-wasm both fetch from a CDN unless told otherwise, and they do it from
 * worker threads. The pipeline runs in a child process whose every thread (main, our
 * recognition worker, tesseract's workers) has the network functions replaced by ones that
 * record and throw; the run must succeed and record nothing.
 */
describe('recognition never reaches for the network', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chartdesk-no-network-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function runChild(mode: string) {
    const log = path.join(dir, `${mode}.log`);
    const { stdout } = await run(process.execPath, ['--require', guard, '--import', 'tsx', child, mode], {
      cwd: repoRoot,
      env: { ...process.env, NO_NETWORK_LOG: log },
      timeout: 120_000,
      maxBuffer: 10 * 1024 * 1024,
    });
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    return {
      result: JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: boolean; summary?: Array<{ rotation: number; barcodes: string[]; words: number }> },
      workerThreadsGuarded: lines.filter((l) => l.startsWith('loaded') && l.endsWith('main=false')).length,
      attempts: lines.filter((l) => l.startsWith('attempt')),
    };
  }

  it('the guard sees and refuses attempts made inside worker threads', async () => {
    const { attempts } = await runChild('canary');
    expect(attempts.map((a) => a.replace(/^attempt thread=\d+ /, '').split(' ')[0])).toEqual(expect.arrayContaining(['fetch', 'node:http.get', 'net.connect', 'dns.lookup']));
  });

  it('barcodes, orientation (OSD and the reading fallback) and OCR run with no network attempt', async () => {
    const { result, workerThreadsGuarded, attempts } = await runChild('pipeline');
    expect(attempts).toEqual([]);
    // Our recognition worker plus tesseract's OSD and LSTM workers, at least.
    expect(workerThreadsGuarded).toBeGreaterThanOrEqual(3);
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual([
      { rotation: 180, barcodes: expect.arrayContaining(['DM-501']), words: expect.any(Number) },
      { rotation: 270, barcodes: [], words: expect.any(Number) },
    ]);
    expect(result.summary!.every((page) => page.words > 0)).toBe(true);
  });
});
