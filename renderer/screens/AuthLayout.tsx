import type { ReactNode } from 'react';
import { useSession } from '../stores/session.js';

/** The frame of the screens shown before anyone is signed in. */
export function AuthLayout({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <AuthBrand />
        <h1>{title}</h1>
        {intro ? <div className="auth-intro">{intro}</div> : null}
        {children}
      </div>
    </main>
  );
}

/** ChartDesk's mark and the station's name, at the top of the sign-in and lock screens. */
export function AuthBrand() {
  const stationName = useSession((s) => s.stationName);
  return (
    <div className="auth-brand">
      <span className="brand-mark" aria-hidden="true">
        CD
      </span>
      <span>
        <span className="brand-name">ChartDesk</span>
        {stationName ? <span className="auth-station">{stationName}</span> : null}
      </span>
    </div>
  );
}
