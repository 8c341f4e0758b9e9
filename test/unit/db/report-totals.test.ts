import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';
import { BatchRepository } from '../../../electron/engine/db/repositories/batches.js';
import { DocumentLayoutRepository } from '../../../electron/engine/db/repositories/document-layout.js';
import { IndexingRepository } from '../../../electron/engine/db/repositories/indexing.js';
import { splitOffDocument } from '../../../electron/engine/indexing/layout/batch-layout.js';
import { OutboxRepository } from '../../../electron/engine/db/repositories/outbox.js';
import { ReportsRepository } from '../../../electron/engine/db/repositories/reports.js';
import { localDay } from '../../../electron/engine/reports/report-period.js';
import { memoryDatabaseBefore } from '../../support/memory-database.js';

/** Local wall-clock time in March 2026 (days are the station's local days). */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).toISOString();
const ALL_DAYS = { first: '0000-01-01', last: '9999-12-31' };

type Work = [batches: number, pages: number, documents: number, indexedDocuments: number, indexedPages: number];

/**
 * What the report computed before migration 22, from the rows themselves: the queries it ran
 * (over all time), grouped by local day in JavaScript the way it grouped them.
 */
function byOldReport(db: Database) {
  const work = new Map<string, Work>();
  const add = (iso: string, operator: string, more: Work) => {
    const key = `${localDay(iso)} ${operator}`;
    const w = work.get(key) ?? [0, 0, 0, 0, 0];
    work.set(key, w.map((n, i) => n + more[i]!) as Work);
  };
  const batches = db
    .prepare(
      `SELECT b.created_at AS createdAt, b.operator_name AS operator,
         (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id) AS pages, (SELECT COUNT(*) FROM documents d WHERE d.batch_id = b.id) AS documents
       FROM batches b`,
    )
    .all() as { createdAt: string; operator: string | null; pages: number; documents: number }[];
  for (const b of batches) add(b.createdAt, b.operator ?? 'Unclaimed', [1, b.pages, b.documents, 0, 0]);
  const confirmed = db
    .prepare(
      `SELECT i.confirmed_at AS confirmedAt, COALESCE(i.confirmed_by, '') AS confirmedBy,
         (SELECT COUNT(*) FROM document_pages dp JOIN pages p ON p.id = dp.page_id WHERE dp.document_id = i.document_id AND p.deleted_at IS NULL) AS pages
       FROM document_index i WHERE i.status = 'confirmed' AND i.confirmed_at IS NOT NULL`,
    )
    .all() as { confirmedAt: string; confirmedBy: string; pages: number }[];
  for (const d of confirmed) add(d.confirmedAt, d.confirmedBy, [0, 0, 0, 1, d.pages]);
  const delivered = (
    db
      .prepare(
        `SELECT b.created_at AS scannedAt, MAX(o.delivered_at) AS deliveredAt
         FROM outbox o JOIN documents d ON d.id = o.document_id JOIN batches b ON b.id = d.batch_id
         WHERE o.state = 'delivered' AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.document_id = o.document_id AND x.state <> 'delivered')
         GROUP BY o.document_id`,
      )
      .all() as { scannedAt: string; deliveredAt: string }[]
  ).map((d) => `${localDay(d.deliveredAt)} ${Math.max(0, (Date.parse(d.deliveredAt) - Date.parse(d.scannedAt)) / 60_000)}`);
  return { work: Object.fromEntries([...work].sort()), delivered: delivered.sort() };
}

/** The same figures as migration 22's totals hold them. */
function byTotals(db: Database) {
  const reports = new ReportsRepository(db);
  const work = reports.dailyWork(ALL_DAYS).map((w): [string, Work] => [`${w.day} ${w.operator}`, [w.scannedBatches, w.scannedPages, w.scannedDocuments, w.indexedDocuments, w.indexedPages]]);
  const delivered = (db.prepare('SELECT day, elapsed_ms AS ms FROM report_delivered_documents').all() as { day: string; ms: number }[]).map((d) => `${d.day} ${Math.max(0, d.ms / 60_000)}`);
  return { work: Object.fromEntries(work.sort()), delivered: delivered.sort() };
}

/** A station's history written as rows: claimed and unclaimed batches, set-aside pages, reopened documents, two targets. */
function seedHistory(db: Database) {
  const batch = db.prepare(`INSERT INTO batches (id, seq, status, station, operator, operator_name, created_at) VALUES (?, ?, 'ready', 'SCAN-01', '', ?, ?)`);
  const file = db.prepare(`INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at) VALUES (?, ?, 'x.tif', 'tiff', 1, ?, 1, 'x', ?)`);
  const page = db.prepare(
    `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed, color_mode, master_sha256, master_type, view_sha256, thumb_sha256, deleted_at)
     VALUES (?, ?, ?, ?, ?, 100, 100, 200, 0, 'bilevel', 'm', 'image/tiff', 'v', 't', ?)`,
  );
  const doc = db.prepare(`INSERT INTO documents (id, batch_id, sequence, origin, complete) VALUES (?, ?, ?, 'file', 1)`);
  const docPage = db.prepare('INSERT INTO document_pages (document_id, page_id, position) VALUES (?, ?, ?)');
  const index = db.prepare('INSERT INTO document_index (document_id, status, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?)');
  const outbox = db.prepare(`INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, next_attempt_at, created_at, updated_at, delivered_at) VALUES (?, ?, ?, ?, '1', ?, ?, ?, ?, ?)`);
  const batches: [id: string, operator: string | null, createdAt: string, docs: number[]][] = [
    ['b1', 'Alice', at(9, 23, 55), [2, 3]],
    ['b2', null, at(10, 0, 5), [1]],
    ['b3', 'Bob', at(10, 8), [4, 1, 2]],
    ['b4', '', at(11, 12), [1]],
  ];
  let seq = 0;
  for (const [id, operator, createdAt, docs] of batches) {
    batch.run(id, ++seq, operator, createdAt);
    file.run(`f-${id}`, id, `sha-${id}`, createdAt);
    let sequence = 0;
    docs.forEach((pages, i) => {
      const docId = `${id}-d${i + 1}`;
      doc.run(docId, id, i + 1);
      for (let p = 1; p <= pages; p++) {
        sequence += 1;
        page.run(`${docId}-p${p}`, id, `f-${id}`, sequence, sequence, p === 2 ? createdAt : null);
        docPage.run(docId, `${docId}-p${p}`, p);
      }
    });
  }
  // Confirmed by Bob, by nobody named, by Alice late at night; one left open.
  index.run('b1-d1', 'confirmed', 'Bob', at(10, 9));
  index.run('b1-d2', 'confirmed', null, at(10, 23, 59));
  index.run('b2-d1', 'confirmed', 'Alice', at(11, 0, 1));
  index.run('b3-d1', 'confirmed', 'Bob', at(11, 9));
  index.run('b3-d2', 'open', null, null);
  // b1-d1 reached both targets (the later one counts), b1-d2 one of two, b2-d1 is on its way.
  let o = 0;
  const deliver = (docId: string, target: string, state: string, deliveredAt: string | null) => outbox.run(`o${++o}`, o, docId, target, state, at(10, 9), at(10, 9), at(10, 9), deliveredAt);
  deliver('b1-d1', 't1', 'delivered', at(10, 9, 30));
  deliver('b1-d1', 't2', 'delivered', at(11, 1));
  deliver('b1-d2', 't1', 'delivered', at(11, 2));
  deliver('b1-d2', 't2', 'failed', null);
  deliver('b2-d1', 't1', 'pending', null);
  deliver('b3-d1', 't1', 'delivered', at(11, 10, 7));
}

describe('migration 22: report totals by day', () => {
  it('starts from what the report computed from the rows a station already has', () => {
    const db = memoryDatabaseBefore(22);
    seedHistory(db);
    const before = byOldReport(db);

    const upTo22 = migrations.filter((m) => m.version <= 22);
    expect(migrate(db, upTo22)).toEqual([22]);
    expect(byTotals(db)).toEqual(before);
    // The seed has what the test is about: unclaimed and unnamed work, days on both sides of midnight, deliveries.
    expect(Object.keys(before.work)).toEqual(expect.arrayContaining([`${localDay(at(10, 0, 5))} Unclaimed`, `${localDay(at(11, 12))} `]));
    expect(before.delivered).toHaveLength(2);
  });

  it('keeps them equal to the rows as work is reopened, re-confirmed, set aside, re-split, renamed and delivered', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    seedHistory(db);
    expect(byTotals(db)).toEqual(byOldReport(db));

    const changes: [string, () => void][] = [
      ['reopen', () => db.prepare(`UPDATE document_index SET status = 'open', confirmed_by = NULL, confirmed_at = NULL WHERE document_id = 'b1-d1'`).run()],
      ['re-confirm by another clerk', () => db.prepare(`UPDATE document_index SET status = 'confirmed', confirmed_by = 'Carol', confirmed_at = ? WHERE document_id = 'b1-d1'`).run(at(12, 8))],
      ['set a page aside', () => db.prepare(`UPDATE pages SET deleted_at = ? WHERE id = 'b3-d1-p1'`).run(at(12, 9))],
      ['put it back', () => db.prepare(`UPDATE pages SET deleted_at = NULL WHERE id = 'b3-d1-p2'`).run()],
      ['claim a batch', () => db.prepare(`UPDATE batches SET operator_name = 'Dan' WHERE id = 'b2'`).run()],
      ['deliver the failed target', () => db.prepare(`UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE document_id = 'b1-d2' AND target_id = 't2'`).run(at(12, 7))],
      [
        'queue a further target',
        () =>
          db
            .prepare(
              `INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, next_attempt_at, created_at, updated_at) VALUES ('o99', 99, 'b3-d1', 't3', '1', 'pending', 'x', 'x', 'x')`,
            )
            .run(),
      ],
      ['re-split a batch', () => new DocumentLayoutRepository(db).replace('b3', [splitOffDocument('b3-x1', ['b3-d1-p1', 'b3-d1-p2'])])],
      [
        're-split a batch with a delivered document',
        () => new DocumentLayoutRepository(db).replace('b1', [splitOffDocument('b1-d1', ['b1-d1-p1']), splitOffDocument('b1-y', ['b1-d1-p2', 'b1-d2-p1'])]),
      ],
      ['remove an index record', () => db.prepare(`DELETE FROM document_index WHERE document_id = 'b2-d1'`).run()],
    ];
    for (const [change, write] of changes) {
      write();
      expect(byTotals(db), change).toEqual(byOldReport(db));
    }
  });
});

describe('report totals are written in the transaction that does the work', () => {
  const newStation = () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    return {
      db,
      reports: new ReportsRepository(db),
      batches: new BatchRepository(db),
      layout: new DocumentLayoutRepository(db),
      indexing: new IndexingRepository(db),
      outbox: new OutboxRepository(db),
    };
  };
  const page = (id: string) => ({
    id,
    sourcePageNumber: Number(id.slice(-1)),
    width: 100,
    height: 100,
    dpi: 300,
    dpiAssumed: false,
    colorMode: 'bilevel' as const,
    masterSha256: 'm',
    masterType: 'image/tiff',
    viewSha256: 'v',
    thumbSha256: 't',
  });
  const ingest = (s: ReturnType<typeof newStation>) => {
    s.batches.insert({
      id: 'b1',
      station: 'SCAN-01',
      operator: { id: 'u1', name: 'Alice' },
      createdAt: at(9, 8),
      sourceFile: { id: 'f1', originalName: 'x.tif', format: 'tiff', sizeBytes: 1, sha256: 'sha', archivePath: 'x' },
      pages: [page('p1'), page('p2'), page('p3')],
    });
    s.layout.replace('b1', [splitOffDocument('d1', ['p1', 'p2']), splitOffDocument('d2', ['p3'])]);
  };
  const confirm = (s: ReturnType<typeof newStation>) => s.indexing.setStatus('d1', 'confirmed', 'Bob', at(9, 10));
  const deliver = (s: ReturnType<typeof newStation>) => {
    s.outbox.enqueue('d1', 't1', '1', at(9, 10));
    s.outbox.markDelivered(s.outbox.forDocument('d1')[0]!.id, 'receipt', at(9, 10, 30));
  };
  const work = (s: ReturnType<typeof newStation>) => s.reports.dailyWork(ALL_DAYS);
  const delivered = (s: ReturnType<typeof newStation>) => s.reports.deliveriesByDay(ALL_DAYS);
  const failing = (s: ReturnType<typeof newStation>, write: () => void, inside: () => void) =>
    expect(() =>
      s.db.transaction(() => {
        write();
        inside();
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');

  it('ingesting: the batch, its pages and documents count on its day, and not after a rollback', () => {
    const s = newStation();
    const scanned = { day: localDay(at(9, 8)), operator: 'Alice', scannedBatches: 1, scannedPages: 3, scannedDocuments: 2, indexedDocuments: 0, indexedPages: 0 };
    failing(
      s,
      () => ingest(s),
      () => expect(work(s)).toEqual([scanned]),
    );
    expect(work(s)).toEqual([]);
    s.db.transaction(() => ingest(s))();
    expect(work(s)).toEqual([scanned]);
  });

  it('confirming: the document and its pages count for the clerk on the day, and not after a rollback', () => {
    const s = newStation();
    s.db.transaction(() => ingest(s))();
    const before = work(s);
    const indexed = { day: localDay(at(9, 10)), operator: 'Bob', scannedBatches: 0, scannedPages: 0, scannedDocuments: 0, indexedDocuments: 1, indexedPages: 2 };
    failing(
      s,
      () => confirm(s),
      () => expect(work(s)).toEqual([...before, indexed]),
    );
    expect(work(s)).toEqual(before);
    s.db.transaction(() => confirm(s))();
    expect(work(s)).toEqual([...before, indexed]);
  });

  it('delivering: the document counts on the day it arrived, scan to delivery in milliseconds, and not after a rollback', () => {
    const s = newStation();
    s.db.transaction(() => {
      ingest(s);
      confirm(s);
    })();
    failing(
      s,
      () => deliver(s),
      () => expect(delivered(s)).toEqual([{ day: localDay(at(9, 10, 30)), documents: 1 }]),
    );
    expect(delivered(s)).toEqual([]);
    s.db.transaction(() => deliver(s))();
    expect(delivered(s)).toEqual([{ day: localDay(at(9, 10, 30)), documents: 1 }]);
    expect(s.reports.deliveryTimesFromRank(ALL_DAYS, 0)).toEqual([150 * 60_000]);
  });
});
