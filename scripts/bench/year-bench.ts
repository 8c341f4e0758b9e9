import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AuditLog } from '../../electron/engine/audit/audit-log.js';
import { stationPaths } from '../../electron/engine/config/station-paths.js';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { SettingsRepository } from '../../electron/engine/db/repositories/settings.js';
import { silentLogger } from '../../electron/engine/log/logger.js';
import { purgeExpired } from '../../electron/engine/retention/purge.js';
import { openStation } from '../../electron/engine/station.js';
import { ContentStore } from '../../electron/engine/storage/content-store.js';
import { mib, seconds } from './measure.js';
import { seedYear } from './year-seed.js';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? Number(process.argv[at + 1]) : Number(process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
};

const LIST_TARGET_MS = 300;
const CHUNK_TARGET_MS = 100;
const ms = (t: number) => `${t.toFixed(1)} ms`;
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/**
 * Issue 17, target 4: a year of a department's work (`--documents N`, default 500,000) seeded
 * into a station database by a generator, then the API calls behind the batch list, the review
 * queue, the reports, the delivery list and document search timed through the station's
 * dispatcher (as the screens call them), and a retention purge timed per write transaction.
 */
export async function yearBench(): Promise<void> {
  const documents = option('documents', 500_000);
  const runs = option('runs', 9);
  const auditPerDocument = option('audit-per-document', 1);
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-year-bench-'));
  const now = new Date();
  const key = StationKey.generate();
  const dataDir = join(root, 'data');
  const station = await openStation({
    dataDir,
    key,
    watch: false,
    recognition: false,
    delivery: false,
    retentionTimer: false,
    patientSync: false,
    log: silentLogger,
    now: () => now,
  });
  try {
    process.stdout.write(`\n## A year of work (${documents.toLocaleString('en')} documents; median and p95 of ${runs} runs per call)\n`);
    const db = station.context.db;
    let started = performance.now();
    const seeded = seedYear(db, key.auditChainKey(), { documents, auditPerDocument, now, seed: 17, dateOrder: station.context.dateOrder().order }, (line) => process.stdout.write(`${line}\n`));
    const seeding = performance.now() - started;
    process.stdout.write(
      `seeded ${seeded.batches.toLocaleString('en')} batches, ${seeded.documents.toLocaleString('en')} documents, ${seeded.pages.toLocaleString('en')} pages, ` +
        `${seeded.reviews.toLocaleString('en')} review rows, ${seeded.outbox.toLocaleString('en')} outbox rows, ${seeded.audit.toLocaleString('en')} audit entries, ` +
        `${seeded.patients.toLocaleString('en')} patients in ${seconds(seeding)}; database ${mib((await stat(join(dataDir, 'chartdesk.sqlite'))).size)}\n`,
    );

    const admin = await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery staple 17' }, null);
    const token = admin.session?.kind === 'signed-in' ? admin.session.token : null;
    if (!token) throw new Error('could not sign in');

    const slow: string[] = [];
    const time = async (name: string, method: string, input: (i: number) => unknown, target = LIST_TARGET_MS) => {
      const times: number[] = [];
      let size = '';
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const outcome = await station.call(method, input(i), token);
        times.push(performance.now() - t0);
        if (!outcome.result.ok) throw new Error(`${method}: ${outcome.result.error.code} ${outcome.result.error.message}`);
        const value = outcome.result.value as Record<string, unknown>;
        const lists = Object.values(value).filter(Array.isArray);
        size = lists.length > 0 ? `${Math.max(...lists.map((l) => l.length))} rows` : '';
      }
      times.sort((a, b) => a - b);
      const median = quantile(times, 0.5);
      const p95 = quantile(times, 0.95);
      if (p95 > target) slow.push(name);
      process.stdout.write(`| ${name} | ${ms(median)} | ${ms(p95)} | ${size} | ${p95 <= target ? 'yes' : 'NO'} |\n`);
    };

    process.stdout.write(`| call | median | p95 | answer | p95 under ${LIST_TARGET_MS} ms |\n| --- | --- | --- | --- | --- |\n`);
    for (const filter of ['to-index', 'blocked', 'sent-back', 'all'] as const) await time(`batches.list ${filter}`, 'batches.list', () => ({ limit: 100, filter }));
    await time('review.queue', 'review.queue', () => ({}));
    await time('review.queue flagged only', 'review.queue', () => ({ flaggedOnly: true }));
    await time('review.queue by operator', 'review.queue', (i) => ({ operator: `Clerk ${i % 12}` }));
    const day = (offset: number) => new Date(now.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
    await time('reports.summary last 30 days', 'reports.summary', () => ({ from: day(30), to: day(0) }));
    await time('reports.summary whole year', 'reports.summary', () => ({ from: day(365), to: day(0) }));
    await time('delivery.overview', 'delivery.overview', () => ({ limit: 100 }));
    const mrns = seeded.sampleMrns;
    await time('documents.find by MRN', 'documents.find', (i) => ({ patient: mrns[(i * 37) % mrns.length]! }));
    await time('documents.find by batch', 'documents.find', (i) => ({ batch: `B-${seeded.batchSeqs[(i * 7919) % seeded.batchSeqs.length]}` }));
    await time('documents.find by service dates', 'documents.find', (i) => ({ from: day(100 + i), to: day(93 + i) }));
    await time('documents.find by type', 'documents.find', () => ({ docTypeCode: '11488-4' }));
    await time('documents.find, no filter', 'documents.find', () => ({}));

    // Retention: the documents delivered more than 350 days ago (about 4% of the year) are due.
    const saved = await station.call('settings.saveRetention', { retention: { deliveredDays: 350, quarantineDays: 30 } }, token);
    if (!saved.result.ok) throw new Error('could not set retention');
    const locks: number[] = [];
    // SQLite runs its automatic checkpoint from the WAL hook, "after the commit has taken place
    // and the associated write-lock on the database released" (sqlite3_wal_hook). Timing COMMIT
    // with it inside would charge the lock with work done after the lock is free; so the bench
    // turns it off and checkpoints after each transaction itself, timed apart (that time is the
    // engine's event loop's, not the lock's).
    const checkpoints: number[] = [];
    db.pragma('wal_autocheckpoint = 0');
    const timedDb: Pick<Database, 'prepare' | 'transaction'> = {
      prepare: db.prepare.bind(db) as Database['prepare'],
      transaction: ((fn: (...args: unknown[]) => unknown) => {
        const tx = db.transaction(fn);
        const timed =
          (variant: (...args: unknown[]) => unknown) =>
          (...args: unknown[]) => {
            const t0 = performance.now();
            try {
              return variant(...args);
            } finally {
              locks.push(performance.now() - t0);
              const c0 = performance.now();
              db.pragma('wal_checkpoint(PASSIVE)');
              checkpoints.push(performance.now() - c0);
            }
          };
        return Object.assign(timed(tx), { immediate: timed(tx.immediate), deferred: timed(tx.deferred), exclusive: timed(tx.exclusive), default: timed(tx.default) });
      }) as Database['transaction'],
    };
    const paths = stationPaths(dataDir);
    started = performance.now();
    const report = await purgeExpired(
      {
        db: timedDb,
        store: new ContentStore(paths.store, key.fileKey()),
        paths,
        settings: new SettingsRepository(db),
        audit: new AuditLog(db, key.auditChainKey(), () => now),
        now: () => now,
        log: silentLogger,
      },
      { via: 'bench' },
    );
    const purging = performance.now() - started;
    const sorted = [...locks].sort((a, b) => a - b);
    const longest = sorted.at(-1) ?? 0;
    process.stdout.write(
      `\nretention purge (delivered more than 350 days ago): ${report.documentIds.length.toLocaleString('en')} documents, ${report.pages.toLocaleString('en')} pages in ${seconds(purging)}; ` +
        `${locks.length} write transactions, median ${ms(quantile(sorted, 0.5))}, p95 ${ms(quantile(sorted, 0.95))}, longest ${ms(longest)} ` +
        `(${longest <= CHUNK_TARGET_MS ? 'under' : 'OVER'} ${CHUNK_TARGET_MS} ms)\n`,
    );
    const cps = [...checkpoints].sort((a, b) => a - b);
    process.stdout.write(`WAL checkpoints after each (lock free): median ${ms(quantile(cps, 0.5))}, p95 ${ms(quantile(cps, 0.95))}, longest ${ms(cps.at(-1) ?? 0)}\n`);
    if (longest > CHUNK_TARGET_MS) slow.push('retention purge chunk');
    process.stdout.write(slow.length === 0 ? 'year: every target met\n' : `year: targets missed: ${slow.join(', ')}\n`);
  } finally {
    await station.close();
    await rm(root, { recursive: true, force: true });
  }
}
