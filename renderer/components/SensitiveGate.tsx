import { useState, type FormEvent } from 'react';
import { useSensitive } from '../stores/sensitive.js';
import { Button } from './Button.js';

/**
 * Over the page viewer of a sensitive document: the pages stay blurred (the station serves them
 * so) until the user says why they need to see them; the reason is kept in the audit trail.
 */
export function SensitiveGate({ documentId, pageIds, typeName }: { documentId: string; pageIds: readonly string[]; typeName: string }) {
  const revealed = useSensitive((s) => s.revealedDocuments.has(documentId));
  const reveal = useSensitive((s) => s.reveal);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (revealed) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await reveal(documentId, pageIds, reason);
    setBusy(false);
    if (!result.ok) setError(result.message);
  };
  return (
    <form className="sensitive-gate" aria-label="Sensitive document" onSubmit={(e) => void submit(e)}>
      <p className="sensitive-gate-title">Sensitive document: {typeName}</p>
      <p className="small">The pages are blurred. Say why you need to see them; your reason is recorded with your name.</p>
      <label className="field">
        <span className="field-label">Reason for viewing</span>
        <input className="input" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-invalid={error ? true : undefined} />
        {error ? <span className="field-error">{error}</span> : null}
      </label>
      <Button type="submit" variant="primary" size="sm" busy={busy} disabled={busy || reason.trim().length === 0}>
        Show the pages
      </Button>
    </form>
  );
}
