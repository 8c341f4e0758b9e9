import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DocumentType, defaultDocumentTypes, findDocumentType } from '../../../../shared/domain/document-types.js';

/**
 * The built-in LOINC catalogue with this station's changes on top (edited names, local types,
 * sensitive and date-of-service flags), kept in SQLite.
 */
export class DocumentTypeCatalogue {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  list(): DocumentType[] {
    const local = (this.db.prepare('SELECT entry FROM document_types').all() as { entry: string }[]).map((r) => DocumentType.parse(JSON.parse(r.entry)));
    const byCode = new Map(defaultDocumentTypes.map((t) => [t.code, t]));
    for (const entry of local) byCode.set(entry.code, entry);
    return [...byCode.values()];
  }

  find(code: string): DocumentType | null {
    return findDocumentType(code, this.list());
  }

  save(entry: DocumentType, userName: string): DocumentType[] {
    this.db
      .prepare(
        `INSERT INTO document_types (code, entry, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(code) DO UPDATE SET entry = excluded.entry, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      )
      .run(entry.code, JSON.stringify(entry), userName, this.now().toISOString());
    return this.list();
  }
}
