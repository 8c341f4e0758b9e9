import type { AuditLog } from '../audit/audit-log.js';
import type { IndexingRepository } from '../db/repositories/indexing.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';
import type { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import type { PatientIndex } from '../indexing/patient-index/index.js';

export interface MergeDeps {
  merges: PatientMergeRepository;
  patients: PatientIndex;
  indexing: IndexingRepository;
  outbox: OutboxRepository;
  audit: AuditLog;
  transaction<T>(work: () => T): T;
  now(): Date;
}

export type MergeOutcome = { kind: 'applied'; moved: string[]; deliveredUnderRetired: string[] } | { kind: 'unchanged' } | { kind: 'rejected'; reason: string };

/** Who applied it: the patient feed, a merge file loaded by someone, or the command line. */
export interface MergeSource {
  source: 'fhir' | 'csv';
  by: { id: string; name: string } | null;
  /** For the record when `by` is null: "patient sync", "chartdesk patients merge (alice)". */
  via: string;
}

/**
 * Applies a merge from the hospital's master patient index, in one transaction with its audit
 * entry: the retired MRN is recorded (nothing new is filed or delivered under it again), the
 * documents under it that have not reached any repository move to the surviving patient (the
 * clerk sees why in their QC findings, see document-indexing.ts) and follow in the outbox,
 * and those already delivered stay as delivered, listed for a reviewer's one-step correction.
 */
export function applyPatientMerge(d: MergeDeps, retiredMrn: string, survivingMrn: string, from: MergeSource): MergeOutcome {
  const retired = retiredMrn.trim();
  const surviving = survivingMrn.trim();
  if (!retired || !surviving) return { kind: 'rejected', reason: 'both MRNs are needed' };
  if (retired === surviving) return { kind: 'rejected', reason: 'a patient cannot be merged into itself' };
  return d.transaction(() => {
    const known = d.merges.get(retired);
    if (known?.survivingMrn === surviving) return { kind: 'unchanged' as const };
    if (!d.patients.byMrn(surviving)) return { kind: 'rejected' as const, reason: `the surviving MRN ${surviving} is not in the patient index` };
    if (d.merges.survivorOf(surviving) === retired) return { kind: 'rejected' as const, reason: `MRN ${surviving} was itself merged into ${retired}: the merges contradict each other` };
    const at = d.now().toISOString();
    d.merges.record({ retiredMrn: retired, survivingMrn: surviving, source: from.source, appliedAt: at, appliedBy: from.by?.name ?? from.via });
    // Where the retired MRN ends up, following any merge of the survivor itself.
    const target = d.merges.survivorOf(retired) ?? surviving;
    const moved: string[] = [];
    const deliveredUnderRetired: string[] = [];
    for (const documentId of d.indexing.documentsFiledUnder(retired)) {
      const rows = d.outbox.forDocument(documentId).filter((i) => i.action !== 'retract');
      // Anywhere delivered, or on its way now: the repository has (or is getting) it under the old MRN.
      if (rows.some((i) => i.state === 'delivered' || i.state === 'delivering')) {
        deliveredUnderRetired.push(documentId);
        continue;
      }
      d.indexing.setIndex(documentId, { patientMrn: target }, 'patient merge', at);
      d.merges.recordMove(documentId, retired, target, at);
      d.outbox.repointPatient(documentId, target, at);
      moved.push(documentId);
    }
    d.audit.record({
      user: from.by,
      action: 'patients-merged',
      subject: { type: 'patient', id: retired },
      details: { retired, surviving: target, source: from.source, via: from.via, moved, deliveredUnderRetired },
    });
    return { kind: 'applied' as const, moved, deliveredUnderRetired };
  });
}
