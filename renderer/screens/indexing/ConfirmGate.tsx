import type { ReactNode } from 'react';
import type { BatchDocument } from '../../../shared/domain/batch.js';
import type { DocumentIndexing, QcFinding } from '../../../shared/domain/indexing.js';
import { Button } from '../../components/Button.js';
import { When } from '../../components/When.js';
import { blockingFindings } from '../../lib/indexing.js';
import { type Notice, useIndexing } from '../../stores/indexing.js';
import { Finding, isToDo, NoticeLine } from './Findings.js';

export const REOPEN_DELIVERED = 'Delivered to the repository: it can no longer be reopened here. Corrections are made in the repository.';

/** The foot of the index panel: the notice, what still stands in the way, and Confirm (or who confirmed). */
export function ConfirmGate({
  indexing,
  document,
  notice,
  nextBatch,
  canEdit,
  canOverride,
  busy,
  onConfirm,
  onOverride,
  onGoToPage,
}: {
  indexing: DocumentIndexing;
  document: BatchDocument;
  notice: Notice | null;
  /** Once every document of the batch is confirmed: the next batch to index. */
  nextBatch: ReactNode;
  canEdit: boolean;
  canOverride: boolean;
  busy: boolean;
  onConfirm(): void;
  onOverride(finding: QcFinding): void;
  onGoToPage(pageId: string): void;
}) {
  const reopen = useIndexing((s) => s.reopen);
  const confirmed = indexing.status === 'confirmed';
  const blocking = blockingFindings(indexing);
  const problems = blocking.filter((f) => !isToDo(f));
  const toDo = blocking.filter(isToDo);

  return (
    <div className="ix-gate" aria-label="Confirmation">
      {notice ? <NoticeLine notice={notice} /> : null}
      {nextBatch}
      {!confirmed && problems.length > 0 ? (
        <ul className="ix-findings ix-findings-gate" aria-label="Blocking findings">
          {problems.map((f) => (
            <Finding key={f.code} finding={f} pageIds={indexing.pageIds} onGoToPage={onGoToPage} onOverride={canOverride ? onOverride : undefined} />
          ))}
        </ul>
      ) : null}
      {!confirmed && toDo.length > 0 ? (
        <p className="ix-todo" aria-label="Still to do">
          <strong>Still to do:</strong> {toDo.map((f) => f.message).join(' ')}
        </p>
      ) : null}
      {confirmed ? (
        <div className="ix-confirmed">
          <p className="small">
            <strong>Confirmed</strong>
            {indexing.confirmedBy ? ` by ${indexing.confirmedBy}` : ''}
            {indexing.confirmedAt ? (
              <>
                {' '}
                · <When iso={indexing.confirmedAt} />
              </>
            ) : null}
          </p>
          {!canEdit ? null : document.delivery?.state === 'delivered' ? (
            <p className="small muted">{REOPEN_DELIVERED}</p>
          ) : (
            <Button size="sm" onClick={() => void reopen()} disabled={busy}>
              Reopen <kbd>E</kbd>
            </Button>
          )}
        </div>
      ) : canEdit ? (
        <>
          {problems.length > 0 ? (
            <p className="ix-confirm-why" id="ix-confirm-why">
              Confirm waits for {problems.length === 1 ? 'the blocking finding' : `${problems.length} blocking findings`}: fix {problems.length === 1 ? 'it' : 'them'}
              {canOverride ? ', or override with a reason (O)' : ', or ask a reviewer to override (O)'}.
            </p>
          ) : null}
          <Button
            variant="primary"
            icon="check"
            className="ix-confirm-button"
            onClick={onConfirm}
            disabled={!indexing.canConfirm || busy}
            aria-describedby={problems.length > 0 ? 'ix-confirm-why' : undefined}
          >
            Confirm and next <kbd className="kbd-on-primary">C</kbd>
          </Button>
        </>
      ) : (
        <p className="small muted">You can look at this document; a records clerk confirms it.</p>
      )}
    </div>
  );
}
