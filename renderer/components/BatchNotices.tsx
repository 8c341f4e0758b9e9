import type { BatchDetail } from '../../shared/domain/batch.js';
import { Alert } from './Alert.js';

/** What the clerk must act on about the batch's sheets (a file of nothing but a cover sheet), above the pages. */
export function BatchNotices({ batch }: { batch: Pick<BatchDetail, 'notices'> }) {
  if (batch.notices.length === 0) return null;
  return (
    <div className="batch-notices" aria-label="About this batch">
      {batch.notices.map((n) => (
        <Alert key={`${n.code}-${n.pageIds.join(',')}`} tone="warning">
          {n.message}
        </Alert>
      ))}
    </div>
  );
}
