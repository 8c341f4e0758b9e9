import { mayCall } from '../../shared/api/access.js';
import { useState, type FormEvent } from 'react';
import { call } from '../api/client.js';
import { useSession } from '../stores/session.js';
import { useStation } from '../stores/station.js';
import { Button } from './Button.js';

/**
 * Back-scanning: the project and box on the scanner now. New batches are filed under it, so a
 * team working box by box sets it once per box instead of once per batch.
 */
export function BoxBar() {
  const current = useStation((s) => s.status?.currentBox ?? null);
  const role = useSession((s) => s.user?.role);
  const [editing, setEditing] = useState(false);
  const [project, setProject] = useState('');
  const [box, setBox] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mayChange = mayCall(role, 'station.setCurrentBox');

  const save = async (next: { project: string; box: string } | null) => {
    const result = await call('station.setCurrentBox', { box: next });
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    useStation.setState({ status: result.value });
    setEditing(false);
    setError(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (project.trim() && box.trim()) void save({ project: project.trim(), box: box.trim() });
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
        {error ? <span className="field-error">{error}</span> : null}
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
