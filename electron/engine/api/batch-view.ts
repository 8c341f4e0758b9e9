import type { BatchDetail, BatchDocument, Page, PageRecognition } from '../../../shared/domain/batch.js';
import { findDocumentType } from '../../../shared/domain/document-types.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { PageRecognitionRow, RecognitionRepository } from '../db/repositories/recognition.js';

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

/** A batch as the UI and the CLI see it: stored pages joined with what recognition found. */
export function batchDetail(batches: BatchRepository, recognition: RecognitionRepository, batchId: string): BatchDetail | null {
  const stored = batches.get(batchId);
  if (!stored) return null;
  const rows = new Map(recognition.pagesOf(batchId).map((r) => [r.pageId, r]));
  const pages: Page[] = stored.pages.map((p) => ({ ...p, recognition: recognitionOf(rows.get(p.id)) }));
  const documents: BatchDocument[] = recognition.documentsOf(batchId).map((d) => {
    const type = d.docTypeCode ? findDocumentType(d.docTypeCode) : undefined;
    return {
      id: d.id,
      sequence: d.sequence,
      origin: d.origin,
      complete: d.complete,
      pageIds: d.pageIds,
      patient: d.patientMrn ? { mrn: d.patientMrn, source: d.patientMrnSource ?? 'patient-label' } : null,
      // A code the catalogue does not know is still shown: the cover sheet said it.
      docType: d.docTypeCode ? { code: d.docTypeCode, display: type?.display ?? `Unknown type ${d.docTypeCode}` } : null,
      dateOfService: d.dateOfService,
      encounter: d.encounter,
    };
  });
  return { ...stored, pages, documents };
}
