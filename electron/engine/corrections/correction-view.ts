import type { DateOrder } from '../../../shared/domain/date-order.js';
import { patientName } from '../../../shared/domain/patient.js';
import type { CorrectionState, CorrectionView, DeliveredDocument, DeliveredStatus, FindDocumentsInput, TargetDelivery } from '../../../shared/domain/corrections.js';
import { documentIndexing } from '../api/batch-view.js';
import { batchLabel } from '../db/repositories/batches.js';
import type { ConfirmedDocumentRow, CorrectionRepository, CorrectionRow } from '../db/repositories/corrections.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { OutboxItem, OutboxRepository } from '../db/repositories/outbox.js';
import type { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import type { ReviewRepository } from '../db/repositories/review.js';
import type { DocumentIndexingService } from '../indexing/document-indexing.js';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';
import { type PatientIndex, searchPatients } from '../indexing/patient-index/index.js';
import type { CorrectionService, OriginalSnapshot } from './corrections.js';

export interface CorrectionViewDeps {
  corrections: CorrectionRepository;
  service: CorrectionService;
  outbox: OutboxRepository;
  indexing: IndexingRepository;
  indexingService: DocumentIndexingService;
  review: ReviewRepository;
  patients: PatientIndex;
  merges: PatientMergeRepository;
  catalogue: DocumentTypeCatalogue;
  /** How the station reads a date typed in the patient field (07/03/1984). */
  dateOrder: () => DateOrder;
}

const deliveryOf = (i: OutboxItem): TargetDelivery => ({ targetId: i.targetId, action: i.action, state: i.state, lastError: i.lastError, receipt: i.receipt, deliveredAt: i.deliveredAt });

/** The state of a correction, from its rows: nothing is stored that could disagree with them. */
function stateOf(correction: CorrectionRow, rows: readonly OutboxItem[], replacementStatus: string | null, reviewState: string | null): CorrectionState {
  if (correction.cancelledAt) return 'cancelled';
  if (correction.kind === 'replace' && replacementStatus !== 'confirmed') return 'open';
  if (rows.length === 0) return reviewState === 'awaiting' ? 'awaiting-review' : 'delivered';
  if (rows.some((r) => r.state === 'failed' || r.state === 'held')) return 'failed';
  if (rows.every((r) => r.state === 'delivered')) return 'delivered';
  return 'sending';
}

/** What the Corrections screen and `chartdesk documents list` read: confirmed documents, and corrections. */
export class CorrectionQueries {
  constructor(private readonly d: CorrectionViewDeps) {}

  /** MRNs for the patient field: digits are an MRN (or its first digits), anything else a name search. */
  private mrnsFor(patient: string | undefined): string[] | null {
    const text = patient?.trim();
    if (!text) return null;
    if (/^\d+$/.test(text)) return [text, ...this.d.patients.byMrnPrefix(text, 200).map((p) => p.mrn)];
    return searchPatients(this.d.patients, text, { limit: 50, dateOrder: this.d.dateOrder() }).map((r) => r.patient.mrn);
  }

  find(input: Required<Omit<FindDocumentsInput, 'patient' | 'from' | 'to' | 'docTypeCode' | 'batch'>> & FindDocumentsInput): DeliveredDocument[] {
    const label = input.batch ? /^B-?0*(\d+)$/i.exec(input.batch) : null;
    const rows = this.d.corrections.findConfirmed({
      mrns: this.mrnsFor(input.patient),
      from: input.from ?? null,
      to: input.to ?? null,
      docTypeCode: input.docTypeCode ?? null,
      batch: input.batch ? (label ? { seq: Number(label[1]) } : { id: input.batch }) : null,
      deliveredOnly: input.deliveredOnly,
      mergedOnly: input.mergedOnly,
      limit: input.limit,
    });
    return rows.map((r) => this.describe(r));
  }

  document(documentId: string): DeliveredDocument | null {
    const index = this.d.indexing.indexOf(documentId);
    if (!index) return null;
    const batchId = this.d.indexingService.batchOf(documentId) ?? this.d.corrections.liveFor(documentId)?.batchId ?? this.d.review.get(documentId)?.batchId ?? null;
    return this.describe({ documentId, ...index, batchId, batchSeq: null });
  }

  private describe(row: ConfirmedDocumentRow): DeliveredDocument {
    const patient = row.patientMrn ? this.d.patients.byMrn(row.patientMrn) : null;
    const type = row.docTypeCode ? this.d.catalogue.find(row.docTypeCode) : null;
    const rows = this.d.outbox.forDocument(row.documentId).filter((i) => i.action !== 'retract');
    const live = this.d.corrections.liveFor(row.documentId);
    const replacing = this.d.corrections.byReplacement(row.documentId);
    let status: DeliveredStatus = rows.some((r) => r.state === 'delivered') ? 'delivered' : 'not-delivered';
    if (live?.kind === 'retract') status = 'retracted';
    else if (live) status = live.confirmedAt ? 'replaced' : 'under-correction';
    const batchId = row.batchId ?? live?.batchId ?? null;
    const seq = row.batchSeq ?? (batchId ? this.d.corrections.batchSeq(batchId) : null);
    return {
      documentId: row.documentId,
      batchId,
      batchLabel: seq ? batchLabel(seq) : null,
      patient: patient ? { mrn: patient.mrn, name: patientName(patient), birthDate: patient.birthDate } : null,
      mrn: row.patientMrn,
      docType: type ? { code: type.code, display: type.display } : row.docTypeCode ? { code: row.docTypeCode, display: row.docTypeCode } : null,
      dateOfService: row.dateOfService,
      confirmedBy: row.confirmedBy,
      confirmedAt: row.confirmedAt,
      status,
      deliveries: rows.map(deliveryOf),
      correctionId: live?.id ?? null,
      replacedBy: live?.kind === 'replace' ? live.replacementDocumentId : null,
      replaces: replacing?.originalDocumentId ?? null,
      mergedInto: row.patientMrn ? this.d.merges.survivorOf(row.patientMrn) : null,
    };
  }

  view(correctionId: string): CorrectionView | null {
    const correction = this.d.corrections.get(correctionId);
    if (!correction) return null;
    const original = this.document(correction.originalDocumentId);
    if (!original) return null;
    const before = JSON.parse(correction.before) as OriginalSnapshot;
    const rowsDocument = correction.kind === 'replace' ? correction.replacementDocumentId! : correction.id;
    const rows = correction.cancelledAt ? [] : this.d.outbox.forDocument(rowsDocument);
    const replacement = correction.kind === 'replace' && !correction.cancelledAt ? documentIndexing(this.d, correction.replacementDocumentId!) : null;
    const replacementIndex = correction.replacementDocumentId ? this.d.indexing.indexOf(correction.replacementDocumentId) : null;
    const originalPageIds = before.layoutDocument?.pageIds ?? [];
    const splitOff = correction.splitDocumentIds.map((id) => {
      const view = this.d.indexingService.view(id);
      return { documentId: id, pageIds: view?.pageIds ?? [], confirmed: this.d.indexing.indexOf(id)?.status === 'confirmed' };
    });
    const kept = new Set([...(replacement?.pageIds ?? []), ...splitOff.flatMap((s) => s.pageIds)]);
    return {
      correctionId,
      kind: correction.kind,
      state: stateOf(correction, rows, replacementIndex?.status ?? null, replacement?.review?.state ?? null),
      reason: correction.reason,
      origin: correction.origin,
      startedBy: correction.startedBy,
      startedAt: correction.startedAt,
      confirmedBy: correction.confirmedBy,
      confirmedAt: correction.confirmedAt,
      original,
      originalPageIds,
      replacement,
      removedPageIds: replacement ? originalPageIds.filter((id) => !kept.has(id)) : [],
      splitOff,
      deliveries: rows.map(deliveryOf),
      needsSecondReviewer: correction.kind === 'replace' && this.d.service.needsSecondReviewer(),
    };
  }
}
