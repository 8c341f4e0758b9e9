import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { openDatabase } from '../../electron/engine/db/connection.js';
import { PatientIndex, importPatientFile, searchPatients } from '../../electron/engine/indexing/patient-index/index.js';
import { type MpiPatient, fakeMpiPatients, writeMpiCsv } from '../samples/fake-mpi.js';
import { createRandom } from '../samples/random.js';
import { mib, sampleRss, seconds } from './measure.js';

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 1_000_000);
const QUERIES_PER_KIND = Number(process.env.BENCH_QUERIES ?? 300);
const TARGET_MS = 50;
const SEED = 20_240_307;

type QueryKind = 'mrn' | 'mrn-prefix' | 'family' | 'family+given' | 'swapped' | 'typo' | 'prefix-typing' | 'dob' | 'name+dob';

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** One plausible slip: a letter changed, dropped or two swapped, somewhere after the first. */
function typo(word: string, random: ReturnType<typeof createRandom>): string {
  const i = random.int(1, word.length - 2);
  switch (random.int(0, 2)) {
    case 0:
      return word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  }
}

function queryFor(kind: QueryKind, p: MpiPatient, random: ReturnType<typeof createRandom>): string {
  switch (kind) {
    case 'mrn':
      return p.mrn;
    case 'mrn-prefix':
      return p.mrn.slice(0, 6);
    case 'family':
      return p.family;
    case 'family+given':
      return `${p.family} ${p.given}`;
    case 'swapped':
      return random.chance(0.5) ? `${p.given} ${p.family}` : `${p.family}, ${p.given}`;
    case 'typo':
      return p.family.length >= 5 ? `${typo(p.family, random)} ${p.given}` : `${p.family} ${typo(p.given.padEnd(5, 'a'), random)}`;
    case 'prefix-typing':
      return `${p.family.slice(0, random.int(2, 4))} ${p.given.slice(0, random.int(1, 3))}`;
    case 'dob':
      return dmy(p.birthDate);
    case 'name+dob':
      return `${p.family} ${p.given} ${dmy(p.birthDate)}`;
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/**
 * Issue "Indexing" benchmark: import a million-patient MPI (CSV) into a fresh station database,
 * then time realistic clerk queries of each kind against the 50 ms target.
 */
export async function patientSearchBench(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-mpi-bench-'));
  try {
    process.stdout.write(`\n## Patient index (${PATIENTS.toLocaleString('en')} patients, ${QUERIES_PER_KIND} queries per kind)\n`);
    const csv = join(root, 'mpi.csv');
    let started = performance.now();
    // Every 1000th patient is kept to query for: the search must find real rows, not invented ones.
    const sample: MpiPatient[] = [];
    function* keepSome(): Generator<MpiPatient> {
      let i = 0;
      for (const p of fakeMpiPatients({ seed: SEED, count: PATIENTS })) {
        if (i++ % Math.max(1, Math.floor(PATIENTS / 5000)) === 0) sample.push(p);
        yield p;
      }
    }
    await writeMpiCsv(csv, keepSome());
    process.stdout.write(`generated CSV: ${mib((await stat(csv)).size)} in ${seconds(performance.now() - started)}\n`);

    const db = openDatabase(join(root, 'chartdesk.sqlite'), { key: StationKey.generate().databaseKey() });
    const index = new PatientIndex(db);
    const rss = sampleRss();
    started = performance.now();
    const summary = await importPatientFile(index, csv);
    const importMs = performance.now() - started;
    process.stdout.write(
      `import: ${summary.inserted} inserted, ${summary.rejected.length} rejected in ${seconds(importMs)} (${Math.round(summary.inserted / (importMs / 1000)).toLocaleString('en')} rows/s), peak RSS ${mib(rss.stop())}\n`,
    );
    db.pragma('optimize');
    const dbSize = (await stat(join(root, 'chartdesk.sqlite'))).size + (await stat(join(root, 'chartdesk.sqlite-wal')).catch(() => ({ size: 0 }))).size;
    const terms = (db.prepare('SELECT count(*) AS n FROM patient_name_terms').get() as { n: number }).n;
    process.stdout.write(`database: ${mib(dbSize)}, ${terms.toLocaleString('en')} distinct name terms\n`);

    started = performance.now();
    const again = await importPatientFile(index, csv);
    process.stdout.write(`re-import of the same file: ${again.unchanged} unchanged, ${again.updated} updated, ${again.inserted} inserted in ${seconds(performance.now() - started)}\n`);

    const random = createRandom(SEED).fork('queries');
    const kinds: QueryKind[] = ['mrn', 'mrn-prefix', 'family', 'family+given', 'swapped', 'typo', 'prefix-typing', 'dob', 'name+dob'];
    // Warm the page cache and statement cache as a station that has been open a while would be.
    for (let i = 0; i < 50; i++) searchPatients(index, queryFor(random.pick(kinds), random.pick(sample), random), { dateOrder: 'day-first' });

    process.stdout.write(`\n| query kind | median ms | p95 ms | max ms | found the patient | under ${TARGET_MS} ms |\n| --- | --- | --- | --- | --- | --- |\n`);
    for (const kind of kinds) {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < QUERIES_PER_KIND; i++) {
        const patient = random.pick(sample);
        const query = queryFor(kind, patient, random);
        const t0 = performance.now();
        // The queries write birth dates day first (dmy).
        const results = searchPatients(index, query, { limit: 20, dateOrder: 'day-first' });
        times.push(performance.now() - t0);
        if (results.some((r) => r.patient.mrn === patient.mrn)) found++;
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 0.95);
      process.stdout.write(
        `| ${kind} | ${percentile(times, 0.5).toFixed(1)} | ${p95.toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${((100 * found) / QUERIES_PER_KIND).toFixed(0)}% in top 20 | ${p95 < TARGET_MS ? 'yes' : 'NO'} (p95) |\n`,
      );
    }
    db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
