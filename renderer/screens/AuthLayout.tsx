import type { ReactNode } from 'react';
import { useSession } from '../stores/session.js';

/** The frame of the screens shown before anyone is signed in. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const stationName = useSession((s) => s.stationName);
  return (
    <main className="auth">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            CD
          </span>
          <span>
            <span className="brand-name">ChartDesk</span>
            {stationName ? <span className="auth-station">{stationName}</span> : null}
          </span>
        </div>
        <h1>{title}</h1>
        {intro ? <div className="auth-intro">{intro}</div> : null}
        {children}
      </div>
    </main>
  );
}
