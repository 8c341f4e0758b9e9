import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { quarantineReasonText } from '../../../shared/domain/intake.js';
import { batchDetail } from '../../engine/api/batch-view.js';
import { autoIndexDocument } from '../../engine/indexing/auto-index.js';
import { importPatientFile } from '../../engine/indexing/patient-index/index.js';
import { createLogger } from '../../engine/log/logger.js';
import { type RunningStation, openStation } from '../../engine/station.js';
import { writeFileDurably } from '../../engine/storage/durable-file.js';
import { TargetConfig } from '../../../shared/domain/delivery-targets.js';
import { dateOrderOptionHelp, parseDateOrderOption } from '../date-order-option.js';
import type { AuditUser } from '../../engine/audit/audit-log.js';
import { cliScanOperator, currentCliActor } from '../cli-actor.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { importDetails } from './patients-command.js';
import { loadStationKey } from '../station-key.js';
import { crashPointFromEnv } from '../test-hooks.js';

export const processUsage = `chartdesk [--data-dir DIR] process <files...> --out DIR [--json] [--no-ocr] [--patients MPI.csv] [--deliver TARGET] [${dateOrderOptionHelp}]

Runs the pipeline once on the named files (no drop-folder watching; the files are left where
they are) and reports, per file, its pages (barcodes, blank, rotation, text) and the documents
they split into, or why it was rejected. --no-ocr skips reading the text (pages' text is null;
barcodes, blank pages, rotation and documents are still reported). --patients imports a
patient index (CSV or FHIR Bundle) first and indexes each document: patient (only when two
identifiers agree), document type, date of service and the QC findings; a document with a
patient and a type and no blocking finding is confirmed and its searchable PDF written to DIR.
The run's batches, index values and confirmations are credited to the operating-system account
that runs it, as cli:USER@HOST, in the batches and in the audit trail. --deliver folder:PATH or fhir:BASE_URL sends those
documents through the station's outbox and waits until each is delivered or failed for good
(--mrn-system URI names the MRN's identifier system for FHIR). --json prints the report
alone on standard output; progress goes to standard error. The report is also written to
DIR/report.json.

Dates printed with numbers (09/02/2026) are read in the station's date order: --date-order
for this run, else "dates" in chartdesk.json, else Settings, else the computer's locale
(LC_ALL, LC_TIME, LANG). Every date in the report is ISO 8601 (2026-09-02); a date of service
the other order would read differently says so in dateOfServiceOtherReading.`;

export interface ProcessReport {
  station: string;
  dataDir: string;
  generatedAt: string;
  /** The date order printed dates were read in, and where it came from. */
  dateOrder: { order: string; source: string };
  files: FileReport[];
}

export interface FileReport {
  file: string;
  status: 'ok' | 'rejected';
  error?: string;
  reason?: string;
  duplicateOf?: string;
  batchId?: string;
  batch?: string;
  format?: string;
  sha256?: string;
  pages: PageReport[];
  documents?: DocumentReport[];
  /** What the clerk must act on, e.g. a file that holds only a cover sheet. */
  notices?: { code: string; message: string; pages: number[] }[];
}

export interface PageReport {
  page: number;
  width: number;
  height: number;
  dpi: number;
  colorMode: string;
  barcodes: { format: string; text: string }[];
  blank: boolean | null;
  /** Degrees clockwise applied to make the page upright. */
  rotation: number | null;
  text: string | null;
  role: string | null;
}

export interface DocumentReport {
  /** 1-based page numbers of the input file. */
  pages: number[];
  patient: { mrn: string } | null;
  docType: { code: string; display: string } | null;
  /** ISO 8601, read in the station's date order. */
  dateOfService: string | null;
  /** With --patients: what the date of service would be read in the other date order (09/02/2026), else null. */
  dateOfServiceOtherReading?: string | null;
  /** With --patients: the automatic QC findings. */
  qc?: { code: string; severity: string; message: string }[];
  /** The searchable PDF written to --out, for a confirmed document. */
  pdf?: string | null;
  /** With --deliver: whether the target has it, and if not, why. */
  delivered?: boolean;
  deliveryError?: string | null;
  /** The station's id of the document (stable; the repository's identifier for it). */
  documentId?: string;
}

type Ingested = { file: string; batchId: string; sourceFileId: string; duplicate: boolean };

async function ingest(station: RunningStation, file: string): Promise<FileReport | Ingested> {
  const path = resolve(file);
  try {
    if (!(await stat(path)).isFile()) return { file, status: 'rejected', reason: 'not-a-file', error: 'not-a-file: This is a folder, not a file.', pages: [] };
  } catch {
    return { file, status: 'rejected', reason: 'not-found', error: 'not-found: The file does not exist or cannot be read.', pages: [] };
  }
  const result = await station.ingestFile(path, { removeSource: false });
  if (result.outcome === 'quarantined') {
    return { file, status: 'rejected', reason: result.reason, error: `${result.reason}: ${quarantineReasonText[result.reason]}`, pages: [] };
  }
  if (result.outcome === 'resumed') throw new Error('a file named on the command line is never pending removal');
  return { file, batchId: result.batchId, sourceFileId: result.sourceFileId, duplicate: result.outcome === 'duplicate' };
}

/** The report of a file once recognition has finished with its pages. */
function reportOf(station: RunningStation, done: Ingested, autoIndex: boolean): FileReport {
  const batch = batchDetail(station.context, done.batchId, 'operator');
  if (!batch) throw new Error('batch vanished after commit');
  const sourceFile = batch.sourceFiles.find((f) => f.id === done.sourceFileId);
  if (!sourceFile) throw new Error('source file vanished after commit');
  const pages = batch.pages.filter((p) => p.sourceFileId === sourceFile.id);
  const pageNumber = new Map(pages.map((p) => [p.id, p.sourcePageNumber]));
  return {
    file: done.file,
    status: 'ok',
    ...(done.duplicate ? { duplicateOf: batch.label } : {}),
    batchId: batch.id,
    batch: batch.label,
    format: sourceFile.format,
    sha256: sourceFile.sha256,
    notices: batch.notices.filter((n) => n.pageIds.every((id) => pageNumber.has(id))).map((n) => ({ code: n.code, message: n.message, pages: n.pageIds.map((id) => pageNumber.get(id)!) })),
    pages: pages.map((p) => ({
      page: p.sourcePageNumber,
      width: p.width,
      height: p.height,
      dpi: p.dpi,
      colorMode: p.colorMode,
      barcodes: p.recognition.barcodes.map((b) => ({ format: b.format, text: b.text })),
      blank: p.recognition.blank,
      rotation: p.recognition.rotation,
      text: station.context.recognition.ocrOf(p.id)?.text ?? null,
      role: p.recognition.role,
    })),
    documents: batch.documents
      .filter((d) => d.pageIds.every((id) => pageNumber.has(id)))
      .map((d) => {
        const pages = d.pageIds.map((id) => pageNumber.get(id)!);
        if (!autoIndex) return { pages, patient: d.patient ? { mrn: d.patient.mrn } : null, docType: d.docType, dateOfService: d.dateOfService };
        const view = station.context.indexingService.view(d.id);
        const dateOfService = view?.index.dateOfService ?? null;
        return {
          documentId: d.id,
          pages,
          patient: view?.index.patient ? { mrn: view.index.patient.mrn } : null,
          docType: view?.index.docType ?? null,
          dateOfService,
          dateOfServiceOtherReading: view?.suggestions.datesOfService.find((s) => s.date === dateOfService)?.otherReading ?? null,
          qc: (view?.qc ?? []).map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
        };
      }),
  };
}

/**
 * Batch mode: each document is indexed from its suggestions and, with a patient and a type and
 * no blocking QC finding, confirmed as the operator running the command. Returns the confirmed.
 */
function confirmDocuments(station: RunningStation, results: readonly (FileReport | Ingested)[], deliveredFirst: boolean, by: AuditUser): { documentId: string; mrn: string }[] {
  const ctx = station.context;
  const indexValues = (documentId: string) => {
    const row = ctx.indexing.indexOf(documentId);
    return { patientMrn: row?.patientMrn ?? null, docTypeCode: row?.docTypeCode ?? null, dateOfService: row?.dateOfService ?? null };
  };
  const confirmed: { documentId: string; mrn: string }[] = [];
  for (const result of results) {
    if ('status' in result) continue;
    for (const doc of ctx.recognition.documentsOf(result.batchId)) {
      const existing = ctx.indexing.indexOf(doc.id);
      // A correction's replacement is the corrector's to finish, never auto-indexed.
      if (ctx.corrections.lockedReason(doc.id)) continue;
      if (existing?.status === 'confirmed' && existing.patientMrn) {
        // Processed before (the same file again): confirmed work is never redone.
        confirmed.push({ documentId: doc.id, mrn: existing.patientMrn });
        continue;
      }
      const at = new Date().toISOString();
      const view = ctx.transaction(() => {
        const before = indexValues(doc.id);
        const indexed = autoIndexDocument(ctx.indexingService, ctx.indexing, doc.id, by.name, at);
        const after = indexValues(doc.id);
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          ctx.audit.record({ user: by, action: 'index-changed', subject: { type: 'document', id: doc.id }, details: { before, after, how: 'auto-index' } });
        }
        return indexed;
      });
      if (!view?.index.patient || !view.index.docType || !view.canConfirm) continue;
      const mrn = view.index.patient.mrn;
      ctx.transaction(() => {
        ctx.indexing.setStatus(doc.id, 'confirmed', by.name, at);
        // --deliver is the operator's explicit choice to deliver now: review samples it afterwards.
        const review = ctx.reviewGate.onConfirmed(doc.id, result.batchId, { id: null, name: by.name }, at, deliveredFirst);
        ctx.audit.record({
          user: by,
          action: 'document-confirmed',
          subject: { type: 'document', id: doc.id },
          details: { mrn, docType: view.index.docType?.code ?? null, dateOfService: view.index.dateOfService, review: review.state, via: 'chartdesk process' },
        });
      });
      confirmed.push({ documentId: doc.id, mrn });
    }
  }
  return confirmed;
}

function deliveryTarget(spec: string, mrnSystem: string | undefined): TargetConfig {
  const colon = spec.indexOf(':');
  const kind = spec.slice(0, colon);
  const where = spec.slice(colon + 1);
  const parsed =
    kind === 'folder'
      ? TargetConfig.safeParse({ kind: 'folder', id: 'cli-folder', path: resolve(where) })
      : kind === 'fhir'
        ? TargetConfig.safeParse({ kind: 'fhir', id: 'cli-fhir', baseUrl: where, patientIdentifierSystem: mrnSystem ?? 'urn:chartdesk:mrn' })
        : null;
  if (!parsed?.success) throw new UsageError(`--deliver takes folder:PATH or fhir:BASE_URL (${parsed ? parsed.error.issues[0]?.message : 'unknown kind'})`);
  return parsed.data;
}

function notConfirmedReason(doc: DocumentReport): string {
  if (!doc.patient) return 'Not delivered: no patient was matched with two agreeing identifiers.';
  if (!doc.docType) return 'Not delivered: the document type is not known.';
  const blocking = (doc.qc ?? []).filter((f) => f.severity === 'blocking');
  return blocking.length > 0 ? `Not delivered: ${blocking.map((f) => f.message).join(' ')}` : 'Not delivered.';
}

/** The document's PDF in --out, named by batch and pages (never by patient: file names leak). */
async function copyPdf(station: RunningStation, documentId: string, out: string, batchLabel: string, pages: number[]): Promise<string | null> {
  // From memory: the station keeps its own copy encrypted; --out is the operator's plain export.
  const { bytes } = (await station.documentPackage(documentId)).pdf;
  const target = join(out, `${batchLabel}-p${pages[0]}-${pages[pages.length - 1]}.pdf`);
  try {
    // A second run writes the same bytes again (the PDF is byte-identical for the same document).
    await writeFileDurably(target, bytes);
    return target;
  } catch {
    return null;
  }
}

export async function processCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      'no-ocr': { type: 'boolean', default: false },
      patients: { type: 'string' },
      deliver: { type: 'string' },
      'mrn-system': { type: 'string' },
      'date-order': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length === 0) throw new UsageError('name at least one file to process');
  const dateOrder = parseDateOrderOption(values['date-order']);
  if (!values.out) throw new UsageError('--out DIR is required');
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });

  const progress = (line: string) => process.stderr.write(line + '\n');
  const by = currentCliActor();
  const station = await openStation({
    dataDir: global.dataDir,
    key: await loadStationKey(global),
    watch: false,
    // The files named here are this account's scans, whoever holds the station's scanner.
    operatorOfRun: cliScanOperator(by),
    // A batch run waits for its deliveries: a few quick retries, then it reports what failed.
    deliveryMaxAttempts: 6,
    deliveryBackoff: { baseMs: 500, maxMs: 8_000 },
    // --no-ocr skips the text only: barcodes, blank pages, rotation and the documents still come.
    ...(values['no-ocr'] ? { readText: false } : {}),
    ...(dateOrder ? { dateOrder } : {}),
    log: createLogger({ level: global.verbose ? 'debug' : 'warn' }),
    crashPoint: crashPointFromEnv(),
    patientSync: false,
  });
  try {
    if (values.patients) {
      const summary = await importPatientFile(station.context.patients, resolve(values.patients));
      station.context.audit.record({ user: by, action: 'patients-imported', details: importDetails(summary, 'chartdesk process --patients') });
      progress(`patient index: ${summary.inserted} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected.length} rejected`);
      for (const r of summary.rejected.slice(0, 20)) progress(`  line ${r.line}: ${r.reason}`);
    }
    const results: (FileReport | Ingested)[] = [];
    for (const [index, file] of positionals.entries()) {
      const entry = await ingest(station, file);
      results.push(entry);
      progress(`[${index + 1}/${positionals.length}] ${'status' in entry ? `rejected (${entry.reason})` : 'read, recognising'}`);
    }
    const unsubscribe = station.onEvent((event) => {
      if (event.type !== 'recognition.progress') return;
      const p = station.context.recognition.progress(event.batchId);
      progress(`recognition: ${p.fastDone}/${p.total} pages checked, ${p.ocrDone}/${p.total} read`);
    });
    await station.whenRecognised();
    unsubscribe();
    const autoIndex = Boolean(values.patients || values.deliver);
    const confirmed = autoIndex ? confirmDocuments(station, results, Boolean(values.deliver), by) : [];
    const target = values.deliver ? deliveryTarget(values.deliver, values['mrn-system']) : null;
    // The operator named this folder for this run; unlike a configured share, it may be created.
    if (target?.kind === 'folder') await mkdir(target.path, { recursive: true });
    if (target) {
      const ctx = station.context;
      ctx.transaction(() => {
        // Not enabled for the station's own confirmations: this target serves this run only.
        ctx.outbox.saveTarget(target.id, target, false, new Date().toISOString());
        ctx.audit.record({ user: by, action: 'settings-changed', details: { setting: 'delivery-target', target: target.id, enabled: false, via: 'chartdesk process --deliver' } });
        for (const { documentId, mrn } of confirmed) {
          ctx.outbox.enqueue(documentId, target.id, mrn, new Date().toISOString());
          ctx.audit.record({ user: by, action: 'delivery-queued', subject: { type: 'document', id: documentId }, details: { target: target.id } });
        }
      });
      ctx.kickDelivery();
      progress(`delivering ${confirmed.length} document(s) to ${values.deliver}`);
      await station.whenDelivered(confirmed.map((c) => c.documentId));
    }
    const files = results.map((r) => ('status' in r ? r : reportOf(station, r, autoIndex)));
    const exported: string[] = [];
    for (const file of files) {
      for (const doc of file.documents ?? []) {
        if (!doc.documentId) continue;
        const made = confirmed.find((c) => c.documentId === doc.documentId);
        doc.pdf = made ? await copyPdf(station, made.documentId, out, file.batch!, doc.pages) : null;
        if (doc.pdf) exported.push(doc.documentId);
        if (target) {
          const item = station.context.outbox.forDocument(doc.documentId).find((i) => i.targetId === target.id);
          doc.delivered = item?.state === 'delivered';
          doc.deliveryError = doc.delivered ? null : (item?.lastError ?? notConfirmedReason(doc));
        }
      }
    }
    // The PDFs and the report (with the pages' text) leave the station's encryption: an export.
    station.context.audit.record({ user: by, action: 'documents-exported', details: { documents: exported, report: true, via: 'chartdesk process --out' } });
    const { order, source } = station.context.dateOrder();
    const report: ProcessReport = {
      station: station.status().stationName,
      dataDir: station.dataDir,
      generatedAt: new Date().toISOString(),
      dateOrder: { order, source },
      files,
    };
    const json = JSON.stringify(report, null, 2);
    await writeFileDurably(join(out, 'report.json'), Buffer.from(json + '\n'));
    if (values.json) process.stdout.write(json + '\n');
    else {
      for (const f of files) {
        process.stdout.write(`${f.status === 'ok' ? 'ok      ' : 'rejected'}  ${f.file}  ${f.status === 'ok' ? `${f.pages.length} page(s) in ${f.batch}` : f.error}\n`);
        for (const notice of f.notices ?? []) process.stdout.write(`          ${notice.message}\n`);
      }
      process.stdout.write(`Report written to ${join(out, 'report.json')}\n`);
    }
    return 0;
  } finally {
    await station.close();
  }
}
