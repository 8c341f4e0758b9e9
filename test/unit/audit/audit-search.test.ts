import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/engine/audit/audit-log.js';
import { AuditTrailSearch } from '../../../electron/engine/audit/audit-search.js';
import { memoryDatabase } from '../../support/memory-database.js';

const dana = { id: 'u-1', name: 'dana' };
const lee = { id: 'u-2', name: 'Lee.Reviewer' };

/** A batch with two documents and a page each; only the rows the patient index reads. */
function fileDocuments(db: Database) {
  db.pragma('foreign_keys = OFF');
  db.exec(`
    INSERT INTO documents (id, batch_id, sequence, origin, complete) VALUES ('doc-a', 'batch-1', 1, 'file', 1), ('doc-b', 'batch-1', 2, 'file', 1);
    INSERT INTO document_pages (document_id, page_id, position) VALUES ('doc-a', 'page-a1', 1), ('doc-b', 'page-b1', 1);
    INSERT INTO document_index (document_id, patient_mrn) VALUES ('doc-a', '00123'), ('doc-b', '00999');
  `);
}

function trail() {
  const db = memoryDatabase();
  fileDocuments(db);
  let t = new Date(2025, 2, 10, 9, 0).getTime();
  const clock = { jump: (to: Date) => (t = to.getTime()) };
  const audit = new AuditLog(db, Buffer.alloc(32, 1), () => new Date((t += 60_000)));
  return { db, audit, clock, search: new AuditTrailSearch(db) };
}

describe('searching the audit trail', () => {
  it('finds a patient by MRN in the details, in before/after values, and through what is filed under them', () => {
    const { audit, search } = trail();
    audit.record({ user: dana, action: 'index-changed', subject: { type: 'document', id: 'doc-x' }, details: { before: { patientMrn: null }, after: { patientMrn: '00123' } } }); // 1
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } }); // 2
    audit.record({ user: lee, action: 'document-viewed', subject: { type: 'page', id: 'page-a1' }, details: { part: 'text' } }); // 3
    audit.record({ user: lee, action: 'document-viewed', subject: { type: 'batch', id: 'batch-1' } }); // 4: both patients
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-b' } }); // 5: the other patient
    audit.record({ user: dana, action: 'document-confirmed', subject: { type: 'document', id: 'doc-q' }, details: { mrn: '00123' } }); // 6
    audit.record({ user: null, action: 'settings-changed', details: { setting: 'x', note: 'mentions 00123 in passing' } }); // 7: not about the patient
    audit.record({ user: dana, action: 'patients-imported', subject: { type: 'patient', id: '00123' } }); // 8
    audit.record({ user: dana, action: 'patients-imported', details: { mrns: ['00777', '00123'] } }); // 9

    const page = search.page({ mrn: '00123' }, { limit: 50 });
    expect(page.entries.map((e) => e.seq)).toEqual([9, 8, 6, 4, 3, 2, 1]);
    expect(page.total).toBe(7);
    expect(search.page({ mrn: '00999' }, { limit: 50 }).entries.map((e) => e.seq)).toEqual([5, 4]);
    expect(search.patientsOf([4, 7])).toEqual(
      new Map([
        [4, ['00123', '00999']],
        [7, []],
      ]),
    );
  });

  it('keeps who the entry was about when the document is filed under someone else later, and finds it under that patient too', () => {
    const { db, audit, search } = trail();
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } });
    db.exec("UPDATE document_index SET patient_mrn = '00555' WHERE document_id = 'doc-a'");
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } });
    expect(search.page({ mrn: '00123' }, { limit: 10 }).entries.map((e) => e.seq)).toEqual([1]);
    // The pages opened in entry 1 are 00555's: that patient's trail shows both openings.
    expect(search.page({ mrn: '00555' }, { limit: 10 }).entries.map((e) => e.seq)).toEqual([2, 1]);
  });

  it('finds an opening made before the document was filed under the patient (a clerk opens, then chooses the patient)', () => {
    const { db, audit, search } = trail();
    db.exec(`
      INSERT INTO documents (id, batch_id, sequence, origin, complete) VALUES ('doc-n', 'batch-2', 1, 'file', 1);
      INSERT INTO document_pages (document_id, page_id, position) VALUES ('doc-n', 'page-n1', 1);
    `);
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'batch', id: 'batch-2' } }); // 1
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-n' } }); // 2
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'page', id: 'page-n1' }, details: { part: 'text' } }); // 3
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } }); // 4: another patient's
    expect(search.page({ mrn: '00777' }, { limit: 10 }).entries).toEqual([]);
    db.exec("INSERT INTO document_index (document_id, patient_mrn) VALUES ('doc-n', '00777')");
    expect(search.page({ mrn: '00777' }, { limit: 10 }).entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    // Choosing the patient again (the same one) indexes nothing twice.
    db.exec("UPDATE document_index SET patient_mrn = '00777' WHERE document_id = 'doc-n'");
    expect(search.page({ mrn: '00777' }, { limit: 10 }).total).toBe(3);
    // Back and forth through an upsert, as the index repository writes (its conflict handling
    // governs the trigger's statements): entries already indexed under a patient stay once.
    const upsert = (mrn: string) =>
      db.prepare('INSERT INTO document_index (document_id, patient_mrn) VALUES (?, ?) ON CONFLICT (document_id) DO UPDATE SET patient_mrn = excluded.patient_mrn').run('doc-n', mrn);
    upsert('00888');
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-n' } }); // 5
    upsert('00777');
    expect(search.page({ mrn: '00777' }, { limit: 10 }).entries.map((e) => e.seq)).toEqual([5, 3, 2, 1]);
    expect(search.page({ mrn: '00888' }, { limit: 10 }).entries.map((e) => e.seq)).toEqual([5, 3, 2, 1]);
  });

  it('filters by person in any case, by document and its pages, by action and by local days, all together', () => {
    const { audit, clock, search } = trail();
    audit.record({ user: dana, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } }); // 1, 10 March
    audit.record({ user: lee, action: 'document-viewed', subject: { type: 'page', id: 'page-a1' } }); // 2
    audit.record({ user: lee, action: 'index-changed', subject: { type: 'document', id: 'doc-a' } }); // 3
    clock.jump(new Date(2025, 2, 11, 23, 0));
    audit.record({ user: lee, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } }); // 4, 11 March
    audit.record({ user: lee, action: 'document-viewed', subject: { type: 'document', id: 'doc-b' } }); // 5
    clock.jump(new Date(2025, 2, 12, 23, 58));
    audit.record({ user: lee, action: 'sign-out' }); // 6, 12 March

    const seqs = (query: Parameters<typeof search.page>[0]) => search.page(query, { limit: 50 }).entries.map((e) => e.seq);
    expect(seqs({ person: 'lee.reviewer' })).toEqual([6, 5, 4, 3, 2]);
    expect(seqs({ documentId: 'doc-a' })).toEqual([4, 3, 2, 1]);
    expect(seqs({ actions: ['index-changed', 'sign-out'] })).toEqual([6, 3]);
    expect(seqs({ from: '2025-03-11', to: '2025-03-11' })).toEqual([5, 4]);
    expect(seqs({ from: '2025-03-12' })).toEqual([6]);
    expect(seqs({ to: '2025-03-10' })).toEqual([3, 2, 1]);
    expect(seqs({ person: 'LEE.REVIEWER', documentId: 'doc-a', actions: ['document-viewed'], from: '2025-03-10', to: '2025-03-11' })).toEqual([4, 2]);
    expect(seqs({ person: 'nobody' })).toEqual([]);
    expect(search.people()).toEqual(['dana', 'Lee.Reviewer']);
  });

  it('pages newest first by entry number, with the total of all pages', () => {
    const { audit, search } = trail();
    for (let i = 0; i < 12; i++) audit.record({ user: i % 2 ? dana : lee, action: 'document-viewed', subject: { type: 'document', id: 'doc-a' } });
    const first = search.page({ mrn: '00123' }, { limit: 5 });
    expect(first.entries.map((e) => e.seq)).toEqual([12, 11, 10, 9, 8]);
    expect(first).toMatchObject({ nextBefore: 8, total: 12 });
    const second = search.page({ mrn: '00123' }, { before: 8, limit: 5 });
    expect(second.entries.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3]);
    const last = search.page({ mrn: '00123' }, { before: second.nextBefore!, limit: 5 });
    expect(last).toMatchObject({ nextBefore: null, total: 12 });
    expect(last.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(search.all({ person: 'dana' }).map((e) => e.seq)).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('reads an MRN, a person and a document through indexes, never every entry', () => {
    const { db, search } = trail();
    // The statements the search itself prepares, planned by SQLite.
    const prepared: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    const planOf = (query: Parameters<typeof search.page>[0]) => {
      prepared.length = 0;
      search.page(query, { limit: 1 });
      const params = { mrn: 'x', person: 'x', documentId: 'x', limit: 2 };
      return prepared.map((sql) => (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | '));
    };
    for (const plan of planOf({ mrn: '00123' })) expect(plan).toMatch(/SEARCH p USING (COVERING INDEX|PRIMARY KEY).*\(mrn=\?/);
    for (const plan of planOf({ person: 'dana' })) expect(plan).toMatch(/SEARCH a USING (COVERING )?INDEX audit_log_user/);
    for (const plan of planOf({ documentId: 'doc-a' })) expect(plan).toMatch(/audit_log_subject/);
    for (const plan of [...planOf({ mrn: '00123' }), ...planOf({ person: 'dana' }), ...planOf({ documentId: 'doc-a' })]) expect(plan).not.toMatch(/SCAN a\b/);
  });
});
