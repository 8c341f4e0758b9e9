import type { ReactNode } from 'react';

/** A sentence from the engine for the person at the desk. */
export function Alert({ tone = 'danger', children, action }: { tone?: 'danger' | 'warning' | 'info' | 'success'; children: ReactNode; action?: ReactNode }) {
  const role = tone === 'danger' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div className={`alert alert-${tone}`} role={role}>
      <div className="alert-text">{children}</div>
      {action ? <div className="alert-action">{action}</div> : null}
    </div>
  );
}
