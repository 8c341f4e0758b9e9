import type { QcFinding } from '../../shared/domain/indexing.js';
import { Alert } from './Alert.js';
import { ReasonDialog } from './ReasonDialog.js';

/** Asks for the reason a blocking finding may pass; the engine records it with who and when. */
export function OverrideDialog({ finding, onSubmit, onClose }: { finding: QcFinding; onSubmit(reason: string): Promise<{ ok: true } | { ok: false; message: string }>; onClose(): void }) {
  return (
    <ReasonDialog title="Override a blocking finding" label="Why may it be filed anyway?" submitLabel="Override" oneLine onSubmit={onSubmit} onClose={onClose}>
      <Alert tone="danger">{finding.message}</Alert>
      <p className="small">The document can then be confirmed although this check failed. Your reason is recorded with your name and the time, and shown to reviewers.</p>
    </ReasonDialog>
  );
}
