import { readFile, readdir, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { silentLogger } from '../../electron/engine/log/logger.js';
import { openStation } from '../../electron/engine/station.js';
import { joinTiffPages, renderPage } from '../samples/index.js';
import { mib, seconds } from './measure.js';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? Number(process.argv[at + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
};

const RSS_TARGET = 1.5 * 2 ** 30;
const MM_PER_INCH = 25.4;

/** Resident memory of a process and every process below it (the decode isolates), in bytes, from /proc. */
async function treeRss(root: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, ... rss is field 24.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  for (const pid of rss.keys()) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === root) {
        total += rss.get(pid)!;
        break;
      }
    }
  }
  return total;
}

/** Samples the tree's resident memory every 100 ms until stopped; returns the peak. */
function sampleTree(root: number): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, await treeRss(root));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return Math.max(peak, await treeRss(root));
    },
  };
}

/** A G4 TIFF of `pages` 300-dpi letter pages, cycling through `distinct` rendered ones (a back-scanning box). */
async function boxTiff(pages: number, distinct: number): Promise<Buffer> {
  const dpi = 300;
  const resolution = { xres: dpi / MM_PER_INCH, yres: dpi / MM_PER_INCH, resolutionUnit: 'inch' as const };
  const encoded: Buffer[] = [];
  for (let i = 0; i < distinct; i++) {
    const png = (await renderPage({ seed: 1700 + i, dpi, label: i % 5 === 0 })).png;
    encoded.push(
      await sharp(png)
        .toColourspace('b-w')
        .threshold(128)
        .tiff({ compression: 'ccittfax4', bitdepth: 1, ...resolution })
        .toBuffer(),
    );
  }
  return joinTiffPages(Array.from({ length: pages }, (_, i) => encoded[i % distinct]!));
}

/**
 * Issue 17, target 3 (memory): a back-scanning box as one 500-page 300-dpi G4 TIFF, ingested by
 * a station (decode in its isolate, every page's master, view and thumbnail stored, the rows
 * committed), with the resident memory of the station process and its decode isolates sampled
 * throughout; a 20-page file the same way for comparison. Recognition is off: its workers are
 * measured by `npm run bench -- recognition`.
 */
export async function volumeBench(): Promise<void> {
  const pages = option('pages', 500);
  const distinct = Math.min(pages, 20);
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-volume-bench-'));
  try {
    process.stdout.write(`\n## A ${pages}-page box (300-dpi G4 TIFF), ingested: peak resident memory of the station and its decode isolates\n`);
    const station = await openStation({
      dataDir: join(root, 'data'),
      key: StationKey.generate(),
      watch: false,
      recognition: false,
      delivery: false,
      retentionTimer: false,
      patientSync: false,
      decodeWorkers: 1,
      // The station's default (5 minutes a file) quarantines a 500-page box on a busy machine
      // (about 2 s a page at a load of 40 on 2 cores): here the memory is what is measured.
      decodeTimeoutMs: 60 * 60_000,
      log: silentLogger,
    });
    try {
      process.stdout.write('| file | size | ingest | pages per minute | peak RSS (tree) | under 1.5 GB |\n| --- | --- | --- | --- | --- | --- |\n');
      for (const count of [20, pages]) {
        const tiff = await boxTiff(count, Math.min(count, distinct));
        const path = join(root, `box-${count}.tif`);
        await writeFile(path, tiff);
        const idle = await treeRss(process.pid);
        const sampler = sampleTree(process.pid);
        const started = performance.now();
        const result = await station.ingestFile(path, { removeSource: false });
        const took = performance.now() - started;
        const peak = await sampler.stop();
        if (result.outcome !== 'ingested') {
          const reason = station.context.intakeLog.listQuarantine(1)[0]?.reason ?? 'unknown';
          throw new Error(`the ${count}-page file was not ingested: ${result.outcome} (${reason})`);
        }
        process.stdout.write(
          `| ${count} pages | ${mib(tiff.length)} | ${seconds(took)} | ${((count / took) * 60_000).toFixed(0)} | ${mib(peak)} (${mib(idle)} before) | ${peak < RSS_TARGET ? 'yes' : 'NO'} |\n`,
        );
      }
    } finally {
      await station.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
