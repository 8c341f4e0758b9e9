import { access, readdir } from 'node:fs/promises';
import { AuditLog } from '../../electron/engine/audit/audit-log.js';
import { stationPaths } from '../../electron/engine/config/station-paths.js';
import type { StationKey } from '../../electron/engine/crypto/station-key.js';
import type { Database } from '../../electron/engine/db/connection.js';
import { ContentStore } from '../../electron/engine/storage/content-store.js';
import type { FhirPeer } from '../../test/support/fhir-peer.js';
import { openTestDatabase } from '../../test/support/station-key.js';
import { CORRECTED_DATE_OF_SERVICE } from './harness-clerk.js';
import type { TrialInputFile } from './trial-scans.js';

/** The identifier system the FHIR connector names ChartDesk's document ids with. */
const DOCUMENT_ID_SYSTEM = 'urn:chartdesk:document';

/** What progress says while the trial's one correction has not been started (see harness-clerk.ts). */
export const CORRECTION_NOT_STARTED = 'the correction is not started';

/** The station's (encrypted) database, read beside the running station: WAL lets both in. */
function readDatabase<T>(dataDir: string, key: StationKey, read: (db: Database) => T): T {
  const db = openTestDatabase(dataDir, key);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const count = (db: Database, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

export interface Progress {
  /** What is still to be done, in words; empty when the trial's work is finished. */
  remaining: string[];
  /** Work that will never finish by itself (a failed delivery): the trial has failed. */
  stuck: string[];
}

/** Read while the station runs: is every file taken in, every document confirmed and delivered? */
export async function trialProgress(dataDir: string, key: StationKey, dropDir: string, files: readonly TrialInputFile[]): Promise<Progress> {
  const remaining: string[] = [];
  const waiting = (await readdir(dropDir)).length;
  if (waiting > 0) remaining.push(`${waiting} file(s) in the drop folder`);
  let database: Progress;
  try {
    database = readDatabase(dataDir, key, (db) => {
      const left: string[] = [];
      const untaken = files.filter((f) => count(db, `SELECT COUNT(*) AS n FROM intake_log WHERE sha256 = ? AND source_disposition = 'removed'`, f.sha256) === 0);
      if (untaken.length > 0) left.push(`${untaken.length} file(s) not taken in`);
      const unread = count(db, `SELECT COUNT(*) AS n FROM page_recognition WHERE fast_status = 'pending'`);
      if (unread > 0) left.push(`${unread} page(s) waiting for the fast path`);
      const open = count(db, `SELECT COUNT(*) AS n FROM documents d LEFT JOIN document_index i ON i.document_id = d.id WHERE i.status IS NOT 'confirmed'`);
      if (open > 0) left.push(`${open} document(s) not confirmed`);
      const unqueued = count(db, `SELECT COUNT(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.document_id = d.id)`);
      if (unqueued > 0) left.push(`${unqueued} document(s) not in the outbox`);
      const sending = count(db, `SELECT COUNT(*) AS n FROM outbox WHERE state IN ('pending', 'delivering')`);
      if (sending > 0) left.push(`${sending} delivery(ies) pending`);
      const documents = count(db, 'SELECT COUNT(*) AS n FROM documents');
      const corrections = count(db, `SELECT COUNT(*) AS n FROM document_corrections WHERE kind = 'replace' AND cancelled_at IS NULL`);
      if (documents > 0 && corrections === 0) left.push(CORRECTION_NOT_STARTED);
      // A correction holds its original's undelivered rows; none are left once all was delivered first.
      const stuck = (db.prepare(`SELECT state, last_error AS lastError FROM outbox WHERE state IN ('failed', 'held')`).all() as { state: string; lastError: string | null }[]).map(
        (r) => `an outbox row is ${r.state}: ${r.lastError ?? 'no reason recorded'}`,
      );
      return { remaining: left, stuck };
    });
  } catch (error) {
    // A station in the middle of its start may hold the write lock past the busy timeout.
    return { remaining: [...remaining, `database not readable (${(error as Error).message})`], stuck: [] };
  }
  return { remaining: [...remaining, ...database.remaining], stuck: database.stuck };
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The end state the harness demands once the station has finished: every input file's pages in
 * exactly one document (or set aside as a cover, separator or blank sheet) or the file in
 * quarantine; every document in the repository exactly once with no orphan Binary; the outbox
 * empty; the database intact; the audit chain unbroken. Returns the violations, in words, and
 * how many sound files were quarantined because the station died three times while reading them (the
 * poison-file guard: accounted for, but counted so the summary shows how often it fired).
 */
export async function endStateViolations(
  dataDir: string,
  key: StationKey,
  dropDir: string,
  files: readonly TrialInputFile[],
  peer: FhirPeer,
): Promise<{ problems: string[]; setAsideAfterInterruptedReads: number }> {
  let setAsideAfterInterruptedReads = 0;
  const problems: string[] = [];
  const paths = stationPaths(dataDir);
  const store = new ContentStore(paths.store, key.fileKey());

  const leftInDrop = await readdir(dropDir);
  if (leftInDrop.length > 0) problems.push(`drop folder not empty: ${leftInDrop.length} file(s)`);

  const facts = readDatabase(dataDir, key, (db) => {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const audit = new AuditLog(db, key.auditChainKey()).verify();
    const perFile = files.map((file) => {
      const records = db.prepare('SELECT outcome, source_disposition AS disposition FROM intake_log WHERE sha256 = ?').all(file.sha256) as { outcome: string; disposition: string }[];
      const source = db.prepare('SELECT id, page_count AS pageCount, archive_path AS archivePath FROM source_files WHERE sha256 = ?').get(file.sha256) as
        { id: string; pageCount: number; archivePath: string } | undefined;
      const quarantine = db.prepare('SELECT stored_path AS storedPath, reason FROM quarantine WHERE sha256 = ?').all(file.sha256) as { storedPath: string; reason: string }[];
      const pages = source
        ? (db
            .prepare(
              `SELECT p.id, p.source_page_number AS number, p.master_sha256 AS master, p.view_sha256 AS view, p.thumb_sha256 AS thumb,
                      r.role, r.fast_status AS fastStatus, (SELECT COUNT(*) FROM document_pages dp WHERE dp.page_id = p.id) AS inDocuments
               FROM pages p LEFT JOIN page_recognition r ON r.page_id = p.id WHERE p.source_file_id = ? ORDER BY p.source_page_number`,
            )
            .all(source.id) as { id: string; number: number; master: string; view: string; thumb: string; role: string | null; fastStatus: string | null; inDocuments: number }[])
        : [];
      return { file, records, source, quarantine, pages };
    });
    const documents = db.prepare(`SELECT d.id, i.status FROM documents d LEFT JOIN document_index i ON i.document_id = d.id`).all() as { id: string; status: string | null }[];
    const outbox = db.prepare('SELECT document_id AS documentId, state, action, receipt, replaces_receipt AS replacesReceipt FROM outbox').all() as {
      documentId: string;
      state: string;
      action: string;
      receipt: string | null;
      replacesReceipt: string | null;
    }[];
    const corrections = db
      .prepare(
        `SELECT original_document_id AS original, replacement_document_id AS replacement, confirmed_at AS confirmedAt FROM document_corrections
         WHERE kind = 'replace' AND cancelled_at IS NULL`,
      )
      .all() as { original: string; replacement: string; confirmedAt: string | null }[];
    const replacementDates = db
      .prepare(`SELECT document_id AS id, date_of_service AS dos FROM document_index WHERE document_id IN (SELECT replacement_document_id FROM document_corrections)`)
      .all() as { id: string; dos: string | null }[];
    return { integrity, audit, perFile, documents, outbox, corrections, replacementDates };
  });

  if (facts.integrity !== 'ok') problems.push(`integrity_check: ${facts.integrity}`);
  if (!facts.audit.ok) problems.push(`audit chain broken at entry ${facts.audit.seq} (${facts.audit.problem})`);

  for (const { file, records, source, quarantine, pages } of facts.perFile) {
    const outcomes = records.map((r) => r.outcome).join(',') || 'none';
    if (records.length !== 1) problems.push(`${file.name}: ${records.length} intake records (${outcomes}), expected one`);
    if (file.expect === 'quarantine') {
      if (quarantine.length !== 1 || outcomes !== 'quarantined') problems.push(`${file.name}: expected one quarantine entry, found ${quarantine.length} (${outcomes})`);
      if (source) problems.push(`${file.name}: a damaged file became a batch`);
      for (const q of quarantine) if (!(await exists(q.storedPath))) problems.push(`${file.name}: its quarantined copy is missing`);
      continue;
    }
    if (!source && quarantine.length === 1 && quarantine[0]!.reason === 'decode-interrupted' && outcomes === 'quarantined') {
      if (!(await exists(quarantine[0]!.storedPath))) problems.push(`${file.name}: its quarantined copy is missing`);
      setAsideAfterInterruptedReads += 1;
      continue;
    }
    if (!source) {
      problems.push(`${file.name}: no batch holds it (${outcomes}; ${quarantine.length} quarantine entries)`);
      continue;
    }
    if (quarantine.length > 0) problems.push(`${file.name}: both a batch and a quarantine entry`);
    if (!(await exists(source.archivePath))) problems.push(`${file.name}: its archived original is missing`);
    const numbers = pages.map((p) => p.number).join(',');
    const expected = Array.from({ length: file.pageCount }, (_, i) => i + 1).join(',');
    if (numbers !== expected || source.pageCount !== file.pageCount) problems.push(`${file.name}: pages ${numbers || 'none'} stored, expected ${expected}`);
    for (const page of pages) {
      const setAside = page.role === 'cover' || page.role === 'separator' || page.role === 'blank';
      if (page.inDocuments > 1) problems.push(`${file.name} page ${page.number}: in ${page.inDocuments} documents`);
      if (page.inDocuments === 0 && !setAside) problems.push(`${file.name} page ${page.number}: in no document (role ${page.role ?? 'unknown'}, fast path ${page.fastStatus ?? 'none'})`);
      for (const sha of [page.master, page.view, page.thumb]) {
        // Read, not just looked for: a torn or misplaced file fails its authentication.
        const problem = await store.read(sha).then(
          () => null,
          (error: NodeJS.ErrnoException) => error.code ?? error.name,
        );
        if (problem) problems.push(`${file.name} page ${page.number}: an image cannot be read from the store (${problem})`);
      }
    }
  }

  // A corrected original left its batch (its replacement took its place and pages) but stays in the outbox and the repository.
  const originals = new Set(facts.corrections.map((c) => c.original));
  const documentIds = new Set([...facts.documents.map((d) => d.id), ...originals]);
  if (facts.documents.length > 0 && facts.corrections.length !== 1) problems.push(`${facts.corrections.length} corrections, expected one`);
  for (const c of facts.corrections) {
    if (!c.confirmedAt) problems.push(`correction of ${c.original} never sent`);
    const dos = facts.replacementDates.find((r) => r.id === c.replacement)?.dos;
    if (dos !== CORRECTED_DATE_OF_SERVICE) problems.push(`replacement ${c.replacement} has date of service ${dos ?? 'none'}`);
    if (facts.documents.some((d) => d.id === c.original)) problems.push(`corrected original ${c.original} is still a document of its batch`);
  }
  const unconfirmed = facts.documents.filter((d) => d.status !== 'confirmed').length;
  if (unconfirmed > 0) problems.push(`${unconfirmed} document(s) not confirmed`);
  const notDelivered = facts.outbox.filter((o) => o.state !== 'delivered');
  if (notDelivered.length > 0) problems.push(`outbox not empty: ${notDelivered.map((o) => o.state).join(', ')}`);
  const queued = facts.outbox.map((o) => o.documentId);
  if (queued.length !== documentIds.size || !queued.every((id) => documentIds.has(id))) {
    problems.push(`outbox rows (${queued.length}) do not match the documents (${documentIds.size}) one for one`);
  }

  await peer.idle();
  const references = await peer.documentReferences();
  const referenced = references.map((r) => r.identifier?.find((i) => i.system === DOCUMENT_ID_SYSTEM)?.value ?? '(no identifier)');
  const perDocument = new Map<string, number>();
  for (const id of referenced) perDocument.set(id, (perDocument.get(id) ?? 0) + 1);
  for (const [id, n] of perDocument) {
    if (n > 1) problems.push(`repository holds ${n} DocumentReferences for document ${id}`);
    if (!documentIds.has(id)) problems.push(`repository holds a DocumentReference for unknown document ${id}`);
  }
  for (const id of documentIds) if (!perDocument.has(id)) problems.push(`repository holds no DocumentReference for document ${id}`);
  // Each correction: exactly one replacement (counted above), naming the original, which is marked.
  for (const c of facts.corrections) {
    const original = references.filter((r) => r.identifier?.some((i) => i.system === DOCUMENT_ID_SYSTEM && i.value === c.original));
    const replacement = references.filter((r) => r.identifier?.some((i) => i.system === DOCUMENT_ID_SYSTEM && i.value === c.replacement));
    if (original.length === 1 && original[0]!.status !== 'entered-in-error') problems.push(`the corrected original ${c.original} is ${original[0]!.status} at the repository, not entered-in-error`);
    if (replacement.length === 1 && replacement[0]!.relatesTo?.[0]?.target?.reference !== `DocumentReference/${original[0]?.id}`) {
      problems.push(`replacement ${c.replacement} does not name the original it replaces`);
    }
  }
  const orphans = await peer.orphanBinaries();
  if (orphans.length > 0) problems.push(`repository holds ${orphans.length} orphan Binary resource(s)`);
  return { problems, setAsideAfterInterruptedReads };
}
