import type { ApiResult } from '../../shared/api/result.js';
import type { BatchDetail, BatchSummary } from '../../shared/domain/batch.js';
import type { CorrectionView, DeliveredDocument } from '../../shared/domain/corrections.js';
import type { DocumentIndexing } from '../../shared/domain/indexing.js';
import type { Station } from '../../electron/engine/station-types.js';

/** The clerk's account, created by the harness before the station's first start. */
export const HARNESS_CLERK = { username: 'crash-harness', displayName: 'Crash Harness', password: 'crash-harness-password' } as const;

/** What the clerk files a document under when the pages name no type or date (a cover sheet does). */
const FALLBACK = { docTypeCode: '11488-4', dateOfService: '2025-03-04' } as const;

export interface HarnessClerkOptions {
  /** A patient of the index, for a document whose pages carry no MRN the station could read. */
  fallbackMrn: string;
  pollMs: number;
  /** Once every document has been delivered, correct one of them (a reviewer's later sample found it wrong). */
  correct?: boolean;
}

/** What the correction changes: the date of service (the pages' patient evidence stays consistent). */
export const CORRECTED_DATE_OF_SERVICE = '2025-06-07';

/**
 * A records clerk and a QC reviewer at the station, through the same API the UI calls: once
 * every page of a batch has been through the fast path, each open document is indexed (patient,
 * type and date as read from its cover sheet or label), any blocking finding is overridden with
 * a reason, and the document confirmed; documents the review policy holds back are approved.
 * It keeps going until stopped; a SIGKILL can land in any of these calls.
 */
export function startHarnessClerk(station: Station, options: HarnessClerkOptions): { stop: () => Promise<void> } {
  let token: string | null = null;
  let running = true;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> = Promise.resolve();

  const call = async <T>(method: string, input: unknown): Promise<T | null> => {
    const { result } = await station.call(method, input, token);
    const answer = result as ApiResult<T>;
    return answer.ok ? answer.value : null;
  };

  const signIn = async () => {
    const outcome = await station.call('session.signIn', { username: HARNESS_CLERK.username, password: HARNESS_CLERK.password }, null);
    token = outcome.session?.kind === 'signed-in' ? outcome.session.token : null;
    if (!token) throw new Error('the harness clerk could not sign in');
  };

  const file = async (documentId: string, doc: BatchDetail['documents'][number]) => {
    await call<DocumentIndexing>('documents.setIndex', {
      documentId,
      patientMrn: doc.patient?.mrn ?? options.fallbackMrn,
      docTypeCode: doc.docType?.code ?? FALLBACK.docTypeCode,
      dateOfService: doc.dateOfService ?? FALLBACK.dateOfService,
    });
    const view = await call<DocumentIndexing>('documents.indexing', { documentId });
    for (const finding of view?.qc ?? []) {
      if (finding.severity === 'blocking' && !finding.override) {
        await call('qc.override', { documentId, code: finding.code, reason: 'Checked by the crash harness operator.' });
      }
    }
    await call<DocumentIndexing>('documents.confirm', { documentId });
  };

  /**
   * One correction per trial: started once everything was delivered, and finished from wherever
   * a kill left it (started but not sent: its values are set again and it is confirmed).
   */
  const correctOne = async () => {
    const found = await call<{ documents: DeliveredDocument[] }>('documents.find', { deliveredOnly: false, limit: 500 });
    const documents = found?.documents ?? [];
    const open = documents.find((d) => d.status === 'under-correction');
    let correctionId = open?.correctionId ?? null;
    if (!correctionId) {
      if (documents.some((d) => d.status === 'replaced')) return;
      const settled = documents.length > 0 && documents.every((d) => d.status === 'delivered' && d.deliveries.every((x) => x.state === 'delivered'));
      if (!settled) return;
      const first = [...documents].sort((a, b) => a.documentId.localeCompare(b.documentId))[0]!;
      const started = await call<CorrectionView>('corrections.start', { documentId: first.documentId, reason: 'Wrong date of service (crash harness).' });
      correctionId = started?.correctionId ?? null;
    }
    if (!correctionId || !running) return;
    await call<CorrectionView>('corrections.setIndex', { correctionId, dateOfService: CORRECTED_DATE_OF_SERVICE });
    await call<CorrectionView>('corrections.confirm', { correctionId });
  };

  const work = async () => {
    if (options.correct) await correctOne();
    const list = await call<{ batches: BatchSummary[] }>('batches.list', { limit: 500 });
    for (const summary of list?.batches ?? []) {
      if (!running) return;
      if (summary.recognition.fastDone < summary.recognition.total) continue;
      const batch = await call<BatchDetail>('batches.get', { batchId: summary.id });
      for (const doc of batch?.documents ?? []) {
        if (!running) return;
        if (doc.status === 'open' && doc.complete) await file(doc.id, doc);
      }
      const review = await call<{ documents: { documentId: string; review: { state: string } }[] }>('review.batch', { batchId: summary.id });
      for (const doc of review?.documents ?? []) {
        if (running && doc.review.state === 'awaiting') await call('review.decide', { decision: 'approve', documentId: doc.documentId });
      }
    }
  };

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      round = work()
        .catch((error: unknown) => void process.stderr.write(`harness clerk: ${(error as Error).message}\n`))
        .finally(schedule);
    }, options.pollMs);
  };

  round = signIn().then(schedule);
  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await round.catch(() => undefined);
    },
  };
}
