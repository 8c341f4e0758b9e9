import type { DateOrder } from '../../../shared/domain/date-order.js';
import type { DocumentType } from '../../../shared/domain/document-types.js';
import type { DocumentIndexing, QcFinding } from '../../../shared/domain/indexing.js';
import type { Patient } from '../../../shared/domain/patient.js';
import type { DocumentReviewStatus } from '../../../shared/domain/review.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { ReviewRepository } from '../db/repositories/review.js';
import type { DocumentRow, PageRecognitionRow, RecognitionRepository } from '../db/repositories/recognition.js';
import type { SeparationRules } from '../../../shared/domain/separation-rules.js';
import { suggestDatesOfService } from './date-of-service.js';
import { type PageIdentifiers, documentEvidence, identifiersOfPage } from './document-evidence.js';
import { NO_TEXT_IDENTIFIERS, type PageTextIdentifiers, type TextIdentifiers, textLines } from './page-text-identifiers.js';
import type { DocumentTypeCatalogue } from './document-types/document-type-catalogue.js';
import { suggestDocumentType } from './document-types/suggest-document-type.js';
import type { DocumentTypeLearner } from './document-types/type-learner.js';
import { type PatientIndex, matchPatient } from './patient-index/index.js';
import { blankPagesWithText } from './qc/blank-page-text.js';
import { blocksConfirmation, runQcChecks } from './qc/qc-checks.js';

export interface DocumentIndexingDeps {
  batches: BatchRepository;
  recognition: RecognitionRepository;
  indexing: IndexingRepository;
  patients: PatientIndex;
  catalogue: DocumentTypeCatalogue;
  learner: DocumentTypeLearner;
  review: ReviewRepository;
  /** Patient merges: an MRN on the pages that a merge retired names its surviving patient. */
  merges?: PatientMergeRepository;
  /** What each page's text says about its patient, kept when the text was committed. */
  pageTexts: PageTextIdentifiers;
  rules: () => SeparationRules;
  /** The station's date order, read on every view so a change in Settings applies at once. */
  dateOrder: () => DateOrder;
  now: () => Date;
}

/** A document as the indexing screen shows it, less its state (the API layer adds that: it knows the deliveries). */
export type IndexingView = Omit<DocumentIndexing, 'state'>;

/** How many lines of the first page count as its heading (where a document names itself). */
const HEADING_LINES = 8;

export interface DocumentFacts {
  batchId: string;
  document: DocumentRow;
  documentCount: number;
  text: { heading: string; body: string; lines: string[] };
  identifiers: PageIdentifiers[];
  /** The batch's facts it was read from (shared by its documents' checks). */
  shared: BatchFacts;
}

/** What the documents of one batch share: its documents, pages' recognition and text, resolutions. */
export interface BatchFacts {
  batchId: string;
  documents: DocumentRow[];
  rows: PageRecognitionRow[];
  recognition: Map<string, PageRecognitionRow>;
  resolutions: Map<string, { dpi: number; dpiAssumed: boolean }>;
  documentOf: Map<string, string>;
  texts: Map<string, string | null>;
  /** What each page's text says about its patient, as of today. */
  textIdentifiers: Map<string, TextIdentifiers>;
  /** The station's settings the checks read, read once for the batch rather than per document. */
  dateOrder: DateOrder;
  mrnPattern: string;
}

/**
 * Everything the indexing screen and the QC gate need for one document, assembled from the
 * pages (barcodes, OCR), the patient index and the catalogue. Read-only: changes go through
 * the API handlers, which call this again so checks re-run on every change.
 */
export class DocumentIndexingService {
  constructor(private readonly deps: DocumentIndexingDeps) {}

  /** The batch a document belongs to, or null. */
  batchOf(documentId: string): string | null {
    return this.deps.recognition.batchOfDocument(documentId);
  }

  /**
   * What every document of a batch shares, read once: a list checks all of a batch's documents,
   * and reading the batch again for each of them made the batch list grow with the square of
   * its size. A caller that needs the batch's documents too takes them from here.
   */
  batchFacts(batchId: string): BatchFacts {
    const { recognition, batches } = this.deps;
    const rows = recognition.pagesOf(batchId);
    const documents = recognition.documentsOf(batchId);
    const texts = recognition.ocrTextsOf(batchId);
    return {
      batchId,
      documents,
      rows,
      recognition: new Map(rows.map((p) => [p.pageId, p])),
      resolutions: batches.pageResolutions(batchId),
      documentOf: new Map(documents.flatMap((d) => d.pageIds.map((id) => [id, d.id] as const))),
      texts,
      textIdentifiers: this.deps.pageTexts.ofBatch(batchId, texts),
      dateOrder: this.deps.dateOrder(),
      mrnPattern: this.deps.rules().mrnPattern,
    };
  }

  facts(documentId: string, batch?: BatchFacts): DocumentFacts | null {
    const batchId = batch?.batchId ?? this.batchOf(documentId);
    if (!batchId) return null;
    const shared = batch ?? this.batchFacts(batchId);
    const document = shared.documents.find((d) => d.id === documentId);
    if (!document) return null;
    const pageLines = document.pageIds.map((pageId) => textLines(shared.texts.get(pageId)));
    const identifiers = document.pageIds.map((pageId) =>
      identifiersOfPage(pageId, shared.recognition.get(pageId)?.barcodes ?? [], shared.textIdentifiers.get(pageId) ?? NO_TEXT_IDENTIFIERS, shared.mrnPattern),
    );
    const first = pageLines[0] ?? [];
    return {
      batchId,
      document,
      documentCount: shared.documents.length,
      text: {
        heading: first.slice(0, HEADING_LINES).join('\n'),
        body: [...first.slice(HEADING_LINES), ...pageLines.slice(1).flat()].join('\n'),
        lines: pageLines.flat(),
      },
      identifiers,
      shared,
    };
  }

  /** The QC findings alone (what a list needs to tell a blocked document from one to do), without the suggestions. */
  qc(documentId: string): QcFinding[] | null {
    const facts = this.facts(documentId);
    return facts ? this.check(facts).qc : null;
  }

  /** The QC findings of some of a batch's documents (all of them by default), the batch read once (or passed in, read by batchFacts). */
  qcOfBatch(batch: string | BatchFacts, documentIds?: readonly string[]): Map<string, QcFinding[]> {
    const shared = typeof batch === 'string' ? this.batchFacts(batch) : batch;
    const found = new Map<string, QcFinding[]>();
    for (const id of documentIds ?? shared.documents.map((d) => d.id)) {
      // A document no longer in this batch (moved by a correction) is read on its own.
      const facts = this.facts(id, shared) ?? this.facts(id);
      if (facts) found.set(id, this.check(facts).qc);
    }
    return found;
  }

  /** The chosen values, the evidence read on the pages, and the QC checks run on them. */
  private check(facts: DocumentFacts) {
    const { document } = facts;
    const documentId = document.id;
    const index = this.deps.indexing.indexOf(documentId);
    const coverMrn = document.patientMrnSource === 'cover-sheet' ? document.patientMrn : null;
    const evidence = documentEvidence(facts.identifiers, coverMrn);
    // An MRN the hospital retired by a merge names the surviving patient (the paper still shows the old one).
    const current = (mrn: string) => this.deps.merges?.survivorOf(mrn) ?? mrn;
    const patient: Patient | null = index?.patientMrn ? this.deps.patients.byMrn(index.patientMrn) : null;
    const docType: DocumentType | null = index?.docTypeCode ? this.deps.catalogue.find(index.docTypeCode) : null;
    const { dateOrder } = facts.shared;

    const { rows, recognition, resolutions, documentOf } = facts.shared;
    const qc = runQcChecks({
      pages: document.pageIds.map((pageId) => {
        const r = recognition.get(pageId);
        return {
          pageId,
          dpi: resolutions.get(pageId)?.dpi ?? 0,
          dpiAssumed: resolutions.get(pageId)?.dpiAssumed ?? false,
          blank: r?.blank ?? null,
          brightness: r?.brightness ?? null,
          contrast: r?.contrast ?? null,
          sharpness: r?.sharpness ?? null,
          cutOffGlyphs: r?.cutOffGlyphs ?? null,
          recognised: r?.fastStatus !== 'pending' && r?.ocrStatus !== 'pending',
        };
      }),
      identifiers: facts.identifiers.map((p) => ({ ...p, barcodeMrns: p.barcodeMrns.map(current), printedMrns: p.printedMrns.map(current) })),
      coverSheetMrn: coverMrn && current(coverMrn),
      coverSheetPatient: coverMrn ? this.deps.patients.byMrn(current(coverMrn)) : null,
      dateOrder,
      patient,
      mrnOwners: new Map(
        evidence.mrns.flatMap((m) => {
          const owner = this.deps.patients.byMrn(current(m.value));
          return owner ? [[m.value, owner] as const] : [];
        }),
      ),
      docType,
      dateOfService: index?.dateOfService ?? null,
      duplicatePageIds: this.deps.indexing.duplicatePages(documentId),
      overrides: this.deps.indexing.overrides(documentId),
      textOnBlank: blankPagesWithText(
        documentId,
        rows.map((r) => ({ pageId: r.pageId, documentId: documentOf.get(r.pageId) ?? null, textOnBlank: r.textOnBlank })),
      ),
    });
    for (const move of this.deps.merges?.movesOf(documentId) ?? []) {
      qc.push({
        code: 'patient-merged',
        severity: 'warning',
        message: `Moved from MRN ${move.fromMrn} to MRN ${move.toMrn} on ${move.at.slice(0, 10)}: the hospital merged the two patient records. Check the pages belong to this patient.`,
        pageIds: [],
        override: null,
      });
    }
    return { index, coverMrn, evidence, patient, docType, dateOrder, qc };
  }

  view(documentId: string): IndexingView | null {
    const facts = this.facts(documentId);
    if (!facts) return null;
    const { document, batchId } = facts;
    const types = this.deps.catalogue.list();
    const { index, evidence, patient, docType, dateOrder, qc } = this.check(facts);
    const coverType = document.origin === 'cover' ? document.docTypeCode : null;
    const coverDate = document.origin === 'cover' ? document.dateOfService : null;
    const patientMatches = matchPatient(this.deps.patients, evidence);
    const knownBirthDates = [
      ...(patient?.birthDate ? [patient.birthDate] : []),
      ...patientMatches.flatMap((m) => (m.patient.birthDate ? [m.patient.birthDate] : [])),
      ...evidence.birthDates.flatMap((d) => [d.date, ...(d.otherReading ? [d.otherReading] : [])]),
    ];

    return {
      documentId,
      batchId,
      sequence: document.sequence,
      documentCount: facts.documentCount,
      pageIds: document.pageIds,
      status: index?.status ?? 'open',
      index: {
        patient,
        docType: docType ? { code: docType.code, display: docType.display } : null,
        dateOfService: index?.dateOfService ?? null,
      },
      suggestions: {
        patients: patientMatches,
        docTypes: suggestDocumentType(types, facts.text, this.deps.learner, coverType),
        datesOfService: suggestDatesOfService(facts.text.lines, { order: dateOrder, today: this.deps.now(), birthDates: knownBirthDates, coverSheetDate: coverDate }),
      },
      evidence,
      qc,
      canConfirm: !blocksConfirmation(qc),
      confirmedBy: index?.confirmedBy ?? null,
      confirmedAt: index?.confirmedAt ?? null,
      review: reviewStatus(this.deps.review.get(documentId)),
    };
  }
}

/** The review part of a row, as the screens show it. */
export const reviewStatus = (row: ReturnType<ReviewRepository['get']>): DocumentReviewStatus | null =>
  row
    ? {
        state: row.state,
        reasonCode: row.reasonCode,
        reasonText: row.reasonText,
        decidedBy: row.decidedBy,
        decidedAt: row.decidedAt,
        round: row.round,
        deliveredFirst: row.deliveredFirst,
      }
    : null;
