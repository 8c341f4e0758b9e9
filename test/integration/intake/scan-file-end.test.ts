import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DropFolderWatcher } from '../../../electron/engine/intake/drop-folder-watcher.js';
import { openForWriting } from '../../../electron/engine/intake/open-writers.js';
import { scanFileEnd } from '../../../electron/engine/intake/scan-file-end.js';
import { silentLogger } from '../../../electron/engine/log/logger.js';
import { renderPage, writePnm } from '../../../scripts/samples/index.js';
import { sampleSetForFile, tempDirForFile } from '../../support/per-file-fixtures.js';
import { makeTempDir } from '../../support/temp-dir.js';

const samples = sampleSetForFile();
const folder = tempDirForFile('file-end');
/** What scanners write, by name: the sample set's scans plus scanimage's binary PNM in its three kinds. */
const scans: Record<string, Buffer> = {};

beforeAll(async () => {
  for (const name of ['letter-g4.tif', 'progress-notes-lzw.tif', 'box-17.tif', 'referral-scan.pdf', 'notes.pdf', 'box-17.pdf', 'consent-form.png', 'phone-photo.jpg']) {
    scans[name] = await readFile(samples.path(name));
  }
  const page = (await renderPage({ seed: 5, dpi: 100 })).png;
  scans['scanimage.pbm'] = await writePnm(page, { kind: 'pbm' });
  scans['scanimage.pgm'] = await writePnm(page, { kind: 'pgm' });
  scans['scanimage.ppm'] = await writePnm(page, { kind: 'ppm' });
});

const place = async (name: string, bytes: Buffer) => {
  const path = join(folder.path, name);
  await writeFile(path, bytes);
  return path;
};

describe("a scan's end, read from its structure", () => {
  it.each(['letter-g4.tif', 'progress-notes-lzw.tif', 'box-17.tif', 'referral-scan.pdf', 'box-17.pdf', 'consent-form.png', 'phone-photo.jpg', 'scanimage.pbm', 'scanimage.pgm', 'scanimage.ppm'])(
    '%s is finished whole, and unfinished cut to a tenth, a half or nine tenths of its length',
    async (name) => {
      const bytes = scans[name]!;
      expect(await scanFileEnd(await place(`whole-${name}`, bytes))).toBe('finished');
      for (const fraction of [0.1, 0.5, 0.9]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * fraction));
        expect(await scanFileEnd(await place(`cut-${fraction}-${name}`, cut)), `cut at ${fraction}`).toBe('unfinished');
      }
    },
  );

  it("is unfinished for the sample set's truncated PDF and TIFF and for an empty file", async () => {
    expect(await scanFileEnd(samples.path('truncated.pdf'))).toBe('unfinished');
    expect(await scanFileEnd(samples.path('truncated.tif'))).toBe('unfinished');
    expect(await scanFileEnd(await place('empty.tif', Buffer.alloc(0)))).toBe('unfinished');
  });

  it('leaves a file that is no scan format it knows (text named .pdf) to the still-time rule', async () => {
    expect(await scanFileEnd(samples.path('notes.pdf'))).toBe('unknown');
  });
});

/** Another process holding `path` open in `mode` until its stdin closes; resolves once the file is open. */
async function holder(path: string, mode: 'r' | 'a'): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-e', `const fs=require('fs');fs.openSync(${JSON.stringify(path)},'${mode}');process.stdout.write('open\\n');process.stdin.resume();process.stdin.on('end',()=>process.exit(0))`],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await once(child.stdout!, 'data');
  return child;
}

async function release(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.stdin!.end();
  await exited;
}

describe.runIf(process.platform === 'linux')('a writer still holding the file', () => {
  it('is seen in another process that has the file open for writing, not in one that only reads it', async () => {
    const path = await place('held.tif', scans['letter-g4.tif']!);
    expect(await openForWriting(path)).toBe(false);
    const writer = await holder(path, 'a');
    expect(await openForWriting(path)).toBe(true);
    await release(writer);
    expect(await openForWriting(path)).toBe(false);
    const reader = await holder(path, 'r');
    expect(await openForWriting(path)).toBe(false);
    await release(reader);
  });
});

describe.runIf(process.platform === 'linux')('the drop folder on a local disk', () => {
  // The clock never moves: anything taken here was taken without the still time.
  const frozen = () => 1_000_000;
  /** A started watcher on a fresh drop folder for the length of `work`; what it takes collects in `ready`. Stopped and removed after, however `work` ends. */
  const withWatchedDrop = async (label: string, work: (drop: string, ready: string[], watcher: DropFolderWatcher) => Promise<void>) => {
    const drop = await makeTempDir(label);
    const ready: string[] = [];
    const watcher = new DropFolderWatcher({
      folder: drop.path,
      rule: { stableForMs: 60_000, emptyStableForMs: 60_000 },
      pollIntervalMs: 3_600_000,
      // As intake does: a file taken leaves the folder.
      onFileReady: async (file) => {
        ready.push(file);
        await rm(file);
      },
      log: silentLogger,
      now: frozen,
      structuralCompletion: true,
    });
    try {
      await watcher.start();
      await work(drop.path, ready, watcher);
    } finally {
      watcher.stop();
      await drop.remove();
    }
  };

  it('takes a scan the moment it is whole and closed, and never one cut short', async () => {
    await withWatchedDrop('drop-structural', async (drop, ready, watcher) => {
      const cut = join(drop, 'cut.pdf');
      await writeFile(cut, scans['referral-scan.pdf']!.subarray(0, 5000));
      const whole = join(drop, 'whole.tif');
      await writeFile(whole, scans['letter-g4.tif']!);
      await watcher.scan();
      expect(ready).toEqual([whole]);
    });
  });

  it('waits while the scanner still holds a whole-looking file open for writing', async () => {
    await withWatchedDrop('drop-held', async (drop, ready, watcher) => {
      const path = join(drop, 'page-1-of-many.tif');
      // One page written, so the directory chain ends for now; the driver keeps the file open to add the next.
      const handle = await open(path, 'w');
      await handle.write(scans['letter-g4.tif']!);
      await handle.sync();
      const writer = await holder(path, 'a');
      await handle.close();
      await watcher.scan();
      expect(ready).toEqual([]);
      await release(writer);
      await watcher.scan();
      expect(ready).toEqual([path]);
    });
  });
});
