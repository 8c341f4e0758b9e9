import { randomUUID } from 'node:crypto';
import { type CorrectionPolicy, defaultCorrectionPolicy } from '../../../shared/domain/corrections.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { CorrectionOrigin, CorrectionRepository, CorrectionRow } from '../db/repositories/corrections.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';
import type { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import type { ReviewRepository } from '../db/repositories/review.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import type { DocumentIndexingService } from '../indexing/document-indexing.js';
import type { DocumentTypeCatalogue } from '../indexing/document-types/document-type-catalogue.js';
import type { LayoutDocument } from '../indexing/layout/batch-layout.js';
import type { PatientIndex } from '../indexing/patient-index/index.js';
import type { SensitiveAccess } from '../privacy/sensitive-access.js';
import type { ReviewGate } from '../review/review-gate.js';
import type { CorrectionDeliveries } from './correction-delivery.js';
import { CorrectionRefusal, removePage, replaceWithSuccessor, replacementIdFor, restoreOriginal, restorePage, splitDocumentIdFor, splitOff } from './correction-layout.js';

export { CorrectionRefusal } from './correction-layout.js';

/** Who does it: a signed-in user, or the OS account at the command line (id and names `cli:<user>@<host>`, cli-actor.ts). */
export interface Actor {
  id: string | null;
  username: string;
  displayName: string;
}

/** The original as it was delivered, kept on the correction. */
export interface OriginalSnapshot {
  index: { patientMrn: string | null; docTypeCode: string | null; dateOfService: string | null; confirmedBy: string | null; confirmedAt: string | null };
  layoutDocument: LayoutDocument | null;
}

export interface CorrectionDeps {
  corrections: CorrectionRepository;
  deliveries: CorrectionDeliveries;
  outbox: OutboxRepository;
  indexing: IndexingRepository;
  indexingService: DocumentIndexingService;
  review: ReviewRepository;
  reviewGate: ReviewGate;
  patients: PatientIndex;
  merges: PatientMergeRepository;
  catalogue: DocumentTypeCatalogue;
  settings: SettingsRepository;
  audit: AuditLog;
  /** Protection follows the page: pages of a sensitive document stay protected when a correction moves or retypes them. */
  sensitive: Pick<SensitiveAccess, 'rememberPagesOf'>;
  transaction<T>(work: () => T): T;
  now(): Date;
}

/** The settings key of the correction policy (Settings > Corrections). */
export const CORRECTION_POLICY_KEY = 'corrections.policy';
const refuse = (message: string): never => {
  throw new CorrectionRefusal(message);
};
const auditUser = (actor: Actor) => (actor.id ? { id: actor.id, name: actor.username } : null);
const cliOperator = (actor: Actor) => (actor.id ? {} : { operator: actor.displayName });

/**
 * Correcting the record after delivery: a replacement that takes the original's place in its
 * batch, is edited (patient, type, date, pages), checked by QC like any document and sent to
 * every target the original reached, replacing it there; or "entered in error" with nothing
 * in its place. Each step is one transaction with its audit entry. Refusals are thrown as
 * CorrectionRefusal with a sentence for the person; the API turns them into values.
 */
export class CorrectionService {
  constructor(private readonly d: CorrectionDeps) {}

  policy(): CorrectionPolicy {
    return { ...defaultCorrectionPolicy, ...(this.d.settings.get<Partial<CorrectionPolicy>>(CORRECTION_POLICY_KEY) ?? {}) };
  }

  savePolicy(policy: CorrectionPolicy): void {
    this.d.settings.set(CORRECTION_POLICY_KEY, policy);
  }

  /** Whether a correction made at the station waits for a second reviewer before it goes out. */
  needsSecondReviewer(): boolean {
    return this.d.reviewGate.policy().required && this.policy().secondReviewer;
  }

  /** Why a clerk's ordinary edit of this document is refused (it is a correction's replacement), or null. */
  lockedReason(documentId: string): string | null {
    if (!this.d.corrections.byReplacement(documentId)) return null;
    return 'This document is a correction of a delivered document; it is changed in Corrections (G C), and a reviewer sends it back if it is wrong.';
  }

  /** Why a document cannot be corrected or retracted now, or null. */
  private refusalToCorrect(documentId: string): string | null {
    const index = this.d.indexing.indexOf(documentId);
    if (!index || index.status !== 'confirmed') return 'Only a confirmed, delivered document can be corrected.';
    const live = this.d.corrections.liveFor(documentId);
    if (live?.kind === 'retract') return 'This document was already marked entered in error.';
    if (live?.confirmedAt) return 'This document was already replaced; correct its replacement instead.';
    if (live) return 'This document is already being corrected.';
    const replacing = this.d.corrections.byReplacement(documentId);
    const rows = this.d.outbox.forDocument(documentId).filter((i) => i.action !== 'retract');
    if (!rows.some((i) => i.state === 'delivered')) {
      return replacing ? 'This correction has not reached the repository yet; wait for it, or ask a reviewer to send it back.' : 'This document has not been delivered yet; reopen it to change it.';
    }
    if (rows.some((i) => i.state === 'pending' || i.state === 'delivering')) return 'This document is still on its way to a target; wait until that delivery finishes.';
    return null;
  }

  /** Reopens a delivered document for correction: its replacement takes its place, open, with its values. */
  start(documentId: string, reason: string, actor: Actor, origin: CorrectionOrigin = 'station'): CorrectionRow {
    const at = this.d.now().toISOString();
    return this.d.transaction(() => {
      const refused = this.refusalToCorrect(documentId);
      if (refused) refuse(refused);
      const batchId = this.d.indexingService.batchOf(documentId) ?? refuse('This document is no longer in a batch on this station.');
      const index = this.d.indexing.indexOf(documentId)!;
      const id = randomUUID();
      const replacementId = replacementIdFor(documentId, id);
      this.d.sensitive.rememberPagesOf({ documentId });
      const { layout, original } = replaceWithSuccessor(this.d.indexing.layoutOf(batchId), documentId, replacementId);
      if (this.d.corrections.purgedPages(original.pageIds) > 0) {
        refuse("The station no longer keeps this document's pages (removed after delivery, see Retention). Correct it in the repository, or mark it entered in error here.");
      }
      const before: OriginalSnapshot = { index: { ...index }, layoutDocument: original };
      this.d.indexing.saveLayout(batchId, layout, at);
      // The batch's undo history predates the correction: undoing it would bring the original back beside its replacement.
      this.d.indexing.clearHistory(batchId);
      this.d.indexing.setIndex(replacementId, { patientMrn: index.patientMrn, docTypeCode: index.docTypeCode, dateOfService: index.dateOfService }, actor.displayName, at);
      this.setOriginalAside(documentId, at);
      this.recordStart({ id, kind: 'replace', originalDocumentId: documentId, replacementDocumentId: replacementId, batchId, reason, origin, before }, actor, at);
      this.d.audit.record({
        user: auditUser(actor),
        action: 'correction-started',
        subject: { type: 'document', id: documentId },
        details: { correction: id, replacement: replacementId, reason, before: before.index, pages: original.pageIds.length, ...cliOperator(actor) },
      });
      return this.d.corrections.get(id)!;
    });
  }

  /** The correction's row as begun: the original as it was (what a cancel restores), who began it and when. */
  private recordStart(
    start: Pick<CorrectionRow, 'id' | 'kind' | 'originalDocumentId' | 'replacementDocumentId' | 'batchId' | 'reason' | 'origin'> & { before: OriginalSnapshot },
    actor: Actor,
    at: string,
  ): void {
    this.d.corrections.insert({ ...start, startedById: actor.id, startedBy: actor.displayName, startedAt: at, before: JSON.stringify(start.before) });
  }

  /**
   * The original steps aside: its deliveries that never arrived wait (a replacement goes there
   * instead), and a review still owed on it is owed on its replacement now; a decided review
   * stays (retention and the statistics read it).
   */
  private setOriginalAside(documentId: string, at: string): void {
    this.d.outbox.holdDocument(documentId, at);
    if (this.d.review.get(documentId)?.state === 'awaiting') this.d.review.withdraw(documentId);
  }

  /** The correction with an open replacement (not yet confirmed), or a refusal. */
  private editable(correctionId: string): CorrectionRow & { replacementDocumentId: string } {
    const correction = this.d.corrections.get(correctionId) ?? refuse('There is no such correction.');
    if (correction.cancelledAt) refuse('This correction was cancelled.');
    if (correction.kind !== 'replace' || !correction.replacementDocumentId) refuse('A document marked entered in error has nothing to edit.');
    if (this.d.indexing.indexOf(correction.replacementDocumentId!)?.status === 'confirmed') refuse('This correction was sent; it cannot be changed any more.');
    return correction as CorrectionRow & { replacementDocumentId: string };
  }

  setIndex(correctionId: string, values: { patientMrn?: string; docTypeCode?: string; dateOfService?: string | null }, actor: Actor): void {
    const at = this.d.now().toISOString();
    this.d.transaction(() => {
      const correction = this.editable(correctionId);
      const patient = values.patientMrn !== undefined ? (this.d.patients.byMrn(values.patientMrn) ?? refuse(`No patient with MRN ${values.patientMrn} is in the patient index.`)) : null;
      const survivor = patient ? this.d.merges.survivorOf(patient.mrn) : null;
      if (survivor) refuse(`MRN ${patient!.mrn} was merged into ${survivor}; file the document under ${survivor}.`);
      const type = values.docTypeCode !== undefined ? (this.d.catalogue.find(values.docTypeCode) ?? refuse(`Document type ${values.docTypeCode} is not in the catalogue.`)) : null;
      // A type changed away from a sensitive one leaves the pages protected.
      this.d.sensitive.rememberPagesOf({ documentId: correction.replacementDocumentId });
      const before = this.d.indexing.indexOf(correction.replacementDocumentId);
      this.d.indexing.setIndex(
        correction.replacementDocumentId,
        { ...(patient ? { patientMrn: patient.mrn } : {}), ...(type ? { docTypeCode: type.code } : {}), ...(values.dateOfService !== undefined ? { dateOfService: values.dateOfService } : {}) },
        actor.displayName,
        at,
      );
      const after = this.d.indexing.indexOf(correction.replacementDocumentId);
      const pick = (row: typeof before) => ({ patientMrn: row?.patientMrn ?? null, docTypeCode: row?.docTypeCode ?? null, dateOfService: row?.dateOfService ?? null });
      this.d.audit.record({
        user: auditUser(actor),
        action: 'index-changed',
        subject: { type: 'document', id: correction.replacementDocumentId },
        details: { before: pick(before), after: pick(after), how: 'correction', correction: correctionId, ...cliOperator(actor) },
      });
    });
  }

  /** Splits pages off into a new open document, removes a page, or puts a removed one back. */
  changePages(correctionId: string, op: 'split-off' | 'remove' | 'restore', pageIds: readonly string[], actor: Actor): { newDocumentId: string | null } {
    const at = this.d.now().toISOString();
    return this.d.transaction(() => {
      const correction = this.editable(correctionId);
      const replacementId = correction.replacementDocumentId;
      // Pages split off or removed stay protected if they were in a sensitive document.
      this.d.sensitive.rememberPagesOf({ documentId: replacementId });
      let layout = this.d.indexing.layoutOf(correction.batchId);
      let newDocumentId: string | null = null;
      if (op === 'split-off') {
        newDocumentId = splitDocumentIdFor(correctionId, pageIds[0]!);
        if (correction.splitDocumentIds.includes(newDocumentId)) refuse('Those pages were already split off.');
        layout = splitOff(layout, replacementId, pageIds, newDocumentId);
        this.d.corrections.setSplitDocuments(correctionId, [...correction.splitDocumentIds, newDocumentId]);
      } else {
        if (pageIds.length !== 1) refuse('Remove or restore one page at a time.');
        const original = (JSON.parse(correction.before) as OriginalSnapshot).layoutDocument?.pageIds ?? [];
        layout = op === 'remove' ? removePage(layout, replacementId, pageIds[0]!) : restorePage(layout, replacementId, pageIds[0]!, original);
      }
      this.d.indexing.saveLayout(correction.batchId, layout, at);
      this.d.audit.record({
        user: auditUser(actor),
        action: 'correction-changed',
        subject: { type: 'document', id: replacementId },
        details: { correction: correctionId, op, pageIds: [...pageIds], ...(newDocumentId ? { newDocument: newDocumentId } : {}), ...cliOperator(actor) },
      });
      return { newDocumentId };
    });
  }

  /**
   * Sends the replacement: checked by QC like any confirmed document, then either waiting for a
   * second reviewer (four eyes, the default for corrections made at the station) or queued for
   * every target the original reached. `deliverFirst` is the command line's explicit choice, as
   * with `process --deliver`: queued at once and put in the review queue afterwards.
   */
  confirm(correctionId: string, actor: Actor, options: { deliverFirst?: boolean } = {}): { state: 'awaiting-review' | 'sending' } {
    const at = this.d.now().toISOString();
    return this.d.transaction(() => {
      const correction = this.editable(correctionId);
      const replacementId = correction.replacementDocumentId;
      const view = this.d.indexingService.view(replacementId) ?? refuse('The replacement is no longer in its batch.');
      if (!view.index.patient || !view.index.docType) refuse('Choose the patient and the document type first.');
      const survivor = this.d.merges.survivorOf(view.index.patient!.mrn);
      if (survivor) refuse(`MRN ${view.index.patient!.mrn} was merged into ${survivor}; file the document under ${survivor}.`);
      if (!view.canConfirm) {
        const blocking = view.qc.filter((f) => f.severity === 'blocking' && !f.override);
        refuse(`The correction cannot be sent yet: ${blocking.map((f) => f.message).join(' ')}`);
      }
      const before = JSON.parse(correction.before) as OriginalSnapshot;
      const after = {
        index: { patientMrn: view.index.patient!.mrn, docTypeCode: view.index.docType!.code, dateOfService: view.index.dateOfService },
        pageIds: view.pageIds,
        splitOff: correction.splitDocumentIds,
      };
      const unchanged =
        after.index.patientMrn === before.index.patientMrn &&
        after.index.docTypeCode === before.index.docTypeCode &&
        after.index.dateOfService === before.index.dateOfService &&
        JSON.stringify(after.pageIds) === JSON.stringify(before.layoutDocument?.pageIds ?? []);
      if (unchanged) refuse('Nothing was changed. Change the patient, type, date or pages, or cancel the correction.');

      this.d.indexing.setStatus(replacementId, 'confirmed', actor.displayName, at);
      const deliverFirst = options.deliverFirst === true;
      const operator = { id: actor.id, name: actor.displayName };
      let awaiting: boolean;
      if (this.needsSecondReviewer()) {
        // Four eyes: whoever corrected it never approves it (see secondReviewerRefusal).
        this.d.review.recordConfirmation({ documentId: replacementId, batchId: correction.batchId, state: 'awaiting', operator, at, deliveredFirst: deliverFirst });
        awaiting = true;
      } else awaiting = this.d.reviewGate.onConfirmed(replacementId, correction.batchId, operator, at, deliverFirst).state === 'awaiting';
      if (!awaiting || deliverFirst) this.d.deliveries.enqueueReplacement(replacementId, after.index.patientMrn, at, auditUser(actor));
      this.d.corrections.confirm(correctionId, after, { id: actor.id, name: actor.displayName }, at);
      this.d.audit.record({
        user: auditUser(actor),
        action: 'correction-confirmed',
        subject: { type: 'document', id: correction.originalDocumentId },
        details: {
          correction: correctionId,
          replacement: replacementId,
          reason: correction.reason,
          before: before.index,
          after: after.index,
          pages: { before: before.layoutDocument?.pageIds.length ?? 0, after: after.pageIds.length },
          splitOff: correction.splitDocumentIds,
          review: awaiting ? 'awaiting' : 'not-required',
          ...cliOperator(actor),
        },
      });
      return { state: awaiting && !deliverFirst ? 'awaiting-review' : 'sending' };
    });
  }

  /**
   * The one-step correction of a document delivered under an MRN a patient merge retired: its
   * replacement is filed under the surviving MRN and sent like any correction (a second reviewer
   * approves it when the rules say so). When QC finds something to settle first, the correction
   * stays open for the reviewer, with the reason.
   */
  followMerge(documentId: string, actor: Actor): { correction: CorrectionRow; refusal: string | null } {
    const mrn = this.d.indexing.indexOf(documentId)?.patientMrn ?? null;
    const survivor = mrn ? this.d.merges.survivorOf(mrn) : null;
    if (!mrn || !survivor) refuse('This document is not filed under a merged MRN.');
    const correction = this.start(documentId, `The hospital merged MRN ${mrn} into MRN ${survivor}.`, actor, 'merge');
    this.setIndex(correction.id, { patientMrn: survivor! }, actor);
    try {
      this.confirm(correction.id, actor);
      return { correction, refusal: null };
    } catch (error) {
      if (error instanceof CorrectionRefusal) return { correction, refusal: error.message };
      throw error;
    }
  }

  /** Lets the replacement's blocking QC findings pass with a reason (the command line's --override-qc; the screen uses qc.override). */
  overrideBlocking(correctionId: string, reason: string, actor: Actor): void {
    const at = this.d.now().toISOString();
    this.d.transaction(() => {
      const correction = this.editable(correctionId);
      const view = this.d.indexingService.view(correction.replacementDocumentId) ?? refuse('The replacement is no longer in its batch.');
      for (const finding of view.qc.filter((f) => f.severity === 'blocking' && !f.override)) {
        this.d.indexing.addOverride(correction.replacementDocumentId, finding.code, reason, { id: actor.id ?? `cli:${actor.username}`, name: actor.displayName }, at);
        this.d.audit.record({
          user: auditUser(actor),
          action: 'qc-overridden',
          subject: { type: 'document', id: correction.replacementDocumentId },
          details: { code: finding.code, reason, ...cliOperator(actor) },
        });
      }
    });
  }

  /** Undoes a correction never sent: the original comes back with its pages as delivered. */
  cancel(correctionId: string, actor: Actor): void {
    const at = this.d.now().toISOString();
    this.d.transaction(() => {
      const correction = this.editable(correctionId);
      if (correction.confirmedAt) refuse('This correction was sent before; fix it and send it again instead of cancelling it.');
      const splits = correction.splitDocumentIds.filter((id) => this.d.indexing.indexOf(id)?.status === 'confirmed');
      if (splits.length > 0) refuse('Pages split off this document were filed since; finish the correction instead.');
      const before = JSON.parse(correction.before) as OriginalSnapshot;
      if (!before.layoutDocument) refuse('The original cannot be put back.');
      const gone = [correction.replacementDocumentId, ...correction.splitDocumentIds];
      for (const id of gone) this.d.sensitive.rememberPagesOf({ documentId: id });
      this.d.indexing.saveLayout(correction.batchId, restoreOriginal(this.d.indexing.layoutOf(correction.batchId), before.layoutDocument!, gone), at);
      for (const id of gone) this.d.indexing.removeIndex(id);
      this.d.review.withdraw(correction.replacementDocumentId);
      this.d.corrections.cancel(correctionId, actor.displayName, at);
      this.d.audit.record({
        user: auditUser(actor),
        action: 'correction-cancelled',
        subject: { type: 'document', id: correction.originalDocumentId },
        details: { correction: correctionId, ...cliOperator(actor) },
      });
    });
  }

  /**
   * "Entered in error" with nothing in its place: for a document that belongs to no patient of
   * this hospital. Sent at once to every target the document reached.
   */
  retract(documentId: string, reason: string, actor: Actor, origin: CorrectionOrigin = 'station'): CorrectionRow {
    const at = this.d.now().toISOString();
    return this.d.transaction(() => {
      const refused = this.refusalToCorrect(documentId);
      if (refused) refuse(refused);
      const index = this.d.indexing.indexOf(documentId)!;
      const batchId = this.d.indexingService.batchOf(documentId) ?? this.d.review.get(documentId)?.batchId ?? '';
      const id = randomUUID();
      const before: OriginalSnapshot = { index: { ...index }, layoutDocument: null };
      this.recordStart({ id, kind: 'retract', originalDocumentId: documentId, replacementDocumentId: null, batchId, reason, origin, before }, actor, at);
      this.d.corrections.confirm(id, { retracted: true }, { id: actor.id, name: actor.displayName }, at);
      this.setOriginalAside(documentId, at);
      const targets = this.d.deliveries.enqueueRetraction(this.d.corrections.get(id)!, index.patientMrn ?? '', at, auditUser(actor));
      this.d.audit.record({
        user: auditUser(actor),
        action: 'document-retracted',
        subject: { type: 'document', id: documentId },
        details: { correction: id, reason, before: before.index, targets, ...cliOperator(actor) },
      });
      return this.d.corrections.get(id)!;
    });
  }

  /** Four eyes: the person who corrected a document does not approve its replacement. */
  secondReviewerRefusal(documentId: string, reviewerId: string): string | null {
    const correction = this.d.corrections.byReplacement(documentId);
    if (!correction || !this.policy().secondReviewer) return null;
    if (correction.confirmedById === reviewerId || correction.startedById === reviewerId) {
      return 'You corrected this document; another reviewer must approve the correction.';
    }
    return null;
  }
}
