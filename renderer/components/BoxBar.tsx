import { mayCall } from '../../shared/api/access.js';
import { useState, type FormEvent } from 'react';
import { call } from '../api/client.js';
import { useSession } from '../stores/session.js';
import { useStation } from '../stores/station.js';
import { Button } from './Button.js';
import { useTakeOver } from './ScannerBar.js';

/**
 * Back-scanning: the project and box on the scanner now. New batches are filed under it, so a
 * team working box by box sets it once per box instead of once per batch. Starting a box is
 * starting to scan: it claims the scanner, after a confirmation when someone else holds it.
 */
export function BoxBar() {
  const current = useStation((s) => s.status?.currentBox ?? null);
  const holder = useStation((s) => s.status?.scanner ?? null);
  const user = useSession((s) => s.user);
  const role = user?.role;
  const [editing, setEditing] = useState(false);
  const [project, setProject] = useState('');
  const [box, setBox] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const mayChange = mayCall(role, 'station.setCurrentBox');

  /** True once the box is set. */
  const save = async (next: { project: string; box: string } | null, takeOver = false) => {
    setSaving(true);
    const result = await call('station.setCurrentBox', { box: next, takeOver });
    setSaving(false);
    if (!result.ok) {
      setError(result.error.message);
      return false;
    }
    useStation.setState({ status: result.value });
    setEditing(false);
    setError(null);
    return true;
  };
  const chosen = () => ({ project: project.trim(), box: box.trim() });
  const takeOver = useTakeOver(holder, { action: 'Take over and start the box', busy: saving, error, take: () => save(chosen(), true), onClose: () => setError(null) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!project.trim() || !box.trim()) return;
    if (holder && holder.userId !== user?.id) takeOver.ask();
    else void save(chosen());
  };

  if (editing) {
    return (
      <form className="box-bar" aria-label="Box being scanned" onSubmit={submit}>
        <label className="box-bar-field">
          <span>Project</span>
          <input className="input" value={project} maxLength={100} autoFocus onChange={(e) => setProject(e.target.value)} />
        </label>
        <label className="box-bar-field">
          <span>Box</span>
          <input className="input" value={box} maxLength={100} onChange={(e) => setBox(e.target.value)} />
        </label>
        <Button type="submit" size="sm" variant="primary" disabled={!project.trim() || !box.trim()}>
          Scan into this box
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        {error && !takeOver.asking ? <span className="field-error">{error}</span> : null}
        {takeOver.dialog}
      </form>
    );
  }
  return (
    <section className="box-bar" aria-label="Box being scanned">
      {current ? (
        <span>
          Scanning into <strong>{current.project}</strong> / box <strong className="mono">{current.box}</strong>: new batches are filed under it.
        </span>
      ) : (
        <span className="muted">Day-to-day scanning (no back-scanning box).</span>
      )}
      {mayChange ? (
        <>
          <Button
            size="sm"
            onClick={() => {
              setProject(current?.project ?? '');
              setBox('');
              setEditing(true);
            }}
          >
            {current ? 'Next box…' : 'Start a box…'}
          </Button>
          {current ? (
            <Button size="sm" variant="ghost" onClick={() => void save(null)}>
              Stop back-scanning
            </Button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
