import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { UNCLAIMED } from '../../../shared/domain/batch.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { RecognitionRepository } from '../db/repositories/recognition.js';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';
import type { PatientIndex } from '../indexing/patient-index/index.js';
import { type IndexedPdfPage, renderIndexedPdf } from '../output/indexed-pdf.js';
import type { CaptureRecord } from '../output/pdf-metadata.js';
import type { ContentStore } from '../storage/content-store.js';
import { readSealedFile, writeSealedFile } from '../storage/sealed-file.js';
import type { AuditAnchor } from '../audit/audit-anchor.js';
import type { DeliveryPackage } from './delivery-package.js';

export interface DocumentPackageSources {
  batches: BatchRepository;
  recognition: RecognitionRepository;
  indexing: IndexingRepository;
  patients: PatientIndex;
  catalogue: DocumentTypeCatalogue;
  store: ContentStore;
  outputDir: string;
  /** The kept PDFs are encrypted like every other file of the station; only the delivered copy is plain. */
  fileKey: Uint8Array;
  stationName: string;
  /** The audit chain's head now (taken each time a package is built, so each attempt carries the latest). */
  auditAnchor: () => AuditAnchor;
}

type Box = { x: number; y: number; width: number; height: number };

/** A box on a width×height image, after the image is turned clockwise by `degrees`. */
function turnBox(box: Box, width: number, height: number, degrees: number): Box {
  switch (degrees) {
    case 90:
      return { x: height - box.y - box.height, y: box.x, width: box.height, height: box.width };
    case 180:
      return { x: width - box.x - box.width, y: height - box.y - box.height, width: box.width, height: box.height };
    case 270:
      return { x: box.y, y: width - box.x - box.width, width: box.height, height: box.width };
    default:
      return box;
  }
}

const sha = (algorithm: 'sha256' | 'sha1', bytes: Uint8Array) => createHash(algorithm).update(bytes).digest();

/**
 * What leaves the station for a confirmed document: its searchable PDF (rendered once, written
 * durably, byte-identical if rendered again) and its index data. The PDF's hash is what the
 * connectors check for idempotency.
 */
export async function buildDocumentPackage(sources: DocumentPackageSources, documentId: string, options: { pinnedSha256?: string | null } = {}): Promise<DeliveryPackage> {
  const batchId = sources.recognition.batchOfDocument(documentId);
  if (!batchId) throw new Error('document not found');
  const batch = sources.batches.get(batchId)!;
  // The repository is told the same as the screens: a batch nobody claimed says so.
  const operator = batch.operator?.name ?? UNCLAIMED;
  const document = sources.recognition.documentsOf(batchId).find((d) => d.id === documentId)!;
  const index = sources.indexing.indexOf(documentId);
  if (!index || index.status !== 'confirmed' || !index.patientMrn || !index.docTypeCode) throw new Error('document is not confirmed with a patient and a type');
  const patient = sources.patients.byMrn(index.patientMrn);
  const docType = sources.catalogue.find(index.docTypeCode);
  if (!patient || !docType) throw new Error('patient or type no longer known');

  const recognition = new Map(sources.recognition.pagesOf(batchId).map((r) => [r.pageId, r]));
  const byId = new Map(batch.pages.map((p) => [p.id, p]));
  const pages: IndexedPdfPage[] = [];
  for (const pageId of document.pageIds) {
    const page = byId.get(pageId)!;
    const r = recognition.get(pageId);
    const clerkTurn = page.clerkRotation;
    const uprightWidth = r?.uprightWidth ?? page.width;
    const uprightHeight = r?.uprightHeight ?? page.height;
    const words = (sources.recognition.ocrOf(pageId)?.words ?? []).map((w) => ({
      text: w.text,
      confidence: w.confidence,
      box: turnBox(w.box, uprightWidth, uprightHeight, clerkTurn),
    }));
    const masterType = sources.batches.masterTypeOf(pageId) as IndexedPdfPage['image']['type'];
    pages.push({
      image: { bytes: await sources.store.read(page.imageSha256), type: masterType },
      dpi: page.dpi,
      rotation: (((r?.rotation ?? 0) + clerkTurn) % 360) as IndexedPdfPage['rotation'],
      skewDegrees: r?.skewDegrees ?? 0,
      words,
    });
  }

  const sourceFiles = batch.sourceFiles.map((f) => ({
    name: f.originalName,
    sha256: f.sha256,
    pages: document.pageIds
      .map((id) => byId.get(id)!)
      .filter((p) => p.sourceFileId === f.id)
      .map((p) => p.sourcePageNumber),
  }));
  const capture: CaptureRecord = {
    station: batch.station,
    operator,
    scannedAt: batch.createdAt,
    confirmedBy: index.confirmedBy ?? 'unknown',
    confirmedAt: index.confirmedAt ?? batch.createdAt,
    provenance: { sourceFiles: sourceFiles.filter((f) => f.pages.length > 0) },
  };
  const patientName = [patient.family, patient.given].filter(Boolean).join(', ');
  const title = `${docType.display}${index.dateOfService ? ` ${index.dateOfService}` : ''} - ${patient.family}`;
  const path = join(sources.outputDir, `${documentId}.pdf`);
  const existing = await readSealedFile(path, sources.fileKey).catch((error: NodeJS.ErrnoException) => {
    // Missing: render it. Tampered: stop, a PDF that may be at the repository cannot be vouched for.
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  // A PDF that may already have reached a repository is sent again byte for byte: OCR that
  // finished after the confirmation would otherwise make a retry look like other content.
  const pinned = options.pinnedSha256 && existing && sha('sha256', existing).toString('hex') === options.pinnedSha256 ? existing : null;
  const pdf =
    pinned ??
    (await renderIndexedPdf(
      pages,
      {
        documentId,
        title,
        patientMrn: patient.mrn,
        patientName,
        docTypeCode: docType.code,
        docTypeDisplay: docType.display,
        docTypeSystem: docType.system,
        dateOfService: index.dateOfService,
        batchLabel: batch.label,
        batchId,
        ...capture,
      },
      { now: new Date(index.confirmedAt ?? batch.createdAt) },
    ));
  if (!existing || !sha('sha256', existing).equals(sha('sha256', pdf))) await writeSealedFile(path, sources.fileKey, pdf);

  return {
    documentId,
    pdf: { path, bytes: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), sha256: sha('sha256', pdf).toString('hex'), sha1: sha('sha1', pdf).toString('hex'), sizeBytes: pdf.length },
    index: {
      title,
      patient: { mrn: patient.mrn, family: patient.family, given: patient.given, birthDate: patient.birthDate, sex: patient.sex },
      docType: { code: docType.code, system: docType.system, display: docType.display },
      dateOfService: index.dateOfService,
      encounter: document.encounter,
      batch: { id: batchId, label: batch.label },
      ...capture,
    },
    auditAnchor: sources.auditAnchor(),
  };
}
