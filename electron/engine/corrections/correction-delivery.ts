import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { CorrectionRepository, CorrectionRow } from '../db/repositories/corrections.js';
import type { OutboxItem, OutboxRepository } from '../db/repositories/outbox.js';
import type { DeliveryPackage, ReplacedCopy, RetractionPackage } from '../delivery/delivery-package.js';

/*
 * Where a correction goes: to every target the original went to, with the settings it was
 * delivered with (a target named for one run of `chartdesk process --deliver` included). Where
 * the original arrived, the replacement replaces it there (or the retraction withdraws it);
 * where it never arrived, the replacement is simply provided.
 */

/** The rows of the original that name a place it was sent (not its own retractions). */
const placesOf = (outbox: OutboxRepository, documentId: string) => outbox.forDocument(documentId).filter((i) => i.action !== 'retract');

export class CorrectionDeliveries {
  constructor(
    private readonly corrections: CorrectionRepository,
    private readonly outbox: OutboxRepository,
    private readonly audit: Pick<AuditLog, 'record'>,
  ) {}

  /**
   * Queues a confirmed (and, if required, approved) replacement. Call inside the transaction
   * that releases it, recorded as queued by `by` (as any delivery is, see queue-delivery.ts).
   * Returns false when the document is no replacement (the caller queues it the ordinary way).
   */
  enqueueReplacement(documentId: string, patientMrn: string, at: string, by: AuditUser | null): boolean {
    const correction = this.corrections.byReplacement(documentId);
    if (!correction) return false;
    for (const place of placesOf(this.outbox, correction.originalDocumentId)) {
      const delivered = place.state === 'delivered';
      this.corrections.enqueue(
        {
          documentId,
          targetId: place.targetId,
          patientMrn,
          action: delivered ? 'replace' : 'provide',
          replacesDocumentId: delivered ? correction.originalDocumentId : null,
          replacesReceipt: delivered ? place.receipt : null,
          targetConfig: place.targetConfig,
        },
        at,
        randomUUID(),
      );
      this.audit.record({ user: by, action: 'delivery-queued', subject: { type: 'document', id: documentId }, details: { target: place.targetId, action: delivered ? 'replace' : 'provide' } });
    }
    return true;
  }

  /** Queues "entered in error" for every target the original reached. Call inside the retraction's transaction. */
  enqueueRetraction(correction: CorrectionRow, patientMrn: string, at: string, by: AuditUser | null): number {
    const reached = placesOf(this.outbox, correction.originalDocumentId).filter((p) => p.state === 'delivered');
    for (const place of reached) {
      this.corrections.enqueue(
        {
          documentId: correction.id,
          targetId: place.targetId,
          patientMrn,
          action: 'retract',
          replacesDocumentId: correction.originalDocumentId,
          replacesReceipt: place.receipt,
          targetConfig: place.targetConfig,
        },
        at,
        randomUUID(),
      );
      this.audit.record({
        user: by,
        action: 'delivery-queued',
        subject: { type: 'document', id: correction.originalDocumentId },
        details: { target: place.targetId, action: 'retract', correction: correction.id },
      });
    }
    return reached.length;
  }

  /** What a 'replace' row replaces at its target (for the package). */
  replacedCopy(item: OutboxItem): ReplacedCopy | undefined {
    if (item.action !== 'replace' || !item.replacesDocumentId) return undefined;
    const correction = this.corrections.byReplacement(item.documentId);
    return { documentId: item.replacesDocumentId, receipt: item.replacesReceipt, at: correction?.confirmedAt ?? item.createdAt };
  }

  /** The outbox sender's hooks: a 'replace' row's package names what it replaces; a 'retract' row has its own. */
  senderHooks(build: (item: OutboxItem, pinnedSha256: string | null) => Promise<DeliveryPackage>) {
    return {
      buildPackage: async (item: OutboxItem, pinnedSha256: string | null): Promise<DeliveryPackage> => {
        const pkg = await build(item, pinnedSha256);
        const replaces = this.replacedCopy(item);
        return replaces ? { ...pkg, replaces } : pkg;
      },
      buildRetraction: (item: OutboxItem) => this.retraction(item),
    };
  }

  retraction(item: OutboxItem): RetractionPackage {
    const correction = this.corrections.get(item.documentId);
    return {
      retractionId: item.documentId,
      retracted: { documentId: item.replacesDocumentId ?? '', receipt: item.replacesReceipt, at: correction?.confirmedAt ?? item.createdAt },
      replacedBy: null,
    };
  }
}
