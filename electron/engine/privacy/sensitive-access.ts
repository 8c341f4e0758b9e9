import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';

/** Strong enough that no word on the page can be read, light enough that the layout still shows. */
const BLUR_SIGMA = 18;

/**
 * Documents of a type the catalogue marks sensitive (mental health, HIV, ...) are shown blurred,
 * their text and what was read from them withheld, until the user states why they need to see
 * them. Protection follows the page: a page that was ever in a sensitive document stays
 * protected after a split, move, delete or type change took it out (`protected_pages`), so no
 * page operation is a way round the reason. The grant lasts for the session and covers the pages
 * the document held when the reason was given (in memory: a restart or a new sign-in asks
 * again); the reason goes to the audit trail.
 */
export class SensitiveAccess {
  /** Per session (by token hash): the pages it stated a reason for. */
  private readonly grants = new Map<string, Set<string>>();

  constructor(
    private readonly db: Database,
    private readonly catalogue: DocumentTypeCatalogue,
    private readonly now: () => Date,
  ) {}

  private sensitiveCodes(): Set<string> {
    return new Set(
      this.catalogue
        .list()
        .filter((t) => t.sensitive)
        .map((t) => t.code.toLowerCase()),
    );
  }

  /** The type a document is filed as: the clerk's choice, else what its cover sheet said. */
  private typeCodeOfDocument(documentId: string): string | null {
    const row = this.db
      .prepare(
        `SELECT i.doc_type_code AS indexed, d.doc_type_code AS suggested FROM documents d
         LEFT JOIN document_index i ON i.document_id = d.id WHERE d.id = ?`,
      )
      .get(documentId) as { indexed: string | null; suggested: string | null } | undefined;
    return row?.indexed ?? row?.suggested ?? null;
  }

  /** Of a sensitive type now. */
  isSensitiveDocument(documentId: string): boolean {
    const code = this.typeCodeOfDocument(documentId);
    return code !== null && this.catalogue.find(code)?.sensitive === true;
  }

  documentOfPage(pageId: string): string | null {
    const row = this.db.prepare('SELECT document_id AS id FROM document_pages WHERE page_id = ?').get(pageId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private pagesOf(documentId: string): string[] {
    return (this.db.prepare('SELECT page_id AS id FROM document_pages WHERE document_id = ? ORDER BY position').all(documentId) as { id: string }[]).map((r) => r.id);
  }

  /**
   * Records the pages now in sensitive documents, before a change that may take them out. Call
   * inside the transaction of the change: a split, move, delete or undo of a batch's layout, a
   * type set by hand, a re-split by recognition, a type made not sensitive in the catalogue.
   */
  rememberPagesOf(scope: { batchId: string } | { documentId: string } | { docTypeCode: string }): void {
    const codes = this.sensitiveCodes();
    if (codes.size === 0) return;
    const where = 'batchId' in scope ? 'd.batch_id = ?' : 'documentId' in scope ? 'd.id = ?' : 'lower(COALESCE(i.doc_type_code, d.doc_type_code)) = lower(?)';
    const rows = this.db
      .prepare(
        `SELECT p.page_id AS pageId, d.id AS documentId, COALESCE(i.doc_type_code, d.doc_type_code) AS code
         FROM documents d JOIN document_pages p ON p.document_id = d.id LEFT JOIN document_index i ON i.document_id = d.id
         WHERE ${where}`,
      )
      .all('batchId' in scope ? scope.batchId : 'documentId' in scope ? scope.documentId : scope.docTypeCode) as { pageId: string; documentId: string; code: string | null }[];
    const insert = this.db.prepare('INSERT OR IGNORE INTO protected_pages (page_id, document_id, doc_type_code, since) VALUES (?, ?, ?, ?)');
    const at = this.now().toISOString();
    for (const row of rows) if (row.code && codes.has(row.code.toLowerCase())) insert.run(row.pageId, row.documentId, row.code, at);
  }

  /** In a sensitive document now, or ever before. */
  isProtectedPage(pageId: string): boolean {
    if (this.db.prepare('SELECT 1 FROM protected_pages WHERE page_id = ?').get(pageId)) return true;
    const documentId = this.documentOfPage(pageId);
    return documentId !== null && this.isSensitiveDocument(documentId);
  }

  /** Of a sensitive type, or holding a page that was in a sensitive document: shown behind the reason gate. */
  isProtectedDocument(documentId: string): boolean {
    if (this.isSensitiveDocument(documentId)) return true;
    return Boolean(this.db.prepare('SELECT 1 FROM document_pages p JOIN protected_pages x ON x.page_id = p.page_id WHERE p.document_id = ? LIMIT 1').get(documentId));
  }

  /** A reason was stated: this session sees the document's pages (those it holds now). */
  grant(sessionToken: string, documentId: string): void {
    const key = keyOf(sessionToken);
    const granted = this.grants.get(key) ?? new Set<string>();
    for (const pageId of this.pagesOf(documentId)) granted.add(pageId);
    this.grants.set(key, granted);
  }

  private isGrantedPage(sessionToken: string | null, pageId: string): boolean {
    return sessionToken !== null && (this.grants.get(keyOf(sessionToken))?.has(pageId) ?? false);
  }

  /** Whether this session must see the page blurred, and be refused its text and what was read from it. */
  mustBlurPage(sessionToken: string | null, pageId: string): boolean {
    return this.isProtectedPage(pageId) && !this.isGrantedPage(sessionToken, pageId);
  }

  /** Whether what was read from this document's pages (suggestions, evidence, QC sentences) is withheld from this session. */
  mustWithholdDocument(sessionToken: string | null, documentId: string): boolean {
    return this.pagesOf(documentId).some((pageId) => this.mustBlurPage(sessionToken, pageId));
  }
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The blurred stand-in served instead of a sensitive page (same format as the original). */
export const blurredJpeg = (bytes: Buffer): Promise<Buffer> => sharp(bytes).blur(BLUR_SIGMA).jpeg({ quality: 60 }).toBuffer();
