import { createHash } from 'node:crypto';
import type { ReadPurpose } from '../../../shared/api/contract.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Caller } from './dispatcher.js';
import { actor } from './dispatcher.js';

/** What a person opens: a batch (its pages), a document (its index), a page (its text). */
export interface OpenedSubject {
  type: 'batch' | 'document' | 'page';
  id: string;
  /** Which view of it (the review of a batch, the text of a page): each is its own opening. */
  part?: 'review' | 'text' | 'correction';
}

/** Sessions and records remembered; beyond these the oldest is forgotten (its next read is recorded again). */
const MAX_SESSIONS = 500;
const MAX_OPEN_PER_SESSION = 2000;

const sessionKey = (token: string) => createHash('sha256').update(token).digest('hex');
const subjectKey = (s: OpenedSubject) => `${s.type}:${s.id}:${s.part ?? ''}`;

/**
 * What each session has open, so the audit trail holds one "document-viewed" per opening and
 * none per refresh. The screen says which a read is: `open` when a person opens something (always
 * recorded), `refresh` when it fetches again what it shows (recognition progress, events). A
 * refresh of something the session never opened is recorded as an opening: a caller cannot read
 * a record unrecorded by calling its reads refreshes, and a refresh of an open record can never
 * write an entry. In memory, like the sensitive-document grants: a restart or a new sign-in
 * records the next read again.
 */
export class OpenedRecords {
  private readonly bySession = new Map<string, Set<string>>();

  /**
   * Whether this read opens the subject (record it) or refreshes what the session has open (do
   * not). `within`: records that contain the subject (a page's batch and document); a refresh of
   * a subject inside one the session has open is part of that opening.
   */
  isOpening(sessionToken: string | null, subject: OpenedSubject, purpose: ReadPurpose, within: readonly OpenedSubject[] = []): boolean {
    if (sessionToken === null) return true;
    const key = sessionKey(sessionToken);
    let open = this.bySession.get(key);
    if (!open) {
      open = new Set();
      this.bySession.set(key, open);
      if (this.bySession.size > MAX_SESSIONS) this.bySession.delete(this.bySession.keys().next().value!);
    }
    const k = subjectKey(subject);
    if (purpose === 'refresh' && (open.has(k) || within.some((w) => open.has(subjectKey(w))))) return false;
    // Re-added at the end: the set's order is least recently opened first.
    open.delete(k);
    open.add(k);
    if (open.size > MAX_OPEN_PER_SESSION) open.delete(open.values().next().value!);
    return true;
  }

  /** The session ended: what it had open is closed. */
  forget(sessionToken: string | null): void {
    if (sessionToken !== null) this.bySession.delete(sessionKey(sessionToken));
  }
}

/** Records a person's opening of a record (PHI access) in the audit trail; a refresh records nothing. */
export function recordOpening(
  ctx: { opened: OpenedRecords; audit: Pick<AuditLog, 'record'> },
  caller: Caller,
  subject: OpenedSubject,
  purpose: ReadPurpose,
  within: readonly OpenedSubject[] = [],
): void {
  if (!ctx.opened.isOpening(caller.sessionToken, subject, purpose, within)) return;
  ctx.audit.record({ user: actor(caller), action: 'document-viewed', subject: { type: subject.type, id: subject.id }, ...(subject.part ? { details: { part: subject.part } } : {}) });
}

/**
 * A page image served to a session. The screens open a batch before they show its pages, so this
 * is usually part of that opening (or of its document's); a page read from a batch the session
 * never opened is an opening of it all the same.
 */
export function recordPageImageRead(
  ctx: { opened: OpenedRecords; audit: Pick<AuditLog, 'record'>; documentOfPage(pageId: string): string | null },
  sessionToken: string | null,
  viewer: { id: string; username: string },
  page: { pageId: string; batchId: string },
): void {
  const documentId = ctx.documentOfPage(page.pageId);
  const within: OpenedSubject[] = documentId ? [{ type: 'document', id: documentId }] : [];
  if (!ctx.opened.isOpening(sessionToken, { type: 'batch', id: page.batchId }, 'refresh', within)) return;
  ctx.audit.record({ user: { id: viewer.id, name: viewer.username }, action: 'document-viewed', subject: { type: 'batch', id: page.batchId }, details: { part: 'page-image' } });
}
