import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../electron/engine/audit/audit-log.js';
import { AuditTrailSearch } from '../../electron/engine/audit/audit-search.js';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { openDatabase } from '../../electron/engine/db/connection.js';
import { mib, seconds } from './measure.js';

const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 500_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 50);
const PEOPLE = 40;

const ms = (t: number) => `${t.toFixed(1)} ms`;

/** Median and 95th percentile of a query run QUERIES times with different values. */
function time(run: (i: number) => void): string {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return `median ${ms(times[Math.floor(times.length / 2)]!)}, p95 ${ms(times[Math.floor(times.length * 0.95)]!)}`;
}

/**
 * Issue 13: a station's audit trail after years of work. Writing (HMAC and the patient index),
 * verifying the keyed chain, and the Audit screen's searches, by index and (for comparison)
 * by reading every entry's details.
 */
export async function auditBench(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'chartdesk-audit-bench-'));
  try {
    process.stdout.write(`\n## Audit trail (${ENTRIES.toLocaleString('en')} entries, ${QUERIES} queries per kind)\n`);
    const key = StationKey.generate();
    const db = openDatabase(join(root, 'chartdesk.sqlite'), { key: key.databaseKey() });
    let t = Date.parse('2020-01-01T00:00:00Z');
    const audit = new AuditLog(db, key.auditChainKey(), () => new Date((t += 400_000)));
    const documents = Math.ceil(ENTRIES / 10);
    const mrnOf = (d: number) => `M${String(d % Math.ceil(documents / 3)).padStart(7, '0')}`;
    db.pragma('foreign_keys = OFF');
    const file = db.prepare('INSERT INTO document_index (document_id, patient_mrn) VALUES (?, ?)');
    db.transaction(() => {
      for (let d = 0; d < documents; d++) file.run(`doc-${d}`, mrnOf(d));
    })();

    let started = performance.now();
    const chunk = 5_000;
    for (let done = 0; done < ENTRIES; done += chunk) {
      db.transaction(() => {
        for (let i = done; i < Math.min(ENTRIES, done + chunk); i++) {
          const d = (i * 7919) % documents;
          const user = { id: `u-${i % PEOPLE}`, name: `clerk${i % PEOPLE}` };
          if (i % 10 === 0) audit.record({ user, action: 'index-changed', subject: { type: 'document', id: `doc-${d}` }, details: { before: { patientMrn: null }, after: { patientMrn: mrnOf(d) } } });
          else if (i % 10 === 1) audit.record({ user, action: 'sign-in' });
          else audit.record({ user, action: 'document-viewed', subject: { type: 'document', id: `doc-${d}` } });
        }
      })();
    }
    const writing = performance.now() - started;
    process.stdout.write(`record: ${((ENTRIES / writing) * 1000).toFixed(0)} entries/s (${seconds(writing)}), database ${mib((await stat(join(root, 'chartdesk.sqlite'))).size)}\n`);

    started = performance.now();
    const verified = audit.verify();
    process.stdout.write(`verify (HMAC chain): ${seconds(performance.now() - started)} -> ${JSON.stringify(verified)}\n`);

    const search = new AuditTrailSearch(db);
    const mrn = (i: number) => mrnOf((i * 104_729) % documents);
    process.stdout.write(`first page by MRN (index): ${time((i) => search.page({ mrn: mrn(i) }, { limit: 50 }))}\n`);
    process.stdout.write(`first page by person: ${time((i) => search.page({ person: `CLERK${i % PEOPLE}` }, { limit: 50 }))}\n`);
    process.stdout.write(`first page by document: ${time((i) => search.page({ documentId: `doc-${(i * 31) % documents}` }, { limit: 50 }))}\n`);
    process.stdout.write(`first page by action: ${time(() => search.page({ actions: ['index-changed'] }, { limit: 50 }))}\n`);
    process.stdout.write(`first page by one day: ${time((i) => search.page({ from: `2021-0${(i % 9) + 1}-15`, to: `2021-0${(i % 9) + 1}-15` }, { limit: 50 }))}\n`);
    process.stdout.write(`first page, no filter: ${time(() => search.page({}, { limit: 50 }))}\n`);
    process.stdout.write(`people list: ${time(() => search.people())}\n`);
    const scan = db.prepare('SELECT seq FROM audit_log WHERE details LIKE ? ORDER BY seq DESC LIMIT 50');
    const few = Math.max(3, Math.floor(QUERIES / 10));
    const scanTimes: number[] = [];
    for (let i = 0; i < few; i++) {
      const s = performance.now();
      scan.all(`%${mrn(i)}%`);
      scanTimes.push(performance.now() - s);
    }
    process.stdout.write(`for comparison, reading every details JSON for an MRN: median ${ms(scanTimes.sort((a, b) => a - b)[Math.floor(few / 2)]!)} (${few} queries)\n`);
    db.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
