import type { ReactNode } from 'react';
import type { QcFinding } from '../../shared/domain/indexing.js';
import { plural } from '../lib/format.js';
import { useUi } from '../stores/ui.js';

/**
 * The index panel's warnings and overridden checks: folded to one line by default, so the
 * patient and type fields stay in view on a 1366x768 screen; open, they list every finding
 * (`children`). The choice is kept from one document to the next.
 */
export function OtherChecks({ findings, children }: { findings: QcFinding[]; children: ReactNode }) {
  const open = useUi((s) => s.warningsOpen);
  const setOpen = useUi((s) => s.setWarningsOpen);
  const warnings = findings.filter((f) => !f.override).length;
  const overridden = findings.length - warnings;
  const count = [warnings > 0 ? plural(warnings, 'warning') : null, overridden > 0 ? `${overridden} overridden` : null].filter(Boolean).join(', ');
  return (
    <details className="ix-qc" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="ix-qc-summary">
        <span className="ix-section-title">Other checks</span>
        <span className={`ix-qc-count${warnings > 0 ? ' ix-qc-count-warning' : ''}`}>{count}</span>
        {open ? null : <span className="ix-qc-first">{findings[0]?.message}</span>}
      </summary>
      <ul className="ix-findings">{children}</ul>
    </details>
  );
}
