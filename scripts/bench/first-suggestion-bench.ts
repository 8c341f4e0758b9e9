import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeMpi, mpiCsv } from '../samples/fake-mpi.js';
import { renderPage, writeTiff } from '../samples/index.js';
import { chartdeskCommand, startServe } from './chartdesk-cli.js';
import { timedRun } from './process-tree.js';

const PASSWORD = 'bench-station-2026!';

interface Api {
  call<T>(method: string, body: unknown): Promise<T>;
}

async function apiAt(url: string): Promise<Api> {
  let cookie = '';
  const call = async <T>(method: string, body: unknown): Promise<T> => {
    const response = await fetch(new URL(`/api/${method}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const result = (await response.json()) as { ok: boolean; value?: T; error?: { code: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error?.code ?? response.status}`);
    return result.value as T;
  };
  await call('session.createAdmin', { username: 'bench.admin', displayName: 'Bench Admin', password: PASSWORD });
  return { call };
}

interface BatchRow {
  id: string;
  sourceFileName: string;
  pageCount: number;
  recognition: { ocrDone: number };
}

async function waitForText(api: Api, name: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    const { batches } = await api.call<{ batches: BatchRow[] }>('batches.list', { limit: 5 });
    const batch = batches.find((b) => b.sourceFileName === name);
    if (batch && batch.recognition.ocrDone >= batch.pageCount) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
interface Indexing {
  suggestions: { patients: unknown[] };
  evidence: { mrns: { value: string; source: string }[] };
}

/**
 * Polls the HTTP API as the indexing screen would, until the document of the file named `name`
 * has a patient suggestion (or, without one, a barcode MRN in its evidence). Returns which it was.
 */
async function waitForSuggestion(api: Api, name: string, deadline: number, seen: { batchAt?: number } = {}): Promise<'patient' | 'barcode' | 'timeout'> {
  let batchId: string | null = null;
  while (performance.now() < deadline) {
    if (!batchId) {
      const { batches } = await api.call<{ batches: BatchRow[] }>('batches.list', { limit: 5 });
      batchId = batches.find((b) => b.sourceFileName === name)?.id ?? null;
      if (batchId) seen.batchAt = performance.now();
    }
    if (batchId) {
      const batch = await api.call<{ documents: { id: string }[] }>('batches.get', { batchId, purpose: 'refresh' });
      const documentId = batch.documents[0]?.id;
      if (documentId) {
        const view = await api.call<Indexing>('documents.indexing', { documentId, purpose: 'refresh' });
        if (view.suggestions.patients.length > 0) return 'patient';
        if (view.evidence.mrns.some((m) => m.source !== 'ocr')) return 'barcode';
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 'timeout';
}

export interface FirstSuggestion {
  /** Seconds from the scanner closing each measured file to the suggestion on the indexing view. */
  seconds: number[];
  /** Of which: seconds until the file was a batch (taken, decoded, stored). */
  batchSeconds: number[];
  found: string[];
}

/**
 * The headless station as a site runs it (`chartdesk serve` on loopback, default settings),
 * with a patient index loaded. A warm-up page first (the engines start with the station);
 * then `runs` one-page scans, each written in place and closed as a scanner does, timed from
 * the close to the patient suggestion on the document's indexing view through the HTTP API.
 */
export async function measureFirstSuggestion(root: string, runs: number): Promise<FirstSuggestion> {
  const dataDir = join(root, 'serve-data');
  const dropDir = join(root, 'serve-drop');
  await mkdir(dropDir, { recursive: true });
  const patients = fakeMpi({ seed: 17, count: 200 });
  await writeFile(join(root, 'mpi.csv'), mpiCsv(patients));
  const imported = chartdeskCommand(dataDir, ['patients', 'import', join(root, 'mpi.csv')]);
  const importRun = await timedRun(imported.command, imported.args, { env: imported.env, cwd: imported.cwd });
  if (!importRun.ok) throw new Error(`patients import failed: ${importRun.stderr}`);

  const serve = chartdeskCommand(dataDir, ['serve', '--port', '0', '--host', '127.0.0.1', '--drop-dir', dropDir]);
  const { url, stop } = await startServe(serve);
  try {
    const api = await apiAt(url);
    const scan = async (seed: number, name: string) => {
      const page = await renderPage({ seed, dpi: 300, label: patients[seed % patients.length]! });
      return { name, bytes: await writeTiff([page.png], { compression: 'g4', dpi: 300 }) };
    };
    // Warm-up: the engines load with the station; this waits until they have.
    const warm = await scan(500, 'warm.tif');
    await writeFile(join(dropDir, warm.name), warm.bytes);
    if ((await waitForSuggestion(api, warm.name, performance.now() + 300_000)) === 'timeout') throw new Error('no suggestion for the warm-up page');
    // The first measured file must meet an idle station too, not the warm-up page's orientation and OCR.
    await waitForText(api, warm.name, performance.now() + 300_000);

    const seconds: number[] = [];
    const batchSeconds: number[] = [];
    const found: string[] = [];
    for (let i = 0; i < runs; i++) {
      const file = await scan(600 + i, `scan-${i}.tif`);
      // Written in place under its final name and closed, as a scanner driver does (the harder
      // case: a file renamed into the folder is complete the moment it appears).
      const target = join(dropDir, file.name);
      await writeFile(target, file.bytes);
      const closed = performance.now();
      const seen: { batchAt?: number } = {};
      const outcome = await waitForSuggestion(api, file.name, closed + 120_000, seen);
      seconds.push((performance.now() - closed) / 1000);
      batchSeconds.push(((seen.batchAt ?? Number.NaN) - closed) / 1000);
      found.push(outcome);
      // Let the page's OCR finish so the next file meets an idle station, as a clerk's next page would.
      await waitForText(api, file.name, performance.now() + 300_000);
    }
    return { seconds, batchSeconds, found };
  } finally {
    await stop();
  }
}
