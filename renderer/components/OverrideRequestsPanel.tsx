import { useEffect, useState } from 'react';
import type { OverrideRequest } from '../../shared/domain/override-requests.js';
import { useKeys } from '../lib/keys.js';
import { useOverrideRequests } from '../stores/override-requests.js';
import { navigate } from '../stores/router.js';
import { Button } from './Button.js';
import { DataTable } from './DataTable.js';
import { type OverrideDecision, OverrideDecisionDialog } from './OverrideDecisionDialog.js';
import { When } from './When.js';
import '../styles/station-day.css';

const openDocument = (r: OverrideRequest) => navigate({ name: 'index', batchId: r.batchId, documentId: r.documentId });

/**
 * QC review: clerks' requests to override a blocking finding, oldest first. O opens the oldest
 * request's document (its pages, its checks, and the request with Grant and Decline); a request
 * can also be answered from here.
 */
export function OverrideRequestsPanel() {
  const requests = useOverrideRequests((s) => s.queue);
  const loaded = useOverrideRequests((s) => s.queueLoaded);
  const [deciding, setDeciding] = useState<OverrideDecision | null>(null);

  useEffect(() => {
    void useOverrideRequests.getState().loadQueue();
  }, []);

  useKeys((event) => {
    if ((event.key === 'o' || event.key === 'O') && requests[0]) {
      openDocument(requests[0]);
      return true;
    }
    return false;
  });

  if (!loaded || requests.length === 0) return null;
  return (
    <section className="sd-queue" aria-labelledby="sd-queue-title">
      <div className="dlv-items-head">
        <h2 id="sd-queue-title">Overrides requested</h2>
        <span className="muted small">
          {requests.length === 1 ? '1 request' : `${requests.length} requests`} from clerks · <kbd>O</kbd> opens the oldest
        </span>
      </div>
      <DataTable className="table sd-queue-table" aria-label="Override requests, oldest first" columns={['Document', 'Blocking finding', 'Clerk’s note', 'Asked', { label: 'Actions', hidden: true }]}>
        {requests.map((r) => (
          <tr key={r.id} data-request-id={r.id}>
            <td className="sd-nowrap">
              <span className="mono">{r.batchLabel}</span>
              {r.documentNumber ? <span className="muted"> · doc {r.documentNumber}</span> : null}
            </td>
            <td className="sd-finding-cell">{r.findingMessage}</td>
            <td>“{r.note}”</td>
            <td className="sd-nowrap">
              {r.requestedBy}
              <br />
              <span className="muted small">
                <When iso={r.requestedAt} />
              </span>
            </td>
            <td className="sd-actions-cell">
              <Button size="sm" onClick={() => openDocument(r)} aria-label={`Open document ${r.documentNumber ?? ''} of ${r.batchLabel}`}>
                Open
              </Button>
              <Button size="sm" variant="primary" onClick={() => setDeciding({ kind: 'grant', request: r })}>
                Grant…
              </Button>
              <Button size="sm" onClick={() => setDeciding({ kind: 'decline', request: r })}>
                Decline…
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
      {deciding ? <OverrideDecisionDialog decision={deciding} onClose={() => setDeciding(null)} /> : null}
    </section>
  );
}
