import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';

/** Strong enough that no word on the page can be read, light enough that the layout still shows. */
const BLUR_SIGMA = 18;

/**
 * Documents of a type the catalogue marks sensitive (mental health, HIV, ...) are shown blurred
 * until the user states why they need to see them. The grant lasts for the session (it is in
 * memory: a restart or a new sign-in asks again); the reason goes to the audit trail.
 */
export class SensitiveAccess {
  private readonly grants = new Map<string, Set<string>>();

  constructor(
    private readonly db: Database,
    private readonly catalogue: DocumentTypeCatalogue,
  ) {}

  /** The type a document is filed as: the clerk's choice, else what its cover sheet said. */
  private typeCodesOfDocument(documentId: string): string[] {
    const row = this.db
      .prepare(
        `SELECT i.doc_type_code AS indexed, d.doc_type_code AS suggested FROM documents d
         LEFT JOIN document_index i ON i.document_id = d.id WHERE d.id = ?`,
      )
      .get(documentId) as { indexed: string | null; suggested: string | null } | undefined;
    return row ? [row.indexed ?? row.suggested].filter((c): c is string => Boolean(c)) : [];
  }

  isSensitiveDocument(documentId: string): boolean {
    return this.typeCodesOfDocument(documentId).some((code) => this.catalogue.find(code)?.sensitive === true);
  }

  documentOfPage(pageId: string): string | null {
    const row = this.db.prepare('SELECT document_id AS id FROM document_pages WHERE page_id = ?').get(pageId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  grant(sessionToken: string, documentId: string): void {
    const key = keyOf(sessionToken);
    const granted = this.grants.get(key) ?? new Set<string>();
    granted.add(documentId);
    this.grants.set(key, granted);
  }

  isGranted(sessionToken: string | null, documentId: string): boolean {
    return sessionToken !== null && (this.grants.get(keyOf(sessionToken))?.has(documentId) ?? false);
  }

  /** Whether this session must see the page blurred. */
  mustBlurPage(sessionToken: string | null, pageId: string): boolean {
    const documentId = this.documentOfPage(pageId);
    return documentId !== null && this.isSensitiveDocument(documentId) && !this.isGranted(sessionToken, documentId);
  }
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The blurred stand-in served instead of a sensitive page (same format as the original). */
export const blurredJpeg = (bytes: Buffer): Promise<Buffer> => sharp(bytes).blur(BLUR_SIGMA).jpeg({ quality: 60 }).toBuffer();
