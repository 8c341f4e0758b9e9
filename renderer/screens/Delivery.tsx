import { useEffect, useRef, useState } from 'react';
import type { DeliveryItem, DeliveryState, DeliveryTarget } from '../../shared/domain/delivery.js';
import { Alert } from '../components/Alert.js';
import { Badge } from '../components/Badge.js';
import { Button } from '../components/Button.js';
import { DataTable } from '../components/DataTable.js';
import { EmptyState } from '../components/EmptyState.js';
import type { IconName } from '../components/Icon.js';
import { LoadState } from '../components/LoadState.js';
import { ShortcutLegend } from '../components/ShortcutLegend.js';
import { When } from '../components/When.js';
import { deliveryStateNames, deliveryStateTones, nextAttemptText, targetKindNames } from '../lib/delivery.js';
import { plural } from '../lib/format.js';
import { isActivatableTarget, keySequencePending, useKeys } from '../lib/keys.js';
import { useBatches } from '../stores/batches.js';
import { type DocumentRef, useDelivery } from '../stores/delivery.js';
import { useStoreFields } from '../stores/fields.js';
import { indexHref, navigate } from '../stores/router.js';
import { mayCall } from '../../shared/api/access.js';
import { useSession } from '../stores/session.js';

const ADMIN_ONLY = 'Only an administrator can retry or hold a delivery.';

/** The backlog counts, in the order a document goes through them. */
const countOrder: Array<{ state: DeliveryState; label: string }> = [
  { state: 'pending', label: 'waiting' },
  { state: 'delivering', label: 'sending' },
  { state: 'delivered', label: 'delivered' },
  { state: 'failed', label: 'failed' },
  { state: 'held', label: 'held' },
];

/** Work first: what needs a person, then what is on its way, then what has arrived (newest first). */
const stateRank: Record<DeliveryState, number> = { failed: 0, held: 1, pending: 2, delivering: 3, delivered: 4 };
const byUrgency = (a: DeliveryItem, b: DeliveryItem) =>
  stateRank[a.state] - stateRank[b.state] || (a.state === 'delivered' ? (b.deliveredAt ?? '').localeCompare(a.deliveredAt ?? '') : a.createdAt.localeCompare(b.createdAt));

/**
 * Delivery: confirmed documents on their way to the repository. Everyone sees where each stands;
 * an administrator can put a delivery back in line now or hold it.
 */
export function Delivery() {
  const { overview, loaded, error, acting, notice, documents } = useStoreFields(useDelivery, 'overview', 'loaded', 'error', 'acting', 'notice', 'documents');
  const { load, retry, hold, resolveDocuments, say } = useDelivery.getState();
  const batchLabels = useBatches((s) => s.batches);
  const role = useSession((s) => s.user?.role);
  const admin = mayCall(role, 'delivery.retry');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const tbodyRef = useRef<HTMLTableSectionElement>(null);
  const now = useNow(overview?.items.some((i) => i.state === 'pending' && i.nextAttemptAt) ?? false);

  useEffect(() => {
    void load();
    return () => say(null);
  }, [load, say]);

  const items = overview ? [...overview.items].sort(byUrgency) : [];
  const documentKey = items.map((i) => i.documentId).join(',');
  useEffect(() => {
    if (documentKey) void resolveDocuments(documentKey.split(','));
  }, [documentKey, resolveDocuments]);

  const selected = items.find((i) => i.id === selectedId) ?? items[0] ?? null;
  const targets = new Map((overview?.targets ?? []).map((t) => [t.id, t]));
  // With one target (the usual station) it is named in the panel above; the rows need not repeat it.
  const showTarget = targets.size !== 1 || items.some((i) => !targets.has(i.targetId));
  const labelOf = (batchId: string) => batchLabels.find((b) => b.id === batchId)?.label ?? null;

  const open = (item: DeliveryItem) => {
    const ref = documents[item.documentId];
    if (ref) navigate({ name: 'index', batchId: ref.batchId, documentId: item.documentId });
    else say({ tone: 'info', text: ref === null ? 'This document is no longer on this station.' : 'Still looking up this document; try again in a moment.' });
  };
  const doRetry = (item: DeliveryItem) => {
    if (!admin) say({ tone: 'info', text: ADMIN_ONLY });
    else if (!item.mayRetry) say({ tone: 'info', text: item.state === 'delivered' ? 'Already delivered: nothing to retry.' : 'It is being sent right now.' });
    else void retry(item);
  };
  const doHold = (item: DeliveryItem) => {
    if (!admin) say({ tone: 'info', text: ADMIN_ONLY });
    else if (!item.mayHold)
      say({
        tone: 'info',
        text:
          item.state === 'held'
            ? 'Already held. R puts it back in line.'
            : item.state === 'delivered'
              ? 'Already delivered: nothing to hold.'
              : 'It is being sent right now; it can be held if this attempt fails.',
      });
    else void hold(item);
  };

  const move = (delta: number) => {
    if (items.length === 0) return;
    const at = selected ? items.indexOf(selected) : -1;
    const next = items[Math.max(0, Math.min(items.length - 1, at + delta))];
    if (next) setSelectedId(next.id);
  };

  useKeys((event) => {
    if (keySequencePending() || !selected) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        move(1);
        return true;
      case 'ArrowUp':
      case 'k':
        move(-1);
        return true;
      case 'Home':
        move(-items.length);
        return true;
      case 'End':
        move(items.length);
        return true;
      case 'Enter':
        if (isActivatableTarget(event.target)) return false;
        open(selected);
        return true;
      case 'r':
      case 'R':
        doRetry(selected);
        return true;
      case 'h':
      case 'H':
        doHold(selected);
        return true;
      default:
        return false;
    }
  });

  // Keep the selected row visible and focused when the keyboard moves it.
  useEffect(() => {
    if (!selectedId) return;
    const row = tbodyRef.current?.querySelector<HTMLTableRowElement>('tr[aria-selected="true"]');
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    // Only when the keyboard was on a row (or nowhere): a button of the row keeps its focus.
    const active = document.activeElement;
    if (active === document.body || active?.classList.contains('main') || (active instanceof HTMLTableRowElement && tbodyRef.current?.contains(active))) row.focus({ preventScroll: true });
  }, [selectedId]);

  const counts = overview?.counts;
  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Delivery</h1>
        <p className="screen-intro">Confirmed documents on their way to the repository.</p>
        {counts ? (
          <ul className="summary dlv-summary" aria-label="Backlog">
            {countOrder.map(({ state, label }) => (
              <li key={state} className={counts[state] > 0 ? `dlv-count dlv-count-${state}` : 'dlv-count'}>
                <strong>{counts[state]}</strong> {label}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <div className="screen-body dlv-body">
        <LoadState error={error} onRetry={() => void load()} loading={(!loaded || !overview) && 'Loading deliveries…'}>
          {() =>
            overview && (
              <>
                <Targets targets={overview.targets} />
                {overview.awaitingReview > 0 ? (
                  <Alert tone="info">
                    <strong>{plural(overview.awaitingReview, 'confirmed document is', 'confirmed documents are')} waiting for QC review.</strong> A document waiting for review is not sent: it joins
                    this list once a reviewer approves it.
                  </Alert>
                ) : null}
                {notice ? <Alert tone={notice.tone === 'danger' ? 'danger' : notice.tone === 'success' ? 'success' : 'info'}>{notice.text}</Alert> : null}
                {items.length === 0 ? (
                  <EmptyState icon="delivery" title={overview.awaitingReview > 0 ? 'Nothing sent yet: waiting for QC review' : 'Nothing sent yet'}>
                    <p>Confirmed documents appear here on their way to the repository. Index a batch (G B, then I) and confirm its documents: each is sent to every target above.</p>
                  </EmptyState>
                ) : (
                  <section aria-labelledby="dlv-items-title" className="dlv-items">
                    <div className="dlv-items-head">
                      <h2 id="dlv-items-title">Documents</h2>
                      <span className="muted small">{items.length >= 200 ? 'The 200 most recent' : plural(items.length, 'delivery', 'deliveries')} · problems first</span>
                    </div>
                    <DataTable
                      wrapClassName="table-scroll"
                      className="table table-interactive dlv-table"
                      aria-label="Deliveries, problems first"
                      bodyRef={tbodyRef}
                      columns={[
                        'Document',
                        showTarget && 'Target',
                        'State',
                        { label: 'Attempts', num: true },
                        'Last problem',
                        'Next attempt',
                        'Delivered',
                        admin && { label: 'Actions', hidden: true },
                      ]}
                    >
                      {items.map((item) => {
                        const isSelected = item.id === selected?.id;
                        const ref = documents[item.documentId];
                        return (
                          <tr
                            key={item.id}
                            aria-selected={isSelected}
                            tabIndex={isSelected ? 0 : -1}
                            className={`dlv-row dlv-row-${item.state}${isSelected ? ' is-selected' : ''}`}
                            onClick={() => setSelectedId(item.id)}
                            onFocus={() => setSelectedId(item.id)}
                            data-item-id={item.id}
                          >
                            <td className="dlv-doc">
                              <DocumentCell documentId={item.documentId} docRef={ref} batchLabel={ref ? labelOf(ref.batchId) : null} />
                            </td>
                            {showTarget ? (
                              <td className="dlv-target">
                                <TargetName target={targets.get(item.targetId)} id={item.targetId} />
                              </td>
                            ) : null}
                            <td>
                              <Badge tone={deliveryStateTones[item.state]}>{deliveryStateNames[item.state]}</Badge>
                            </td>
                            <td className="num dlv-attempts">{item.attempts}</td>
                            <td className="dlv-error">{item.lastError && item.state !== 'delivered' ? item.lastError : <span className="muted">—</span>}</td>
                            <td className="nowrap">{nextAttemptText(item, now)}</td>
                            <td className="nowrap">{item.deliveredAt ? <When iso={item.deliveredAt} /> : <span className="muted">—</span>}</td>
                            {admin ? (
                              <td className="dlv-actions">
                                <RowAction
                                  icon="rotateCw"
                                  label="Retry now"
                                  onAct={() => doRetry(item)}
                                  disabled={!admin || !item.mayRetry || acting !== null}
                                  busy={acting === item.id}
                                  title={!admin ? ADMIN_ONLY : item.mayRetry ? 'Send it again now (R)' : 'Only a waiting, failed or held delivery can be retried.'}
                                />
                                <RowAction
                                  icon="pause"
                                  label="Hold"
                                  onAct={() => doHold(item)}
                                  disabled={!admin || !item.mayHold || acting !== null}
                                  title={!admin ? ADMIN_ONLY : item.mayHold ? 'Keep it from going out until it is retried (H)' : 'Only a waiting or failed delivery can be held.'}
                                />
                              </td>
                            ) : null}
                          </tr>
                        );
                      })}
                    </DataTable>
                  </section>
                )}
              </>
            )
          }
        </LoadState>
      </div>
      <ShortcutLegend
        items={[
          { keys: ['↑', '↓'], action: 'Select' },
          { keys: ['Enter'], action: 'Open document' },
          ...(admin
            ? [
                { keys: ['R'], action: 'Retry now' },
                { keys: ['H'], action: 'Hold' },
              ]
            : []),
          { keys: ['G B'], action: 'Batches' },
        ]}
      />
    </div>
  );
}

/** A button in a delivery's row: it acts on that delivery, and the click does not also select the row. */
function RowAction({ icon, label, onAct, disabled, busy, title }: { icon: IconName; label: string; onAct(): void; disabled: boolean; busy?: boolean; title: string }) {
  return (
    <Button
      size="sm"
      icon={icon}
      onClick={(e) => {
        e.stopPropagation();
        onAct();
      }}
      disabled={disabled}
      busy={busy}
      title={title}
    >
      <span className="toolbar-label">{label}</span>
    </Button>
  );
}

function Targets({ targets }: { targets: DeliveryTarget[] }) {
  return (
    <section className="panel dlv-targets" aria-labelledby="dlv-targets-title">
      <h2 id="dlv-targets-title">{targets.length === 1 ? 'Target' : 'Targets'}</h2>
      {targets.length === 0 ? (
        <p className="muted small">No delivery target is set up: confirmed documents wait here until one is.</p>
      ) : (
        <ul className="dlv-target-list">
          {targets.map((t) => (
            <li key={t.id} className="dlv-target-item">
              <Badge tone="accent">{targetKindNames[t.kind]}</Badge>
              <code className="path" title={t.description}>
                {t.description}
              </code>
              {t.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TargetName({ target, id }: { target: DeliveryTarget | undefined; id: string }) {
  if (!target) return <span className="muted">{id}</span>;
  // The full place is in the Targets panel above and on hover; the row names it briefly.
  return (
    <span className="dlv-target-name" title={`${targetKindNames[target.kind]}: ${target.description}`}>
      <span className="small muted">{targetKindNames[target.kind]}</span> <code className="path">{shortWhere(target)}</code>
    </span>
  );
}

/** "outgoing" for /data/outgoing, "ehr.example.org" for https://ehr.example.org/fhir. */
const shortWhere = (target: DeliveryTarget): string => {
  if (target.kind === 'fhir') {
    try {
      return new URL(target.description).host;
    } catch {
      return target.description;
    }
  }
  const parts = target.description.split(/[\\/]+/).filter(Boolean);
  return parts.length > 0 ? `…/${parts[parts.length - 1]}` : target.description;
};

function DocumentCell({ documentId, docRef, batchLabel }: { documentId: string; docRef: DocumentRef | null | undefined; batchLabel: string | null }) {
  if (docRef === undefined) return <span className="muted">Looking up…</span>;
  if (docRef === null)
    return (
      <span className="muted" title={documentId}>
        Document no longer on this station
      </span>
    );
  const name = `${batchLabel ?? 'Batch'} · document ${docRef.sequence}`;
  return (
    <span className="dlv-doc-cell">
      <a href={indexHref(docRef.batchId, documentId)} tabIndex={-1} onClick={(e) => e.stopPropagation()} aria-label={`Open ${name} in indexing`}>
        {name}
      </a>
      <span className="muted small">
        {docRef.docType ?? 'Type not set'}
        {docRef.mrn ? (
          <>
            {' · '}
            <span className="mono">MRN {docRef.mrn}</span>
          </>
        ) : null}
      </span>
    </span>
  );
}

/** The time, once a second while something on screen counts down. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
