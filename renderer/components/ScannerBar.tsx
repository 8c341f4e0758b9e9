import { useState } from 'react';
import { useScanner } from '../stores/scanner.js';
import { useSession } from '../stores/session.js';
import { useStation } from '../stores/station.js';
import { Button } from './Button.js';
import { TakeOverDialog } from './TakeOverDialog.js';

/**
 * Who is scanning at this station: the files that land are credited to them. Signing in does not
 * make anyone the operator; the person at the scanner says so here ("Scan as me"), and a
 * take-over from someone else is confirmed first.
 */
export function ScannerBar() {
  const status = useStation((s) => s.status);
  const user = useSession((s) => s.user);
  const { busy, error, claim, release } = useScanner();
  const takeOver = useTakeOver(status?.scanner ?? null, { action: 'Take over the scanner', busy, error, take: () => claim(true) });
  if (!status || !user) return null;

  const holder = status.scanner;
  const mine = holder?.userId === user.id;
  const mayScan = user.role === 'admin' || user.role === 'clerk';
  const scanAsMe = () => {
    if (holder && !mine) takeOver.ask();
    else void claim(false);
  };

  return (
    <section className="scanner-bar" aria-label="Who is scanning">
      {holder ? (
        <span>
          Scanning as <strong>{holder.displayName}</strong>
          {mine ? ' (you)' : null}
        </span>
      ) : (
        <span>
          <strong>Nobody is scanning</strong> <span className="muted">(files that land now are unclaimed)</span>
        </span>
      )}
      {mine ? (
        <Button size="sm" busy={busy} onClick={() => void release()} title="Hand the scanner over: later files are unclaimed until someone scans as themselves">
          Hand over
        </Button>
      ) : mayScan ? (
        <Button size="sm" busy={busy && !takeOver.asking} onClick={scanAsMe} aria-label={holder ? `Change: scan as me instead of ${holder.displayName}` : 'Scan as me'}>
          {holder ? 'Change: scan as me' : 'Scan as me'}
        </Button>
      ) : null}
      {error && !takeOver.asking ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      {takeOver.dialog}
    </section>
  );
}

/**
 * Taking the scanner from the person who holds it is confirmed first (the scanner bar's "Scan
 * as me", the box bar's "Scan into this box"): `ask` puts the question, `dialog` is it while
 * asked. `take` takes the scanner; the question closes once it is taken, and shows the
 * station's refusal when it is not.
 */
export function useTakeOver(
  holder: { displayName: string } | null,
  { action, busy, error, take, onClose }: { action: string; busy: boolean; error: string | null; take(): Promise<boolean>; onClose?(): void },
) {
  const [asking, setAsking] = useState(false);
  const close = () => {
    setAsking(false);
    onClose?.();
  };
  const dialog =
    asking && holder ? (
      <TakeOverDialog holder={holder.displayName} action={action} busy={busy} error={error} onClose={close} onConfirm={() => void take().then((done) => done && setAsking(false))} />
    ) : null;
  return { asking, ask: () => setAsking(true), dialog };
}
