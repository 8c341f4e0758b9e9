import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuarantineReason } from '../../../shared/domain/intake.js';
import type { SourceFormat } from '../../../shared/domain/batch.js';
import type { IntakeResult } from '../../../electron/engine/intake/file-intake.js';
import type { ScanSampleFile } from '../../../scripts/samples/sample-manifest.js';
import { type Random, createRandom, deriveSeed } from '../../../scripts/samples/random.js';
import { corpusDir, requireFor } from '../../support/prerequisites.js';
import { sampleSetForFile, tempDirForFile } from '../../support/per-file-fixtures.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * Truncated and bit-flipped variants of real TIFF, PDF, PNG and JPEG scans go through the real
 * ingest path. Every one must end as a batch (or a duplicate of one) or a quarantine entry with
 * a reason; the process must live and its memory stay bounded.
 *
 * FUZZ_VARIANTS=5000 runs more by hand; FUZZ_SEED=n changes the seed; FUZZ_ONLY=i re-runs one
 * variant of a seed (each variant is derived from the seed and its index alone).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const VARIANTS = Number(process.env.FUZZ_VARIANTS ?? 300);
const ONLY = process.env.FUZZ_ONLY === undefined ? null : Number(process.env.FUZZ_ONLY);
const CONCURRENCY = 2;
const MEMORY_GROWTH_BOUND = 1.5 * 1024 ** 3;

interface Source {
  label: string;
  format: SourceFormat;
  bytes: Buffer;
}

interface Variant {
  index: number;
  source: string;
  mutation: string;
  bytes: Buffer;
}

/** What went wrong where, so a failure names its seed and variant. */
const describeVariant = (v: Variant) => `seed ${SEED} variant ${v.index} (${v.source}, ${v.mutation}); re-run with FUZZ_SEED=${SEED} FUZZ_ONLY=${v.index}`;

function mutate(source: Buffer, random: Random): { mutation: string; bytes: Buffer } {
  const bytes = Buffer.from(source);
  const flipBits = (count: number, from: number, to: number) => {
    const at: number[] = [];
    for (let i = 0; i < count; i++) {
      const offset = random.int(from, Math.max(from, Math.min(to, bytes.length - 1)));
      bytes[offset]! ^= 1 << random.int(0, 7);
      at.push(offset);
    }
    return at.join(',');
  };
  switch (random.int(0, 5)) {
    case 0: {
      const keep = random.int(1, source.length - 1);
      return { mutation: `truncated to ${keep} of ${source.length} bytes`, bytes: bytes.subarray(0, keep) };
    }
    case 1:
      return { mutation: `bits flipped at ${flipBits(random.int(1, 8), 0, bytes.length - 1)}`, bytes };
    case 2:
      // Headers and directories live near the start (TIFF IFD, PNG IHDR, JPEG SOF, PDF header).
      return { mutation: `header bits flipped at ${flipBits(random.int(1, 4), 0, 1023)}`, bytes };
    case 3: {
      // Sizes and offsets set to extremes: the values a hostile header would claim.
      const offset = random.int(0, Math.max(0, Math.min(bytes.length, 2048) - 4));
      const value = random.pick([0, 0xffffffff, 0x7fffffff, 0x00010000, bytes.length * 2]);
      bytes.writeUInt32BE(value >>> 0, offset);
      return { mutation: `uint32 ${value} written at ${offset}`, bytes };
    }
    case 4: {
      // Near the end: PDF xref and trailer, PNG IEND, JPEG EOI, the last TIFF strips.
      return { mutation: `tail bits flipped at ${flipBits(random.int(1, 8), Math.max(0, bytes.length - 4096), bytes.length - 1)}`, bytes };
    }
    default: {
      const keep = random.int(Math.floor(source.length / 2), source.length - 1);
      const cut = bytes.subarray(0, keep);
      const at: number[] = [];
      for (let i = 0, n = random.int(1, 4); i < n; i++) {
        const offset = random.int(0, cut.length - 1);
        cut[offset]! ^= 1 << random.int(0, 7);
        at.push(offset);
      }
      return { mutation: `truncated to ${keep} of ${source.length} bytes, bits flipped at ${at.join(',')}`, bytes: cut };
    }
  }
}

const samples = sampleSetForFile();
const work = tempDirForFile('fuzz');
let t: TestStation;
const sources: Source[] = [];

beforeAll(async () => {
  // The two smallest generated scans of each format keep a variant's decode short.
  const scans = samples.manifest.files.filter((f): f is ScanSampleFile => f.kind === 'scan');
  const sized = await Promise.all(scans.map(async (f) => ({ f, size: (await stat(samples.path(f.name))).size })));
  for (const format of ['tiff', 'pdf', 'png', 'jpeg'] as const) {
    const smallest = sized
      .filter((s) => s.f.format === format)
      .sort((a, b) => a.size - b.size)
      .slice(0, 2);
    for (const { f } of smallest) sources.push({ label: f.name, format, bytes: await readFile(samples.path(f.name)) });
  }
  // Scans nobody here made, from the shared corpus (a missing corpus fails here unless skipping was asked for).
  if (requireFor(['corpus'])) {
    for (const [path, format] of [
      ['ocr/phototest.tif', 'tiff'],
      ['barcodes/code128-1/2.png', 'png'],
    ] as const) {
      sources.push({ label: `corpus/${path}`, format, bytes: await readFile(join(corpusDir, path)) });
    }
  } else console.warn('fuzz: SKIPPED the shared corpus (CHARTDESK_TESTS_MAY_SKIP); fuzzing generated samples only');
  // A bounded time limit: a variant that stalls a decoder must end as decode-timeout, not stall the run.
  t = await openTestStation({ decodeWorkers: CONCURRENCY, decodeTimeoutMs: 20_000 });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('fuzzed scans through the real ingest path', () => {
  it('every variant ends as a batch or a quarantine entry with a reason; the process lives and its memory stays bounded', async () => {
    expect(new Set(sources.map((s) => s.format))).toEqual(new Set(['tiff', 'pdf', 'png', 'jpeg']));
    const indexes = ONLY === null ? Array.from({ length: VARIANTS }, (_, i) => i) : [ONLY];
    const variants: Variant[] = indexes.map((index) => {
      const random = createRandom(deriveSeed(SEED, `variant-${index}`));
      const source = sources[index % sources.length]!;
      return { index, source: source.label, ...mutate(source.bytes, random) };
    });
    console.info(`fuzz: seed ${SEED}, ${variants.length} variants of ${sources.length} sources (${sources.map((s) => s.label).join(', ')})`);

    const startRss = process.memoryUsage.rss();
    let peakRss = startRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 100);
    const started = Date.now();

    const results = new Map<number, IntakeResult>();
    const queue = [...variants];
    const runOne = async () => {
      for (let v = queue.shift(); v; v = queue.shift()) {
        const path = join(work.path, `variant-${v.index}.bin`);
        await writeFile(path, v.bytes);
        try {
          results.set(v.index, await t.station.ingestFile(path, { removeSource: true }));
        } catch (error) {
          throw new Error(`ingest threw for ${describeVariant(v)}: ${(error as Error).message}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, runOne));
    } finally {
      clearInterval(sampler);
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss());

    const tally = { ingested: 0, duplicate: 0, pages: 0, quarantined: {} as Record<string, number> };
    const ctx = t.station.context;
    for (const v of variants) {
      const result = results.get(v.index);
      expect(result, describeVariant(v)).toBeDefined();
      switch (result!.outcome) {
        case 'ingested': {
          const batch = ctx.batches.get(result!.batchId);
          expect(batch?.pageCount, describeVariant(v)).toBeGreaterThan(0);
          expect(batch!.pageCount, describeVariant(v)).toBe(result!.pageCount);
          tally.ingested++;
          tally.pages += result!.pageCount;
          break;
        }
        case 'duplicate':
          // A mutation that changed nothing a hash sees: it points at the batch that holds those bytes.
          expect(ctx.batches.get(result!.batchId), describeVariant(v)).toBeTruthy();
          tally.duplicate++;
          break;
        case 'quarantined':
          expect(QuarantineReason.safeParse(result!.reason).success, describeVariant(v)).toBe(true);
          expect(existsSync(join(t.dataDir, 'quarantine', result!.quarantineId)), describeVariant(v)).toBe(true);
          tally.quarantined[result!.reason] = (tally.quarantined[result!.reason] ?? 0) + 1;
          break;
        default:
          throw new Error(`unexpected outcome ${result!.outcome} for ${describeVariant(v)}`);
      }
    }

    // Accounting from the database, not from the results above: nothing left unaccounted.
    const quarantinedCount = Object.values(tally.quarantined).reduce((a, b) => a + b, 0);
    const log = ctx.intakeLog.list(variants.length + 10);
    expect(log).toHaveLength(variants.length);
    expect(ctx.intakeLog.listQuarantine(variants.length + 10)).toHaveLength(quarantinedCount);
    const batches = ctx.batches.list(variants.length + 10);
    expect(batches).toHaveLength(tally.ingested);
    expect(batches.reduce((sum, b) => sum + b.pageCount, 0)).toBe(tally.pages);
    expect(tally.ingested + tally.duplicate + quarantinedCount).toBe(variants.length);
    // Every dropped file was taken in (removeSource): none lies around unaccounted.
    for (const v of variants) expect(existsSync(join(work.path, `variant-${v.index}.bin`)), describeVariant(v)).toBe(false);

    const growthMb = Math.round((peakRss - startRss) / 1024 ** 2);
    console.info(
      `fuzz: ${variants.length} variants in ${Math.round((Date.now() - started) / 1000)} s: ${tally.ingested} batches (${tally.pages} pages), ` +
        `${tally.duplicate} duplicates, ${quarantinedCount} quarantined ${JSON.stringify(tally.quarantined)}; ` +
        `station RSS ${Math.round(startRss / 1024 ** 2)} MB at start, peak +${growthMb} MB`,
    );
    expect(peakRss - startRss).toBeLessThan(MEMORY_GROWTH_BOUND);
  }, 600_000);
});
