import { useEffect, useRef } from 'react';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { EmptyState } from '../components/EmptyState.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { Spinner } from '../components/Spinner.js';
import { When } from '../components/When.js';
import { formatBytes, plural } from '../lib/format.js';
import { useIntake } from '../stores/intake.js';

export function Quarantine({ entryId }: { entryId: string | null }) {
  const { entries, entriesLoaded, entriesError, loadQuarantine } = useIntake();
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    void loadQuarantine();
  }, [loadQuarantine]);

  // Coming from the intake log: bring the entry into view.
  useEffect(() => {
    if (!entryId || !entriesLoaded) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-entry-id="${CSS.escape(entryId)}"]`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [entryId, entriesLoaded]);

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Quarantine</h1>
        <p className="screen-intro">
          {entriesLoaded && entries.length > 0
            ? `${plural(entries.length, 'file')} set aside because the station could not read ${entries.length === 1 ? 'it' : 'them'}. Nothing here became a batch.`
            : 'Files the station could not read.'}
        </p>
      </header>
      <div className="screen-body">
        {entriesError ? <Alert action={<Button size="sm" onClick={() => void loadQuarantine()}>Try again</Button>}>{entriesError}</Alert> : null}
        {!entriesLoaded ? (
          entriesError ? null : (
            <div className="loading-block">
              <Spinner label="Loading quarantine…" />
            </div>
          )
        ) : entries.length === 0 ? (
          <EmptyState icon="quarantine" title="Nothing in quarantine">
            <p>Nothing in quarantine. Files the station cannot read are set aside here with the reason.</p>
          </EmptyState>
        ) : (
          <ol ref={listRef} className="qlist" aria-label="Quarantined files, newest first">
            {entries.map((entry) => (
              <li key={entry.id} className={`qitem${entry.id === entryId ? ' is-target' : ''}`} data-entry-id={entry.id} tabIndex={-1} aria-labelledby={`q-${entry.id}`}>
                <div className="qitem-head">
                  <h2 className="qitem-name" id={`q-${entry.id}`} title={entry.originalName}>
                    {entry.originalName}
                  </h2>
                  <Badge tone="danger" mono title="Reason code">
                    {entry.reason}
                  </Badge>
                </div>
                <p className="qitem-message">{entry.message}</p>
                <p className="qitem-meta">
                  <When iso={entry.quarantinedAt} />
                  <span aria-hidden="true">·</span>
                  <span>{formatBytes(entry.sizeBytes)}</span>
                  <span aria-hidden="true">·</span>
                  <span>{entry.station}</span>
                </p>
                {entry.detail ? (
                  <p className="qitem-detail">
                    <span className="qitem-detail-label">Detail for support:</span> <code>{entry.detail}</code>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </div>
      <ShortcutLegend items={[{ keys: ['G B'], action: 'Batches' }, { keys: ['G I'], action: 'Intake' }]} />
    </div>
  );
}
