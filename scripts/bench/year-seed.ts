import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AuditLog } from '../../electron/engine/audit/audit-log.js';
import { PageTextIdentifierRepository } from '../../electron/engine/db/repositories/page-text-identifiers.js';
import { PageTextIdentifiers } from '../../electron/engine/indexing/page-text-identifiers.js';
import type { DateOrder } from '../../shared/domain/date-order.js';

/**
 * A year of a records department's work, written straight into a station database: batches with
 * their file, pages (documents' pages and separator sheets), what recognition found, documents,
 * their index records, QC review, deliveries, the intake log and the audit trail. Proportions
 * follow a day-to-day station with some back-scanning: ~20 documents a batch, 1-4 pages a
 * document, one batch in ten sampled for review, a few deliveries failed or held, and the last
 * days' work still under way (documents to index, waiting for review, waiting to send). Files
 * are not written: the rows name content hashes that no file backs (the lists never read them).
 *
 * Deterministic for a seed, so two runs measure the same database.
 */
export interface YearSpec {
  documents: number;
  /** Audit entries per document besides one per batch ("file received"). */
  auditPerDocument: number;
  now: Date;
  seed: number;
  /**
   * The station's date order: each page's text is read under it as the text is written, as
   * recognition does. Without it, pages are seeded as pages read before migration 0023 were
   * (their identifiers are read when a check first needs them).
   */
  dateOrder?: DateOrder;
}

export interface SeededYear {
  batches: number;
  documents: number;
  pages: number;
  outbox: number;
  reviews: number;
  audit: number;
  patients: number;
  /** MRNs documents are filed under, to search by. */
  sampleMrns: string[];
  /** Batch labels' sequence numbers to search by. */
  batchSeqs: number[];
}

const DAY = 24 * 3600 * 1000;
const TYPES = ['18842-5', '11488-4', '34117-2', '11506-3', '11502-2', '18748-4', '11504-8', '59284-0', '57133-1', '10160-0'];
const CLERKS = 12;
const REVIEWERS = 3;
/** Work from the last days is still under way; everything older is finished. */
const UNDER_WAY_DAYS = 3;

/** mulberry32: small, fast, good enough for proportions. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 64 hex digits, unique per (kind, n), with leading digits spread like a real SHA-256's. */
const hash = (kind: number, n: number) => `${(Math.imul(n ^ (kind << 28), 2654435761) >>> 0).toString(16).padStart(8, '0')}${kind.toString(16)}${n.toString(16).padStart(55, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
/** Digits, as most hospitals' MRNs are (the search takes digits as an MRN or its first digits). */
const mrnOf = (n: number) => String(1_000_000 + n);

export function seedYear(db: Database, chainKey: Uint8Array, spec: YearSpec, progress: (line: string) => void = () => undefined): SeededYear {
  const rnd = random(spec.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const end = spec.now.getTime();
  const start = end - 365 * DAY;
  const patientCount = Math.max(1000, Math.round(spec.documents / 8));
  const batchCount = Math.max(1, Math.round(spec.documents / 20));

  let clock = start;
  const audit = new AuditLog(db, chainKey, () => new Date(clock));
  const order = spec.dateOrder;
  const pageTexts = order
    ? new PageTextIdentifiers(
        new PageTextIdentifierRepository(db),
        () => order,
        () => spec.now,
      )
    : null;
  const s = {
    patient: db.prepare(`INSERT INTO patients (id, mrn, family, given, birth_date, sex, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'csv', ?)`),
    target: db.prepare(`INSERT OR IGNORE INTO delivery_targets (id, config, enabled, created_at) VALUES (?, ?, 1, ?)`),
    batch: db.prepare(`INSERT INTO batches (id, seq, status, station, operator, operator_id, operator_name, created_at, project, box) VALUES (?, ?, 'ready', 'SCAN-01', ?, ?, ?, ?, ?, ?)`),
    file: db.prepare(`INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at) VALUES (?, ?, ?, 'tiff', ?, ?, ?, ?, ?)`),
    intake: db.prepare(
      `INSERT INTO intake_log (id, original_name, drop_path, sha256, size_bytes, format, outcome, received_at, batch_id, stored_path, source_disposition)
       VALUES (?, ?, ?, ?, ?, 'tiff', 'ingested', ?, ?, ?, 'removed')`,
    ),
    page: db.prepare(
      `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed, color_mode, master_sha256, master_type, view_sha256, thumb_sha256)
       VALUES (?, ?, ?, ?, ?, 2550, 3300, 300, 0, 'bilevel', ?, 'image/tiff', ?, ?)`,
    ),
    recognition: db.prepare(
      `INSERT INTO page_recognition (page_id, fast_status, ocr_status, fast_attempts, ocr_attempts, rotation, rotation_confidence, skew_degrees, blank, ink_coverage,
         contrast, sharpness, brightness, upright_sha256, upright_width, upright_height, role, ocr_text, ocr_confidence, fast_millis, ocr_millis, fast_done_at, ocr_done_at, cut_off_glyphs)
       VALUES (?, ?, ?, 1, ?, 0, 0.98, 0.2, 0, 0.08, 0.9, 0.8, 0.93, ?, 2550, 3300, ?, ?, ?, 900, 7000, ?, ?, 0)`,
    ),
    document: db.prepare(
      `INSERT INTO documents (id, batch_id, sequence, origin, patient_mrn, patient_mrn_source, doc_type_code, date_of_service, encounter, complete) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)`,
    ),
    box: db.prepare('INSERT OR IGNORE INTO boxes (project, box, verified_by, verified_at) VALUES (?, ?, ?, ?)'),
    documentPage: db.prepare('INSERT INTO document_pages (document_id, page_id, position) VALUES (?, ?, ?)'),
    index: db.prepare(
      `INSERT INTO document_index (document_id, patient_mrn, doc_type_code, date_of_service, status, confirmed_by, confirmed_at, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    review: db.prepare(
      `INSERT INTO document_review (document_id, batch_id, state, operator_id, operator_name, confirmed_at, reason_code, decided_by, decided_at, round) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    decision: db.prepare(`INSERT INTO review_decisions (document_id, batch_id, decision, reason_code, operator_id, operator_name, reviewer_id, reviewer_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    outbox: db.prepare(
      `INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, attempts, next_attempt_at, last_error, receipt, pdf_path, pdf_sha256, created_at, updated_at, delivered_at, target_config)
       VALUES (?, ?, ?, 'local-folder', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  const counts = { batches: 0, documents: 0, pages: 0, outbox: 0, reviews: 0, audit: 0, patients: patientCount };
  const sampleMrns: string[] = [];
  const batchSeqs: number[] = [];

  db.transaction(() => {
    for (let p = 0; p < patientCount; p++) {
      const born = 1930 + Math.floor(rnd() * 90);
      s.patient.run(p + 1, mrnOf(p), `FAMILY${p % 5000}`, `GIVEN${p % 700}`, `${born}-0${1 + (p % 9)}-1${p % 10}`, p % 2 ? 'female' : 'male', iso(start));
    }
    const config = JSON.stringify({ kind: 'folder', id: 'local-folder', path: '/srv/chartdesk/outgoing' });
    s.target.run('local-folder', config, iso(start));
  })();

  const targetConfig = JSON.stringify({ kind: 'folder', id: 'local-folder', path: '/srv/chartdesk/outgoing' });
  let documentsLeft = spec.documents;
  let pageNo = 0;
  let outboxSeq = 0;
  const perTransaction = 40;
  for (let b = 0; b < batchCount && documentsLeft > 0; b += perTransaction) {
    db.transaction(() => {
      for (let k = b; k < Math.min(batchCount, b + perTransaction) && documentsLeft > 0; k++) {
        const seq = k + 1;
        const createdMs = start + Math.floor(((k + rnd()) / batchCount) * (365 * DAY - 2 * 3600_000));
        const ageDays = (end - createdMs) / DAY;
        const underWay = ageDays < UNDER_WAY_DAYS;
        // The newest batches: the newest are still being read, the rest partly indexed.
        const stillReading = ageDays < 0.05;
        const batchId = `batch-${seq}`;
        const clerk = k % CLERKS;
        const operator = { id: `u-clerk-${clerk}`, name: `Clerk ${clerk}` };
        const backScan = k % 10 < 3;
        const project = backScan ? `P${1 + (k % 3)}` : null;
        const box = backScan ? `BOX-${Math.floor(k / 60)}` : null;
        const docsHere = Math.min(documentsLeft, 10 + Math.floor(rnd() * 21));
        documentsLeft -= docsHere;
        const separators = k % 2 === 0;
        const sampled = rnd() < 0.1;

        clock = createdMs;
        s.batch.run(batchId, seq, operator.name, operator.id, operator.name, iso(createdMs), project, box);
        if (project && box) s.box.run(project, box, underWay ? null : 'Rita Reviewer', underWay ? null : iso(createdMs + 20 * DAY));
        const fileId = `file-${seq}`;
        const pagesHere: { docPages: number[]; separator: number | null }[] = [];
        for (let d = 0; d < docsHere; d++) pagesHere.push({ docPages: [], separator: null });
        let sequence = 0;
        const pageRows: { pageId: string; n: number; role: 'content' | 'separator' }[] = [];
        for (const doc of pagesHere) {
          if (separators) {
            doc.separator = ++sequence;
            pageRows.push({ pageId: `page-${++pageNo}`, n: sequence, role: 'separator' });
          }
          const count = 1 + Math.floor(rnd() * 4);
          for (let i = 0; i < count; i++) {
            doc.docPages.push(++sequence);
            pageRows.push({ pageId: `page-${++pageNo}`, n: sequence, role: 'content' });
          }
        }
        s.file.run(fileId, batchId, `scan-${seq}.tif`, sequence * 60_000, hash(1, seq), sequence, `/data/originals/${fileId}`, iso(createdMs));
        s.intake.run(`intake-${seq}`, `scan-${seq}.tif`, `/drop/scan-${seq}.tif`, hash(1, seq), sequence * 60_000, iso(createdMs), batchId, `/data/originals/${fileId}`);
        audit.record({ user: null, action: 'file-received', subject: { type: 'batch', id: batchId }, details: { pages: sequence, format: 'tiff' } });
        counts.audit++;
        for (const row of pageRows) {
          const n = Number(row.pageId.slice(5));
          s.page.run(row.pageId, batchId, fileId, row.n, row.n, hash(2, n), hash(3, n), hash(4, n));
          const read = !stillReading || row.n < sequence / 2;
          const mrn = mrnOf((n * 7919) % patientCount);
          const text = row.role === 'separator' ? 'SEPARATOR SHEET' : `Patient ${mrn}\nConsent for treatment\nDate 03/14/2025\nSigned by the patient or guardian\nPage ${row.n}`;
          s.recognition.run(
            row.pageId,
            read ? 'done' : 'pending',
            read ? 'done' : 'pending',
            read ? 1 : 0,
            hash(5, n),
            row.role,
            read ? text : null,
            read ? 91 : null,
            read ? iso(createdMs + 60_000) : null,
            read ? iso(createdMs + 600_000) : null,
          );
          if (read) pageTexts?.recordText(row.pageId, text);
        }
        counts.pages += pageRows.length;
        counts.batches++;
        batchSeqs.push(seq);

        pagesHere.forEach((doc, d) => {
          const documentId = `doc-${seq}-${d + 1}`;
          const patient = Math.floor(rnd() * patientCount);
          const mrn = mrnOf(patient);
          if (counts.documents % 997 === 0) sampleMrns.push(mrn);
          const type = pick(TYPES);
          const dos = iso(createdMs - Math.floor(rnd() * 200) * DAY).slice(0, 10);
          s.document.run(documentId, batchId, d + 1, separators ? 'separator' : 'file', mrn, 'patient-label', type, dos);
          doc.docPages.forEach((n, i) => s.documentPage.run(documentId, pageRows.find((r) => r.n === n)!.pageId, i + 1));
          counts.documents++;

          // Under way: about half the documents of a recent batch are still open.
          const open = underWay && (stillReading || rnd() < 0.45 * (1 - ageDays / UNDER_WAY_DAYS) + 0.05);
          const confirmedMs = createdMs + (underWay ? 0.02 : 0.2 + rnd() * 1.5) * DAY * (underWay ? ageDays / 2 : 1);
          if (open) {
            const sentBack = rnd() < 0.03;
            if (rnd() < 0.5 || sentBack) s.index.run(documentId, mrn, rnd() < 0.6 ? type : null, null, 'open', null, null, operator.name, iso(createdMs + 3600_000));
            if (sentBack) {
              s.review.run(documentId, batchId, 'rejected', operator.id, operator.name, iso(createdMs + 3600_000), 'wrong-patient', 'Rita Reviewer', iso(createdMs + 7200_000), 1);
              counts.reviews++;
            }
            return;
          }
          clock = confirmedMs;
          s.index.run(documentId, mrn, type, dos, 'confirmed', operator.name, iso(confirmedMs), operator.name, iso(confirmedMs));
          for (let a = 0; a < spec.auditPerDocument; a++) {
            audit.record({ user: operator, action: a === 0 ? 'document-confirmed' : 'document-viewed', subject: { type: 'document', id: documentId } });
            counts.audit++;
          }
          const reviewer = `u-reviewer-${k % REVIEWERS}`;
          const decidedMs = confirmedMs + (0.1 + rnd()) * DAY;
          const awaiting = sampled && decidedMs > end;
          const rejectedOnce = sampled && !awaiting && rnd() < 0.04;
          let state: string = sampled ? (awaiting ? 'awaiting' : 'approved') : 'not-sampled';
          if (sampled && !awaiting) {
            if (rejectedOnce) s.decision.run(documentId, batchId, 'rejected', 'illegible', operator.id, operator.name, reviewer, 'Rita Reviewer', iso(decidedMs - 3600_000));
            s.decision.run(documentId, batchId, 'approved', null, operator.id, operator.name, reviewer, 'Rita Reviewer', iso(decidedMs));
          }
          if (underWay && !sampled && rnd() < 0.05) state = 'not-required';
          s.review.run(
            documentId,
            batchId,
            state,
            operator.id,
            operator.name,
            iso(confirmedMs),
            null,
            awaiting || !sampled ? null : 'Rita Reviewer',
            awaiting || !sampled ? null : iso(decidedMs),
            rejectedOnce ? 2 : 1,
          );
          counts.reviews++;
          if (awaiting) return;

          const queuedMs = sampled ? decidedMs : confirmedMs;
          const deliveredMs = queuedMs + 60_000 + rnd() * 600_000;
          const roll = rnd();
          let outboxState = 'delivered';
          if (deliveredMs > end) outboxState = 'pending';
          else if (roll < 0.0015) outboxState = 'failed';
          else if (roll < 0.002) outboxState = 'held';
          const delivered = outboxState === 'delivered';
          const seqHere = ++outboxSeq;
          s.outbox.run(
            `outbox-${seqHere}`,
            seqHere,
            documentId,
            mrn,
            outboxState,
            delivered ? 1 : outboxState === 'failed' ? 8 : 0,
            iso(queuedMs),
            outboxState === 'failed' ? 'The folder is not reachable (EACCES).' : null,
            delivered ? `file:${documentId}.pdf` : null,
            delivered ? `/data/output/${documentId}.pdf` : null,
            delivered ? hash(6, seqHere) : null,
            iso(queuedMs),
            iso(delivered ? deliveredMs : queuedMs),
            delivered ? iso(deliveredMs) : null,
            delivered ? targetConfig : null,
          );
          counts.outbox++;
        });
      }
    })();
    if ((b / perTransaction) % 50 === 0) progress(`  seeded ${counts.batches.toLocaleString('en')} batches, ${counts.documents.toLocaleString('en')} documents`);
  }
  return { ...counts, sampleMrns, batchSeqs };
}
