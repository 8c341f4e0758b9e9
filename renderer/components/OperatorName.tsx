import { type BatchOperator, UNCLAIMED } from '../../shared/domain/batch.js';

/** The operator recorded on a batch, or "Unclaimed" (greyed) when nobody held the scanner. */
export function OperatorName({ operator }: { operator: BatchOperator | null }) {
  return operator ? (
    <>{operator.name}</>
  ) : (
    <span className="muted" title="Nobody held the scanner when this file landed">
      {UNCLAIMED}
    </span>
  );
}
