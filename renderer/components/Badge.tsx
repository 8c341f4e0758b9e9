import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export function Badge({ tone = 'neutral', children, mono = false, title }: { tone?: Tone; children: ReactNode; mono?: boolean; title?: string }) {
  return (
    <span className={`badge badge-${tone}${mono ? ' badge-mono' : ''}`} title={title}>
      {children}
    </span>
  );
}
