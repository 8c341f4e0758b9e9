import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditRow } from './audit-chain.js';
import { type AuditEntry, entryOf, localDayStart } from './audit-log.js';

/** The Audit screen's filters (shared/domain/audit.ts), actions already checked by the caller. */
export interface AuditQuery {
  person?: string | undefined;
  mrn?: string | undefined;
  documentId?: string | undefined;
  actions?: readonly string[] | undefined;
  /** Local calendar days, YYYY-MM-DD, both included. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
  total: number;
}

/**
 * Reads the trail by its indexes (migration 0016): the patient index for an MRN, the person,
 * subject and action indexes, the date index. Newest first, paged by entry number, so a page
 * costs the same on the first day and after ten years.
 */
export class AuditTrailSearch {
  constructor(private readonly db: Database) {}

  private where(query: AuditQuery, before?: number): { from: string; conditions: string[]; params: Record<string, unknown> } {
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    // Driven from the patient index when an MRN is given: its key is (mrn, seq).
    const from = query.mrn ? 'FROM audit_patient AS p JOIN audit_log AS a ON a.seq = p.seq' : 'FROM audit_log AS a';
    if (query.mrn) {
      conditions.push('p.mrn = @mrn');
      params.mrn = query.mrn;
    }
    if (query.person) {
      conditions.push('a.user_name = @person COLLATE NOCASE');
      params.person = query.person;
    }
    if (query.documentId) {
      // The document itself, or a page of it (page text is opened page by page).
      conditions.push(`(a.subject_id = @documentId AND a.subject_type = 'document'
        OR a.subject_id IN (SELECT page_id FROM document_pages WHERE document_id = @documentId) AND a.subject_type = 'page')`);
      params.documentId = query.documentId;
    }
    if (query.actions && query.actions.length > 0) {
      conditions.push(`a.action IN (${query.actions.map((_, i) => `@action${i}`).join(', ')})`);
      query.actions.forEach((action, i) => (params[`action${i}`] = action));
    }
    if (query.from) {
      conditions.push('a.at >= @start');
      params.start = localDayStart(query.from, 0);
    }
    if (query.to) {
      conditions.push('a.at < @end');
      params.end = localDayStart(query.to, 1);
    }
    if (before !== undefined) {
      conditions.push(`${query.mrn ? 'p' : 'a'}.seq < @before`);
      params.before = before;
    }
    return { from, conditions, params };
  }

  private sql(query: AuditQuery, select: string, before?: number, tail = '') {
    const { from, conditions, params } = this.where(query, before);
    return { text: `SELECT ${select} ${from}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}${tail}`, params };
  }

  /** One page, newest first, and how many entries match in all. */
  page(query: AuditQuery, options: { before?: number | undefined; limit: number }): AuditPage {
    const order = query.mrn ? 'p.seq' : 'a.seq';
    const rows = this.sql(query, 'a.*', options.before, ` ORDER BY ${order} DESC LIMIT @limit`);
    const found = this.db.prepare(rows.text).all({ ...rows.params, limit: options.limit + 1 }) as AuditRow[];
    const more = found.length > options.limit;
    const entries = found.slice(0, options.limit).map(entryOf);
    return { entries, nextBefore: more ? entries[entries.length - 1]!.seq : null, total: this.count(query) };
  }

  count(query: AuditQuery): number {
    const count = this.sql(query, 'COUNT(*) AS n');
    return (this.db.prepare(count.text).get(count.params) as { n: number }).n;
  }

  /** Everything the filters select, oldest first (exports). The caller checks count() first. */
  all(query: AuditQuery): AuditEntry[] {
    const rows = this.sql(query, 'a.*', undefined, ` ORDER BY ${query.mrn ? 'p.seq' : 'a.seq'}`);
    return (this.db.prepare(rows.text).all(rows.params) as AuditRow[]).map(entryOf);
  }

  /** The patients each of these entries concerns (the patient index), for exports that name them. */
  patientsOf(seqs: readonly number[]): Map<number, string[]> {
    const result = new Map<number, string[]>();
    const bySeq = this.db.prepare('SELECT mrn FROM audit_patient WHERE seq = ? ORDER BY mrn');
    for (const seq of seqs)
      result.set(
        seq,
        (bySeq.all(seq) as { mrn: string }[]).map((r) => r.mrn),
      );
    return result;
  }

  /**
   * Everyone the trail names, each once, without reading every entry: a walk over the person
   * index that jumps from one name to the next.
   */
  people(): string[] {
    const next = this.db.prepare('SELECT user_name AS name FROM audit_log WHERE user_name > @after COLLATE NOCASE ORDER BY user_name COLLATE NOCASE LIMIT 1');
    const names: string[] = [];
    let after = '';
    for (let row = next.get({ after }) as { name: string } | undefined; row && names.length < 10_000; row = next.get({ after }) as { name: string } | undefined) {
      names.push(row.name);
      after = row.name;
    }
    return names;
  }
}
