import { mayCall } from '../../shared/api/access.js';
import { useEffect, useRef } from 'react';
import { type QuarantineEntry, retryableQuarantineReasons } from '../../shared/domain/intake.js';
import { Badge } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { EntryError, QuarantineActions, QuarantinePreviewDialog } from '../components/QuarantineActions.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { When } from '../components/When.js';
import { useButtonAction } from '../lib/button-action.js';
import { formatBytes, plural } from '../lib/format.js';
import { goToLegend } from '../lib/shortcuts.js';
import { useIntake } from '../stores/intake.js';
import { useSession } from '../stores/session.js';
import { type EmptyList, ListLoadState } from './ListLoadState.js';

const nothingSetAside: EmptyList = {
  icon: 'quarantine',
  title: 'Nothing in quarantine',
  text: 'Nothing in quarantine. Files the station cannot read are set aside here with the reason.',
};

export function Quarantine({ entryId }: { entryId: string | null }) {
  const { entries, entriesLoaded, entriesError, loadQuarantine } = useIntake();
  const listRef = useRef<HTMLOListElement>(null);
  const role = useSession((s) => s.user?.role);
  const mayRetry = mayCall(role, 'quarantine.retry');
  const waiting = entries.filter((e) => e.needsAttention).length;

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
          {entriesLoaded && waiting > 0
            ? `${plural(waiting, 'file')} set aside because the station could not read ${waiting === 1 ? 'it' : 'them'}. Nothing set aside became a batch.`
            : 'Files the station could not read.'}
        </p>
      </header>
      <div className="screen-body">
        <ListLoadState list={{ items: entries, loaded: entriesLoaded, error: entriesError }} reload={loadQuarantine} loading="Loading quarantine…" empty={nothingSetAside}>
          {() => (
            <ol ref={listRef} className="qlist" aria-label="Quarantined files, newest first">
              {entries.map((entry) => (
                <li
                  key={entry.id}
                  className={`qitem${entry.id === entryId ? ' is-target' : ''}${entry.needsAttention ? '' : ' is-released'}`}
                  data-entry-id={entry.id}
                  tabIndex={-1}
                  aria-labelledby={`q-${entry.id}`}
                >
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
                  <QuarantineRetry entry={entry} mayRetry={mayRetry} />
                  <QuarantineActions entry={entry} mayAct={mayRetry} />
                </li>
              ))}
            </ol>
          )}
        </ListLoadState>
      </div>
      <ShortcutLegend items={goToLegend('batches', 'intake')} />
      <QuarantinePreviewDialog entries={entries} />
    </div>
  );
}

/**
 * "Read it again", for what failed for a reason outside the file (a timeout, a memory cap, a
 * crash): e.g. after two power cuts set a sound scan aside. A damaged file gets no button.
 */
function QuarantineRetry({ entry, mayRetry }: { entry: QuarantineEntry; mayRetry: boolean }) {
  const retry = useIntake((s) => s.retry);
  const send = useButtonAction();

  if (entry.releasedAt) {
    return (
      <p className="qitem-released" role="status">
        Sent back to intake <When iso={entry.releasedAt} /> by {entry.releasedBy ?? 'an administrator'}. The intake log shows what became of it.
      </p>
    );
  }
  if (!retryableQuarantineReasons.has(entry.reason) || entry.fileRemoved || !mayRetry) return null;
  return (
    <div className="qitem-actions">
      <Button size="sm" icon="restore" busy={send.busy} onClick={() => void send.run(() => retry(entry.id))} aria-describedby={`q-${entry.id}`}>
        Read it again
      </Button>
      <span className="qitem-actions-hint">The file goes back to the drop folder and is read as a new scan.</span>
      <EntryError error={send.error} />
    </div>
  );
}
