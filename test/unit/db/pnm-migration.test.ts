import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/engine/db/migrate.js';
import { migrations } from '../../../electron/engine/db/migrations/index.js';

const before = migrations.filter((m) => m.version < 14);

function stationDatabase() {
  const db = new BetterSqlite3(':memory:');
  // As the station opens it: foreign keys enforced.
  db.pragma('foreign_keys = ON');
  return db;
}

function seedBatch(db: BetterSqlite3.Database) {
  db.prepare(`INSERT INTO batches (id, seq, status, station, operator, created_at) VALUES ('b1', 1, 'ready', 'S', 'op', '2026-01-01T00:00:00Z')`).run();
  db.prepare(
    `INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at, purged_at)
     VALUES ('f1', 'b1', 'scan.tif', 'tiff', 10, 'abc', 1, 'originals/f1', '2026-01-01T00:00:00Z', NULL)`,
  ).run();
  db.prepare(
    `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed, color_mode, master_sha256, master_type, view_sha256, thumb_sha256)
     VALUES ('p1', 'b1', 'f1', 1, 1, 100, 100, 200, 0, 'gray', 'm', 'image/png', 'v', 't')`,
  ).run();
}

describe('migration 14: PNM sources and text found on blank pages', () => {
  it('keeps every source file and the pages that point at it, and accepts the pnm format', () => {
    const db = stationDatabase();
    migrate(db, before);
    seedBatch(db);
    expect(() => db.prepare(`UPDATE source_files SET format = 'pnm'`).run()).toThrow(/CHECK constraint/);

    expect(migrate(db, migrations)).toContain(14);
    expect(db.prepare('SELECT id, batch_id AS batchId, format, sha256, archive_path AS archivePath, purged_at AS purgedAt FROM source_files').all()).toEqual([
      { id: 'f1', batchId: 'b1', format: 'tiff', sha256: 'abc', archivePath: 'originals/f1', purgedAt: null },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare(`UPDATE source_files SET format = 'pnm'`).run();
    expect(() => db.prepare(`UPDATE source_files SET format = 'gif'`).run()).toThrow(/CHECK constraint/);
    // The rebuilt table is still the parent of pages: a page of an unknown file is refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed, color_mode, master_sha256, master_type, view_sha256, thumb_sha256)
           VALUES ('p2', 'b1', 'nope', 1, 2, 100, 100, 200, 0, 'gray', 'm', 'image/png', 'v', 't')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'source_files'`).get()).toEqual({ sql: expect.stringMatching(/STRICT$/) });
  });

  it('marks no page as having had text found on it', () => {
    const db = stationDatabase();
    migrate(db, before);
    seedBatch(db);
    db.prepare(`INSERT INTO page_recognition (page_id) VALUES ('p1')`).run();
    migrate(db, migrations);
    expect(db.prepare('SELECT text_on_blank AS t FROM page_recognition').all()).toEqual([{ t: 0 }]);
  });
});
