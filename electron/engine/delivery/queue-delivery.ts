import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';

/**
 * Queues a confirmed document for every enabled target, each recorded in the audit trail as
 * queued by whoever confirmed or approved it. Call inside the transaction of that confirmation.
 */
export function queueDelivery(deps: { outbox: OutboxRepository; audit: Pick<AuditLog, 'record'>; now(): Date }, documentId: string, patientMrn: string, by: AuditUser | null): void {
  for (const target of deps.outbox.targets()) {
    if (!target.enabled) continue;
    deps.outbox.enqueue(documentId, target.id, patientMrn, deps.now().toISOString());
    deps.audit.record({ user: by, action: 'delivery-queued', subject: { type: 'document', id: documentId }, details: { target: target.id } });
  }
}
