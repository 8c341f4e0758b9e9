import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { DocumentIndexingService, IndexingView } from './document-indexing.js';

/**
 * Batch-mode indexing (the CLI's `process`): takes the suggestions a clerk would accept with
 * one key, and nothing weaker: a patient only when two identifiers agree, a type from a cover
 * sheet or with evidence on the pages (never a guess), the best date of service. Returns the document's indexing view,
 * QC findings included, recorded as the operator's work.
 */
export function autoIndexDocument(service: DocumentIndexingService, indexing: IndexingRepository, documentId: string, operator: string, at: string): IndexingView | null {
  const view = service.view(documentId);
  if (!view) return null;
  const patient = view.suggestions.patients.find((m) => m.confidence === 'high');
  const type = view.suggestions.docTypes.find((t) => !t.guess);
  const date = view.suggestions.datesOfService[0];
  indexing.setIndex(
    documentId,
    {
      ...(patient ? { patientMrn: patient.patient.mrn } : {}),
      ...(type ? { docTypeCode: type.code } : {}),
      ...(date ? { dateOfService: date.date } : {}),
    },
    operator,
    at,
  );
  return service.view(documentId);
}
