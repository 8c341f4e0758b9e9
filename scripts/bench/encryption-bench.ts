import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import DatabaseDriver, { type Database } from 'better-sqlite3-multiple-ciphers';
import { decryptFile, encryptFile } from '../../electron/engine/crypto/file-cipher.js';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { openDatabase } from '../../electron/engine/db/connection.js';
import { ContentStore, sha256Hex } from '../../electron/engine/storage/content-store.js';
import { writeFileDurably } from '../../electron/engine/storage/durable-file.js';

/*
 * What encryption at rest costs. Cipher speed does not depend on content, so random bytes of the
 * sizes the station writes stand in for pages: a 220 px thumbnail, a 1700 px view, a 300-dpi G4
 * master, a 300-dpi grey PNG master, an A3 colour page. Database: the same rows and queries on an
 * encrypted and a plain SQLite file, both WAL + synchronous=FULL, with SQLite's default 2 MB page
 * cache (queries really read and decrypt pages) and with the station's 64 MB.
 */
const FILE_SIZES: [string, number][] = [
  ['thumbnail 12 KB', 12_000],
  ['view 180 KB', 180_000],
  ['G4 master 60 KB', 60_000],
  ['grey master 2.5 MB', 2_500_000],
  ['colour A3 25 MB', 25_000_000],
];
const ROWS = Number(process.env.BENCH_ENCRYPTION_ROWS ?? 100_000);
const ROWS_PER_COMMIT = 500;
const POINT_QUERIES = 20_000;

const mbps = (bytes: number, ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

function timeLoop(budgetMs: number, work: () => void): { runs: number; ms: number } {
  const started = performance.now();
  let runs = 0;
  do {
    work();
    runs++;
  } while (performance.now() - started < budgetMs);
  return { runs, ms: performance.now() - started };
}

async function fileCipherCase(root: string): Promise<void> {
  const key = StationKey.generate().fileKey();
  process.stdout.write('\nAES-256-GCM, in memory (one core):\n');
  for (const [label, size] of FILE_SIZES) {
    const plain = randomBytes(size);
    const sealed = encryptFile(key, 'a'.repeat(64), plain);
    const enc = timeLoop(1500, () => encryptFile(key, 'a'.repeat(64), plain));
    const dec = timeLoop(1500, () => decryptFile(key, 'a'.repeat(64), sealed));
    process.stdout.write(
      `  ${label.padEnd(20)} encrypt ${mbps(size * enc.runs, enc.ms).padStart(10)} (${((enc.ms / enc.runs) * 1000).toFixed(0)} µs/file)   decrypt ${mbps(size * dec.runs, dec.ms).padStart(10)} (${((dec.ms / dec.runs) * 1000).toFixed(0)} µs/file)\n`,
    );
  }

  // On disk, with the station's durable write (temp, fsync, rename, fsync of the folder): the
  // fsync dominates, so this is what a page costs the intake in practice.
  process.stdout.write('\nStoring and reading pages through the content store (durable write, then read back):\n');
  const store = new ContentStore(join(root, 'store'), key);
  for (const [label, size] of FILE_SIZES.slice(0, 4)) {
    const pages = Array.from({ length: 40 }, () => randomBytes(size));
    let started = performance.now();
    const hashes: string[] = [];
    for (const page of pages) hashes.push(await store.put(page));
    const putMs = performance.now() - started;
    started = performance.now();
    // What the store did before encryption: hash, then the same durable write of the plain bytes
    // into the same two-level layout (a new sub-folder costs its own fsync).
    const plainPath = (sha: string) => join(root, 'plain', label.split(' ')[0]!, sha.slice(0, 2), sha);
    for (const page of pages) await writeFileDurably(plainPath(sha256Hex(page)), page);
    const plainPutMs = performance.now() - started;
    started = performance.now();
    for (const sha of hashes) await store.read(sha);
    const readMs = performance.now() - started;
    started = performance.now();
    for (const sha of hashes) await readFile(plainPath(sha));
    const plainReadMs = performance.now() - started;
    const per = (ms: number) => `${(ms / pages.length).toFixed(2)} ms`;
    process.stdout.write(`  ${label.padEnd(20)} write ${per(putMs)} encrypted vs ${per(plainPutMs)} plain;   read ${per(readMs)} encrypted vs ${per(plainReadMs)} plain\n`);
  }
}

function prepare(db: Database, cacheKb: number): void {
  db.pragma(`cache_size = -${cacheKb}`);
  db.exec('CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, mrn TEXT NOT NULL, family TEXT NOT NULL, words TEXT NOT NULL)');
  db.exec('CREATE INDEX IF NOT EXISTS bench_rows_mrn ON bench_rows (mrn)');
}

function databaseRun(db: Database, cacheKb: number): { insertsPerSecond: number; pointQueriesPerSecond: number; scanMs: number } {
  prepare(db, cacheKb);
  const insert = db.prepare('INSERT INTO bench_rows (mrn, family, words) VALUES (?, ?, ?)');
  const words = 'Discharge summary patient seen in clinic follow up in two weeks blood pressure stable '.repeat(3);
  let started = performance.now();
  for (let from = 0; from < ROWS; from += ROWS_PER_COMMIT) {
    db.transaction(() => {
      for (let i = from; i < Math.min(ROWS, from + ROWS_PER_COMMIT); i++) insert.run(String(10_000_000 + i * 7), `Family${i % 5000}`, words);
    }).immediate();
  }
  const insertsPerSecond = ROWS / ((performance.now() - started) / 1000);
  const byMrn = db.prepare('SELECT id, family FROM bench_rows WHERE mrn = ?');
  started = performance.now();
  for (let q = 0; q < POINT_QUERIES; q++) byMrn.get(String(10_000_000 + ((q * 7919) % ROWS) * 7));
  const pointQueriesPerSecond = POINT_QUERIES / ((performance.now() - started) / 1000);
  started = performance.now();
  db.prepare("SELECT count(*) FROM bench_rows WHERE family LIKE 'Family42%'").get();
  return { insertsPerSecond, pointQueriesPerSecond, scanMs: performance.now() - started };
}

function databaseCase(root: string, cacheKb: number): void {
  process.stdout.write(`\nSQLite, ${ROWS.toLocaleString('en')} rows in commits of ${ROWS_PER_COMMIT} (WAL, synchronous=FULL, ${cacheKb / 1000} MB page cache):\n`);
  const encrypted = openDatabase(join(root, `encrypted-${cacheKb}.sqlite`), { key: StationKey.generate().databaseKey() });
  const plain = new DatabaseDriver(join(root, `plain-${cacheKb}.sqlite`));
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = FULL');
  try {
    const results = { encrypted: databaseRun(encrypted, cacheKb), plain: databaseRun(plain, cacheKb) };
    for (const [name, r] of Object.entries(results)) {
      process.stdout.write(
        `  ${name.padEnd(10)} ${Math.round(r.insertsPerSecond).toLocaleString('en').padStart(8)} inserts/s   ${Math.round(r.pointQueriesPerSecond).toLocaleString('en').padStart(8)} point queries/s   full scan ${r.scanMs.toFixed(0)} ms\n`,
      );
    }
    const ratio = (a: number, b: number) => `${((1 - a / b) * 100).toFixed(0)}%`;
    process.stdout.write(
      `  cost of encryption: inserts ${ratio(results.encrypted.insertsPerSecond, results.plain.insertsPerSecond)} slower, point queries ${ratio(results.encrypted.pointQueriesPerSecond, results.plain.pointQueriesPerSecond)} slower, full scan ${(results.encrypted.scanMs / results.plain.scanMs).toFixed(1)}x the time\n`,
    );
  } finally {
    encrypted.close();
    plain.close();
  }
}

export async function encryptionBench(): Promise<void> {
  process.stdout.write('\n## Encryption at rest\n');
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-bench-encryption-'));
  try {
    await fileCipherCase(root);
    // SQLite's default cache, then the station's: a decrypted page kept in the cache is not decrypted again.
    databaseCase(root, 2_000);
    databaseCase(root, 64_000);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
