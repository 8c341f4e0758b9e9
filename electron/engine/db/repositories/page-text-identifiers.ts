import type { Database } from 'better-sqlite3-multiple-ciphers';
import { prepared } from '../prepared.js';

/** A page has one kept reading: a new one replaces it. */
const REPLACE_READING = `ON CONFLICT (page_id) DO UPDATE SET reader_version = excluded.reader_version, date_order = excluded.date_order,
  read_year = excluded.read_year, identifiers = excluded.identifiers`;

/** How a kept reading was made (see indexing/page-text-identifiers.ts). */
export interface TextReadingKey {
  version: number;
  order: string;
  year: number;
}

/**
 * The patient identifiers read from each page's OCR text, kept as JSON with how they were read
 * (migration 0023). A change of the text deletes its row (a trigger), so a kept row always
 * belongs to the text beside it.
 */
export class PageTextIdentifierRepository {
  constructor(private readonly db: Database) {}

  /** Keeps a page's reading; call in the transaction that writes its text. */
  keep(pageId: string, reading: TextReadingKey, identifiers: string): void {
    prepared(
      this.db,
      `INSERT INTO page_text_identifiers (page_id, reader_version, date_order, read_year, identifiers) VALUES (?, ?, ?, ?, ?)

       ${REPLACE_READING}`,
    ).run(pageId, reading.version, reading.order, reading.year, identifiers);
  }

  /**
   * Keeps readings made outside the text's transaction (a page read before they were kept, or
   * under another date order or year), each only if its page still has the text it was read from.
   */
  keepAll(readings: readonly { pageId: string; text: string; json: string }[], reading: TextReadingKey): void {
    const keep = prepared(
      this.db,
      `INSERT INTO page_text_identifiers (page_id, reader_version, date_order, read_year, identifiers)
         SELECT page_id, ?, ?, ?, ? FROM page_recognition WHERE page_id = ? AND ocr_text = ?

       ${REPLACE_READING}`,
    );
    this.db.transaction(() => {
      for (const r of readings) keep.run(reading.version, reading.order, reading.year, r.json, r.pageId, r.text);
    })();
  }

  /** The kept readings of a batch's pages made under `reading`, by page id (JSON). */
  ofBatch(batchId: string, reading: TextReadingKey): Map<string, string> {
    const rows = prepared(
      this.db,
      `SELECT i.page_id AS pageId, i.identifiers FROM pages p JOIN page_text_identifiers i ON i.page_id = p.id
       WHERE p.batch_id = ? AND i.reader_version = ? AND i.date_order = ? AND i.read_year = ?`,
    ).all(batchId, reading.version, reading.order, reading.year) as { pageId: string; identifiers: string }[];
    return new Map(rows.map((r) => [r.pageId, r.identifiers]));
  }
}
