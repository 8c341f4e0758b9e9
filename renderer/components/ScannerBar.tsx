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
  const [confirming, setConfirming] = useState(false);
  if (!status || !user) return null;

  const holder = status.scanner;
  const mine = holder?.userId === user.id;
  const mayScan = user.role === 'admin' || user.role === 'clerk';
  const scanAsMe = () => {
    if (holder && !mine) setConfirming(true);
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
        <Button size="sm" busy={busy && !confirming} onClick={scanAsMe} aria-label={holder ? `Change: scan as me instead of ${holder.displayName}` : 'Scan as me'}>
          {holder ? 'Change: scan as me' : 'Scan as me'}
        </Button>
      ) : null}
      {error && !confirming ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
      {confirming && holder ? (
        <TakeOverDialog
          holder={holder.displayName}
          action="Take over the scanner"
          busy={busy}
          error={error}
          onClose={() => setConfirming(false)}
          onConfirm={() => void claim(true).then((done) => done && setConfirming(false))}
        />
      ) : null}
    </section>
  );
}
