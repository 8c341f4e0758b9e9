import type { BacklogState, ReportSummary } from '../../../shared/domain/reports.js';
import { hrefOf } from '../../stores/router.js';
import { BarList } from '../charts/BarList.js';
import { When } from '../When.js';
import { ReportPanel } from './ReportPanel.js';

const backlogNames: Record<BacklogState, string> = { pending: 'Waiting', delivering: 'Sending', failed: 'Failed', held: 'Held' };

/** Deliveries that have not arrived, as they stand now. */
export function OutboxPanel({ report }: { report: ReportSummary }) {
  const { outbox, oldestWaitingSince, awaitingReview } = report.backlog;
  const states = Object.keys(backlogNames) as BacklogState[];
  const waiting = states.reduce((n, s) => n + outbox[s].items, 0);
  return (
    <ReportPanel title="Outbox now" subtitle="As it stands now, whatever the days above." csv={['outbox']}>
      <ul className="report-counts" aria-label="Outbox backlog">
        {states.map((s) => (
          <li key={s} className={outbox[s].items > 0 ? `report-count report-count-${s}` : 'report-count'}>
            <strong>{outbox[s].items.toLocaleString()}</strong> {backlogNames[s].toLowerCase()}
          </li>
        ))}
      </ul>
      <p className="report-line">
        {oldestWaitingSince ? (
          <>
            Oldest not yet delivered: queued <When iso={oldestWaitingSince} />.{' '}
          </>
        ) : waiting === 0 ? (
          'Nothing waiting: every confirmed document has reached its targets. '
        ) : null}
        <a href={hrefOf({ name: 'delivery' })}>Open Delivery</a>
      </p>
      <p className="report-line muted">
        {awaitingReview === 0
          ? 'No document is waiting for QC review.'
          : `${awaitingReview.toLocaleString()} ${awaitingReview === 1 ? 'document waits' : 'documents wait'} for QC review before delivery.`}
      </p>
    </ReportPanel>
  );
}

const VERIFIED = '#1c6e43';
const AWAITING = '#e2b95a';

/** Back-scanning boxes: verified (the paper may go) against those still awaiting verification. */
export function BoxesPanel({ report }: { report: ReportSummary }) {
  const b = report.boxes;
  const total = b.verified + b.awaiting;
  return (
    <ReportPanel title="Back-scanning boxes" subtitle={total === 0 ? undefined : `${b.verifiedInRange.toLocaleString()} verified in these days.`} csv={total === 0 ? [] : ['boxes']}>
      {total === 0 ? (
        <p className="report-nothing">No batch carries a project and box yet: boxes of back-scanned paper records appear here once their batches are assigned to one.</p>
      ) : (
        <>
          <ul className="report-counts" aria-label="Boxes">
            <li className="report-count report-count-verified">
              <strong>{b.verified.toLocaleString()}</strong> verified
            </li>
            <li className={b.awaiting > 0 ? 'report-count report-count-awaiting' : 'report-count'}>
              <strong>{b.awaiting.toLocaleString()}</strong> awaiting verification
            </li>
          </ul>
          <BarList
            title="Boxes by project"
            description="For each project, boxes verified and boxes awaiting verification."
            rows={b.byProject.map((p) => ({
              label: p.project,
              segments: [
                { name: 'Verified', value: p.verified, colour: VERIFIED },
                { name: 'Awaiting', value: p.awaiting, colour: AWAITING },
              ],
              valueText: `${p.verified}/${p.boxes}`,
              spoken: `${p.project}: ${p.verified} of ${p.boxes} boxes verified, ${p.awaiting} awaiting`,
            }))}
          />
        </>
      )}
    </ReportPanel>
  );
}
