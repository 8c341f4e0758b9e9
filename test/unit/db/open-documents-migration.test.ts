import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';
import { memoryDatabase, memoryDatabaseBefore } from '../../support/memory-database.js';

const AT = '2026-01-05T10:00:00.000Z';

/** The rule open_documents stands for: documents with no index record, or an open one. */
const openByRule = (db: Database) =>
  db.prepare(`SELECT d.id AS documentId, d.batch_id AS batchId FROM documents d LEFT JOIN document_index i ON i.document_id = d.id WHERE COALESCE(i.status, 'open') = 'open' ORDER BY d.id`).all();
const openTable = (db: Database) => db.prepare('SELECT document_id AS documentId, batch_id AS batchId FROM open_documents ORDER BY document_id').all();

function withBatches(db: Database) {
  for (const id of ['b1', 'b2']) {
    db.prepare(`INSERT INTO batches (id, seq, status, station, operator, created_at) VALUES (?, ?, 'ready', 'SCAN-01', '', ?)`).run(id, id === 'b1' ? 1 : 2, AT);
  }
}
const addDocument = (db: Database, id: string, batchId: string, sequence: number) =>
  db.prepare(`INSERT INTO documents (id, batch_id, sequence, origin, complete) VALUES (?, ?, ?, 'file', 1)`).run(id, batchId, sequence);
const setIndex = (db: Database, id: string, status: 'open' | 'confirmed') =>
  db
    .prepare(
      `INSERT INTO document_index (document_id, status, confirmed_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(document_id) DO UPDATE SET status = excluded.status`,
    )
    .run(id, status, status === 'confirmed' ? AT : null, AT);

describe('migration 20: the documents not confirmed yet, kept as a table', () => {
  it('starts from the documents a station already has', () => {
    const db = memoryDatabaseBefore(20);
    withBatches(db);
    addDocument(db, 'd1', 'b1', 1);
    addDocument(db, 'd2', 'b1', 2);
    addDocument(db, 'd3', 'b2', 1);
    setIndex(db, 'd1', 'confirmed');
    setIndex(db, 'd2', 'open');
    // An index record whose document a re-split removed.
    setIndex(db, 'gone', 'open');

    expect(migrate(db, migrations)).toContain(20);
    expect(openTable(db)).toEqual([
      { documentId: 'd2', batchId: 'b1' },
      { documentId: 'd3', batchId: 'b2' },
    ]);
  });

  it('follows every write to documents and their index records', () => {
    const db = memoryDatabase();
    withBatches(db);
    const steps: [string, () => void][] = [
      ['a new document', () => addDocument(db, 'd1', 'b1', 1)],
      ['an index record before its document (the clerk was faster than a re-split)', () => setIndex(db, 'd2', 'confirmed')],
      ['its document arrives', () => addDocument(db, 'd2', 'b1', 2)],
      ['values chosen, still open', () => setIndex(db, 'd1', 'open')],
      ['confirmed', () => setIndex(db, 'd1', 'confirmed')],
      ['reopened', () => setIndex(db, 'd1', 'open')],
      ['confirmed again', () => setIndex(db, 'd1', 'confirmed')],
      ['an open record dropped (as a re-split does)', () => db.prepare(`DELETE FROM document_index WHERE document_id = 'd2'`).run()],
      [
        'a re-split replaces the document rows',
        () => {
          db.prepare(`DELETE FROM documents WHERE batch_id = 'b1'`).run();
          addDocument(db, 'd1', 'b1', 1);
          addDocument(db, 'd3', 'b1', 2);
        },
      ],
      ['a document in another batch', () => addDocument(db, 'd4', 'b2', 1)],
      ['its record renamed', () => db.prepare(`UPDATE document_index SET document_id = 'd4' WHERE document_id = 'd1'`).run()],
    ];
    for (const [step, write] of steps) {
      write();
      expect(openTable(db), step).toEqual(openByRule(db));
    }
    expect(openTable(db)).toEqual([
      { documentId: 'd1', batchId: 'b1' },
      { documentId: 'd3', batchId: 'b1' },
    ]);
  });
});
