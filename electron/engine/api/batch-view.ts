import type { BatchDetail, BatchDocument, BatchSummary, Page, PageRecognition } from '../../../shared/domain/batch.js';
import { type BatchFilter, type BatchIndexCounts, inBatchFilter } from '../../../shared/domain/document-state.js';
import type { DocumentIndexing } from '../../../shared/domain/indexing.js';
import type { BatchRepository, StoredBatchSummary } from '../db/repositories/batches.js';
import { type OutboxItem, type OutboxRepository, pagesItWaitsFor } from '../db/repositories/outbox.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { ReviewRepository } from '../db/repositories/review.js';
import type { PageRecognitionRow, RecognitionRepository } from '../db/repositories/recognition.js';
import type { DocumentIndexingService } from '../indexing/document-indexing.js';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import { retentionSettingsOf } from '../retention/retention-settings.js';
import { coverSheetNotices } from '../separation/cover-sheet-notices.js';
import type { SensitiveAccess } from '../privacy/sensitive-access.js';
import { withheldPage } from '../privacy/withheld-content.js';
import { documentState, indexCounts } from './document-state.js';

export interface BatchViewSources {
  batches: BatchRepository;
  recognition: RecognitionRepository;
  indexing: IndexingRepository;
  indexingService: DocumentIndexingService;
  catalogue: DocumentTypeCatalogue;
  outbox: OutboxRepository;
  review: ReviewRepository;
  settings: SettingsRepository;
  sensitive: Pick<SensitiveAccess, 'isProtectedDocument' | 'mustBlurPage' | 'mustWithholdDocument'>;
}

/**
 * Who looks: a session (what protected pages carry is withheld until it states a reason), or
 * the operator of a CLI run on the station's own files (the OS user who holds the key).
 */
export type BatchViewer = { sessionToken: string | null } | 'operator';

/** A document's deliveries in one state: the least advanced target decides. */
export function deliverySummary(items: readonly OutboxItem[], pagesWithoutText: () => number): BatchDocument['delivery'] {
  if (items.length === 0) return null;
  const order: OutboxItem['state'][] = ['failed', 'held', 'pending', 'delivering', 'delivered'];
  const worst = items.reduce((a, b) => (order.indexOf(a.state) <= order.indexOf(b.state) ? a : b));
  return { state: worst.state, lastError: worst.lastError, pagesAwaitingText: pagesItWaitsFor(worst, pagesWithoutText) };
}

const recognitionOf = (row: PageRecognitionRow | undefined): PageRecognition => ({
  fastStatus: row?.fastStatus ?? 'pending',
  ocrStatus: row?.ocrStatus ?? 'pending',
  rotation: (row?.rotation ?? null) as PageRecognition['rotation'],
  skewDegrees: row?.skewDegrees ?? null,
  blank: row?.blank ?? null,
  role: row?.role ?? null,
  barcodes: row?.barcodes ?? [],
  inkCoverage: row?.inkCoverage ?? null,
  contrast: row?.contrast ?? null,
  sharpness: row?.sharpness ?? null,
  brightness: row?.brightness ?? null,
  ocrConfidence: row?.ocrConfidence ?? null,
  uprightWidth: row?.uprightWidth ?? null,
  uprightHeight: row?.uprightHeight ?? null,
  failureReason: row?.failureReason ?? null,
});

/** A batch as the UI and the CLI see it: stored pages joined with what recognition found and the clerk did. */
export function batchDetail(sources: BatchViewSources, batchId: string, viewer: BatchViewer): BatchDetail | null {
  const { batches, recognition } = sources;
  const stored = batches.get(batchId);
  if (!stored) return null;
  // The pages' recognition, documents and texts, read once for the pages, the documents and QC.
  const batch = sources.indexingService.batchFacts(batchId);
  const rows = batch.recognition;
  const withheld = (pageId: string) => viewer !== 'operator' && sources.sensitive.mustBlurPage(viewer.sessionToken, pageId);
  const pages: Page[] = stored.pages.map((p) => ({ ...p, recognition: recognitionOf(rows.get(p.id)) })).map((p) => (withheld(p.id) ? withheldPage(p) : p));
  const documentRows = batch.documents;
  const indexes = sources.indexing.indexesOf(documentRows.map((d) => d.id));
  const reviews = sources.review.forDocuments(documentRows.map((d) => d.id));
  const checks = sources.indexingService.qcOfBatch(batch);
  const documents: BatchDocument[] = documentRows.map((d) => {
    const type = d.docTypeCode ? sources.catalogue.find(d.docTypeCode) : null;
    const index = indexes.get(d.id);
    const indexedType = index?.docTypeCode ? sources.catalogue.find(index.docTypeCode) : null;
    const findings = checks.get(d.id) ?? [];
    const qc = findings.filter((f) => !f.override);
    // What the pages' barcodes and cover sheet said is page content too.
    const hidden = viewer !== 'operator' && sources.sensitive.mustWithholdDocument(viewer.sessionToken, d.id);
    const status = index?.status ?? 'open';
    const review = reviews.get(d.id);
    const delivery = deliverySummary(sources.outbox.forDocument(d.id), () => d.pageIds.filter((id) => rows.get(id)?.ocrStatus === 'pending').length);
    return {
      id: d.id,
      sequence: d.sequence,
      origin: d.origin,
      complete: d.complete,
      pageIds: d.pageIds,
      patient: d.patientMrn && !hidden ? { mrn: d.patientMrn, source: d.patientMrnSource ?? 'patient-label' } : null,
      // A code the catalogue does not know is still shown: the cover sheet said it.
      docType: d.docTypeCode ? { code: d.docTypeCode, display: type?.display ?? `Unknown type ${d.docTypeCode}` } : null,
      dateOfService: hidden ? null : d.dateOfService,
      encounter: hidden ? null : d.encounter,
      status,
      state: documentState({ status, qc: findings, review: review?.state ?? null, delivery }),
      indexedPatientMrn: index?.patientMrn ?? null,
      indexedDocType: indexedType ? { code: indexedType.code, display: indexedType.display } : null,
      qc: { blocking: qc.filter((f) => f.severity === 'blocking').length, warnings: qc.filter((f) => f.severity === 'warning').length },
      delivery,
      // Of a sensitive type, or holding a page that was in a sensitive document (see SensitiveAccess).
      sensitive: (indexedType ?? type)?.sensitive === true || sources.sensitive.isProtectedDocument(d.id),
      review: review ? { state: review.state, reasonCode: review.reasonCode, reasonText: review.reasonText } : null,
    };
  });
  const progress = recognition.progress(batchId);
  const { documentsOpen: _open, ...summary } = stored;
  return {
    ...summary,
    indexing: indexCounts(documents),
    pages,
    documents,
    layoutEditable: progress.fastDone >= progress.total,
    undoAvailable: sources.indexing.hasHistory(batchId),
    purgeAfterDays: retentionSettingsOf(sources.settings).deliveredDays,
    notices: coverSheetNotices(pages.filter((p) => !p.deleted).map((p) => ({ pageId: p.id, sourceFileId: p.sourceFileId, sourcePageNumber: p.sourcePageNumber, role: p.recognition.role }))),
  };
}

/**
 * Where a batch's documents stand, counted. Confirmed documents are counted from the index alone;
 * only open ones run their QC checks (to tell "blocked" from "to do" and "ready").
 */
function summaryCounts(sources: BatchViewSources, stored: StoredBatchSummary): BatchIndexCounts {
  const confirmed = stored.documentCount - stored.documentsOpen;
  const counts: BatchIndexCounts = { total: stored.documentCount, open: 0, toDo: 0, blocked: 0, ready: 0, confirmed, sentBack: 0 };
  if (stored.documentsOpen === 0) return counts;
  const batch = sources.indexingService.batchFacts(stored.id);
  const documentIds = batch.documents.map((d) => d.id);
  const indexes = sources.indexing.indexesOf(documentIds);
  const reviews = sources.review.forDocuments(documentIds);
  const openIds = documentIds.filter((id) => (indexes.get(id)?.status ?? 'open') === 'open');
  const checks = sources.indexingService.qcOfBatch(batch, openIds);
  const open = openIds.map((id) => {
    const review = reviews.get(id);
    return { state: documentState({ status: 'open', qc: checks.get(id) ?? [], review: review?.state ?? null, delivery: null }), review: review ?? null };
  });
  const openCounts = indexCounts(open);
  return { ...openCounts, total: stored.documentCount, confirmed };
}

/** The batch list: the newest batches under a filter, each with its documents counted by state. */
export function batchSummaries(sources: BatchViewSources, limit: number, filter: BatchFilter): BatchSummary[] {
  const scope = filter === 'all' ? 'all' : filter === 'sent-back' ? 'sent-back' : 'unfinished';
  return sources.batches
    .list(limit, scope)
    .map(({ documentsOpen: _open, ...summary }, i, all) => ({ ...summary, indexing: summaryCounts(sources, all[i]!) }))
    .filter((batch) => inBatchFilter(filter, batch));
}

/** A document for the indexing screen, with the word it carries everywhere (the same rule as the batch's document list). */
export function documentIndexing(sources: Pick<BatchViewSources, 'indexingService' | 'outbox'>, documentId: string): DocumentIndexing | null {
  const view = sources.indexingService.view(documentId);
  if (!view) return null;
  const delivery = deliverySummary(sources.outbox.forDocument(documentId), () => sources.outbox.pagesAwaitingText(documentId));
  return { ...view, state: documentState({ status: view.status, qc: view.qc, review: view.review?.state ?? null, delivery }) };
}
