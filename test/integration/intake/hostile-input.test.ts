import { execFileSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { quarantineReasonText } from '../../../shared/domain/intake.js';
import { defaultScanLimits } from '../../../electron/engine/imaging/limits.js';
import { absurdDimensionsPng } from '../../../scripts/samples/broken-files.js';
import { greyPageTiff, inflateBombPdf, manyPagePdf, manyPageTiff, operatorBombPdf, slowPaintPdf } from '../../support/hostile-files.js';
import { describeWith } from '../../support/prerequisites.js';
import { sampleSetForFile, tempDirForFile } from '../../support/per-file-fixtures.js';
import { type TestStation, nextEvent, openTestStation } from '../../support/test-station.js';

/**
 * Files built to hang or exhaust a decoder go through a real station (decoders in child
 * processes, real SQLite): each ends in quarantine with the reason a clerk reads, and the
 * next good file still becomes a batch.
 */
const samples = sampleSetForFile();
/** Names compared as a collection, whatever order the station lists them in. */
const inAnyOrder = (names: readonly string[]) => [...names].sort();
const files = tempDirForFile('hostile');
let t: TestStation | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A bomb takes seconds on an idle machine and a minute under load: the limit is a hang guard, not a speed target. */
const BOMB_TEST_TIMEOUT_MS = 240_000;

/** The station's own decode time limit (StationOptions.decodeTimeoutMs' default). */
const STATION_DECODE_LIMIT_MS = 5 * 60_000;

const write = async (name: string, bytes: Buffer) => {
  const path = join(files.path, name);
  await writeFile(path, bytes);
  return path;
};

/** The station reads the next good file after whatever came before. */
async function expectStationGoesOn(station: TestStation) {
  const next = await station.station.ingestFile(samples.path('consent-form.png'), { removeSource: false });
  expect(next.outcome).toBe('ingested');
}

describe('a file that hangs or explodes is stopped, quarantined with a reason, and the station goes on', () => {
  it(
    'quarantines a PDF that exhausts the decoder heap as "needed too much memory to decode"',
    async () => {
      // 20 million path operators in a 175 KB file. The cap is lowered so the bomb goes off in seconds;
      // the default (512 MB) stops it the same way, after about 20 s.
      t = await openTestStation({ decodeMemory: { heapMb: 160 } });
      const bomb = await write('operator-bomb.pdf', operatorBombPdf(20_000_000));
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const result = await t.station.ingestFile(bomb, { removeSource: false });
      expect(result).toMatchObject({ outcome: 'quarantined', reason: 'decode-out-of-memory' });
      expect(quarantineReasonText['decode-out-of-memory']).toMatch(/needed too much memory to decode/);
      const [entry] = t.station.context.intakeLog.listQuarantine(10);
      expect(entry).toMatchObject({ reason: 'decode-out-of-memory', message: quarantineReasonText['decode-out-of-memory'] });
      await expectStationGoesOn(t);
    },
    BOMB_TEST_TIMEOUT_MS,
  );

  it(
    'quarantines a decompression bomb that runs up native memory (outside the heap) as out of memory',
    async () => {
      // 1.5 GB of inflated content from a 1.5 MB file: typed arrays, which no V8 heap cap sees.
      t = await openTestStation({ decodeMemory: { heapMb: 512, residentMb: 450 } });
      const bomb = await write('inflate-bomb.pdf', inflateBombPdf(1_500_000_000));
      const result = await t.station.ingestFile(bomb, { removeSource: false });
      expect(result).toMatchObject({ outcome: 'quarantined', reason: 'decode-out-of-memory' });
      if (result.outcome === 'quarantined') expect(result.detail).toMatch(/over its 450 MB cap/);
      await expectStationGoesOn(t);
    },
    BOMB_TEST_TIMEOUT_MS,
  );

  it('quarantines a PDF that stalls the renderer as "took too long to decode", with a fresh decoder for the next file', async () => {
    // About 10 s of painting for one page. The time limit is lowered from its 5 minutes for this
    // file alone, to keep the test short: the next file keeps the full limit, so a busy machine
    // cannot make a sound file "too slow".
    const slow = await write('slow.pdf', slowPaintPdf(150_000));
    // Decoders read the station's sealed copy (named by id), so the first task is the slow file.
    const limits: number[] = [];
    t = await openTestStation({
      decodeTimeoutMs: () => {
        const ms = limits.length === 0 ? 2_500 : STATION_DECODE_LIMIT_MS;
        limits.push(ms);
        return ms;
      },
    });
    const result = await t.station.ingestFile(slow, { removeSource: false });
    expect(result).toMatchObject({ outcome: 'quarantined', reason: 'decode-timeout' });
    if (result.outcome === 'quarantined') expect(result.detail).toMatch(/exceeded 2500 ms/);
    expect(quarantineReasonText['decode-timeout']).toMatch(/took too long to decode/);
    await expectStationGoesOn(t);
    expect(limits).toEqual([2_500, STATION_DECODE_LIMIT_MS]);
  });
});

describe('limits that fit a real page', () => {
  it('accepts an A3 page scanned in grey at 600 dpi (7016 x 9921, 69.6 Mpx), the largest real page', async () => {
    t = await openTestStation();
    expect(7016 * 9921).toBeLessThanOrEqual(defaultScanLimits.maxPixelsPerPage);
    const result = await t.station.ingestFile(await write('a3-600dpi.tif', await greyPageTiff(7016, 9921, 600)), { removeSource: false });
    expect(result.outcome).toBe('ingested');
    if (result.outcome !== 'ingested') return;
    const [page] = t.station.context.batches.get(result.batchId)!.pages;
    expect([page!.width, page!.height, Math.round(page!.dpi)]).toEqual([7016, 9921, 600]);
  }, 120_000);

  it('refuses a page a little larger than that before decoding it', async () => {
    t = await openTestStation();
    const result = await t.station.ingestFile(await write('a3-plus.png', absurdDimensionsPng(7100, 9921)), { removeSource: false });
    expect(result).toMatchObject({ outcome: 'quarantined', reason: 'image-too-large' });
  });

  it('refuses a PDF and a TIFF with more pages than a batch may hold (1000)', async () => {
    t = await openTestStation();
    expect(defaultScanLimits.maxPagesPerFile).toBe(1000);
    const pdf = await t.station.ingestFile(await write('1001-pages.pdf', await manyPagePdf(1001)), { removeSource: false });
    expect(pdf).toMatchObject({ outcome: 'quarantined', reason: 'too-many-pages' });
    const tiff = await t.station.ingestFile(await write('1001-pages.tif', await manyPageTiff(1001)), { removeSource: false });
    expect(tiff).toMatchObject({ outcome: 'quarantined', reason: 'too-many-pages' });
    // One page under the cap is a batch.
    const ok = await t.station.ingestFile(await write('40-pages.tif', await manyPageTiff(40)), { removeSource: false });
    expect(ok).toMatchObject({ outcome: 'ingested', pageCount: 40 });
  });

  it('refuses a PDF and a TIFF over the byte cap without decoding them', async () => {
    const pdfBytes = await readFile(samples.path('referral-scan.pdf'));
    const tiffBytes = await readFile(samples.path('letter-g4.tif'));
    const cap = Math.min(pdfBytes.length, tiffBytes.length) - 1;
    t = await openTestStation({ limits: { ...defaultScanLimits, maxFileBytes: cap } });
    for (const name of ['referral-scan.pdf', 'letter-g4.tif']) {
      const result = await t.station.ingestFile(samples.path(name), { removeSource: false });
      expect(result, name).toMatchObject({ outcome: 'quarantined', reason: 'file-too-large' });
    }
    expect(defaultScanLimits.maxFileBytes).toBeLessThanOrEqual(1024 * 1024 * 1024);
  });
});

describeWith(['qpdf'], 'password-protected PDFs (encrypted by qpdf, AES-256)', () => {
  async function plainPdf(): Promise<string> {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    page.drawText('Discharge summary', { x: 72, y: 700, size: 24, font: await doc.embedFont(StandardFonts.Helvetica) });
    return write('plain.pdf', Buffer.from(await doc.save()));
  }

  it('quarantines a PDF that needs a password to open, with the reason "password-protected PDF"', async () => {
    t = await openTestStation();
    const locked = join(files.path, 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'user-secret', 'owner-secret', '256', '--', await plainPdf(), locked]);
    const result = await t.station.ingestFile(locked, { removeSource: false });
    expect(result).toMatchObject({ outcome: 'quarantined', reason: 'encrypted-pdf' });
    const [entry] = t.station.context.intakeLog.listQuarantine(10);
    expect(entry!.message).toMatch(/password-protected/);
    await expectStationGoesOn(t);
  });

  it('reads a PDF encrypted only against editing (no password to open) as the scan it is', async () => {
    t = await openTestStation();
    const restricted = join(files.path, 'restricted.pdf');
    execFileSync('qpdf', ['--encrypt', '', 'owner-secret', '256', '--modify=none', '--', await plainPdf(), restricted]);
    const result = await t.station.ingestFile(restricted, { removeSource: false });
    expect(result).toMatchObject({ outcome: 'ingested', pageCount: 1 });
  });
});

describe('dropped names are data, never paths', () => {
  const hostileNames = ['../../../../etc/passwd', '..\\..\\Windows\\win.ini', 'scan.pdf\nINFO intake.ingested forged log line', `${'very-long-name-'.repeat(20)}.pdf`];

  it('stores every file by id and records each name verbatim, however hostile', async () => {
    t = await openTestStation();
    expect(hostileNames[3]!.length).toBe(304);
    const outsideBefore = await readdir(t.root);
    const good = await readFile(samples.path('consent-form.png'));
    for (const [i, name] of hostileNames.entries()) {
      // A different good file each time (one byte after IEND still makes a valid PNG), so none is a duplicate.
      const path = await write(`good-${i}.png`, Buffer.concat([good, Buffer.from([i])]));
      const ingested = await t.station.ingestFile(path, { removeSource: false, originalName: name });
      expect(ingested.outcome, JSON.stringify(name)).toBe('ingested');
      const broken = await write(`broken-${i}.pdf`, Buffer.from(`%PDF-1.4\n${i} cut short`));
      const quarantined = await t.station.ingestFile(broken, { removeSource: false, originalName: name });
      expect(quarantined.outcome).toBe('quarantined');
    }
    const ids = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const dir of ['originals', 'quarantine']) {
      const stored = await readdir(join(t.dataDir, dir));
      expect(stored, dir).toHaveLength(hostileNames.length);
      for (const name of stored) expect(name, dir).toMatch(ids);
    }
    // Nothing was written beside the data folder, nor anywhere a name points.
    expect(await readdir(t.root)).toEqual(outsideBefore);
    const recorded = t.station.context.intakeLog.list(100).map((r) => r.originalName);
    for (const name of hostileNames) expect(recorded.filter((r) => r === name)).toHaveLength(2);
    expect(inAnyOrder(t.station.context.intakeLog.listQuarantine(100).map((q) => q.originalName))).toEqual(inAnyOrder(hostileNames));
    expect(inAnyOrder(t.station.context.batches.list(100).map((b) => b.sourceFileName))).toEqual(inAnyOrder(hostileNames));
  });

  it('takes a file dropped with a newline and dots in its real name, and a 255-byte name, from the drop folder', async () => {
    t = await openTestStation({ watch: true });
    // A real name cannot hold '/', but backslashes and newlines are fair game on Linux and macOS.
    const names = ['scan ..\\..\\x\nline two.png', `${'n'.repeat(251)}.png`];
    const good = await readFile(samples.path('consent-form.png'));
    for (const [i, name] of names.entries()) {
      const created = nextEvent(t.station, (e) => e.type === 'batch.created');
      await writeFile(join(t.dropDir, name), Buffer.concat([good, Buffer.from([100 + i])]));
      await created;
    }
    await t.station.whenIdle();
    expect(await readdir(t.dropDir)).toEqual([]);
    expect(inAnyOrder(t.station.context.intakeLog.list(10).map((r) => r.originalName))).toEqual(inAnyOrder(names));
    for (const name of await readdir(join(t.dataDir, 'originals'))) expect(name).not.toContain('.png');
  });
});
