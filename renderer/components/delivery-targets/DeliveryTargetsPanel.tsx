import { useEffect, useId, useRef, useState } from 'react';
import { useSettings } from '../../stores/settings.js';
import { Alert } from '../Alert.js';
import { Button } from '../Button.js';
import { ConfigFileNote } from '../ConfigFileNote.js';
import { Spinner } from '../Spinner.js';
import { KIND_LABEL, TargetEditor } from './TargetEditor.js';
import { type Draft, blankDraft, draftOf, uniqueId, where } from './target-draft.js';
import '../../styles/settings.css';

/** Settings → Delivery targets: where confirmed documents are sent. */
export function DeliveryTargetsPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);
  const toggling = useSettings((s) => s.toggling);
  const toggleError = useSettings((s) => s.toggleError);
  const savedText = useSettings((s) => s.targetSave.saved);
  const [draft, setDraft] = useState<Draft | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const rows = settings?.targets ?? [];

  /** Closes the editor and puts focus back where the admin goes next: the target's row, else the add buttons. */
  const close = (targetId: string | null) => {
    setDraft(null);
    requestAnimationFrame(() => {
      const section = sectionRef.current;
      const edit = targetId ? section?.querySelector<HTMLElement>(`button[aria-label="${CSS.escape(`Edit ${targetId}`)}"]`) : null;
      (edit ?? section?.querySelector<HTMLElement>('.set-actions button'))?.focus();
    });
  };

  useEffect(() => {
    if (admin) void useSettings.getState().load();
  }, [admin]);
  useEffect(() => useSettings.getState().clearTargetSave, []);

  const open = (next: Draft) => {
    useSettings.getState().clearTargetSave();
    setDraft(next);
  };

  return (
    <section ref={sectionRef} className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Delivery targets</h2>
      <p className="panel-intro">Where confirmed documents are sent. Each document is delivered once to every enabled target, in order per patient, and retried until it arrives.</p>
      <dl className="set-kinds">
        <div>
          <dt>Import folder</dt>
          <dd>a folder, often a network share, that the document-management system imports from.</dd>
        </div>
        <div>
          <dt>FHIR R4 server</dt>
          <dd>sends a DocumentReference with the PDF.</dd>
        </div>
      </dl>
      {!admin ? (
        <p className="muted small">Only an administrator can see and change the delivery targets.</p>
      ) : loadError && !settings ? (
        <Alert>{loadError}</Alert>
      ) : !settings ? (
        <Spinner label="Loading the delivery targets…" />
      ) : (
        <>
          {savedText && !draft ? <Alert tone="success">{savedText}</Alert> : null}
          {toggleError ? <Alert>{toggleError}</Alert> : null}
          {rows.length === 0 ? (
            <Alert tone="warning">No delivery targets: confirmed documents wait in the outbox until one is added.</Alert>
          ) : (
            <div className="table-wrap">
              <table className="table table-compact set-targets" aria-label="Delivery targets">
                <thead>
                  <tr>
                    <th scope="col">Target</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Where</th>
                    <th scope="col">Enabled</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const enabled = toggling?.id === row.id ? toggling.enabled : row.enabled;
                    return (
                      <tr key={row.id} className={draft && !draft.isNew && draft.id === row.id ? 'set-row-editing' : undefined}>
                        <td className="mono nowrap">{row.id}</td>
                        <td className="nowrap">{row.config ? KIND_LABEL[row.config.kind] : 'Unknown'}</td>
                        <td className="mono set-where" title={where(row)}>
                          {where(row)}
                        </td>
                        <td>
                          <label className="check">
                            <input
                              type="checkbox"
                              checked={enabled}
                              disabled={!row.config || toggling !== null}
                              aria-busy={toggling?.id === row.id || undefined}
                              onChange={(e) => void useSettings.getState().setEnabled(row, e.target.checked)}
                            />
                            <span className="visually-hidden">Deliver to {row.id}</span>
                            <span aria-hidden="true">{enabled ? 'On' : 'Off'}</span>
                          </label>
                        </td>
                        <td className="nowrap num">
                          <Button size="sm" disabled={!row.config} aria-label={`Edit ${row.id}`} onClick={() => row.config && open(draftOf(row.enabled, row.config))}>
                            Edit
                          </Button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {draft ? (
            <TargetEditor key={`${draft.isNew ? 'new' : 'edit'}-${draft.kind}-${draft.id}`} initial={draft} rows={rows} onClose={close} />
          ) : (
            <div className="set-actions">
              <Button icon="folder" onClick={() => open(blankDraft('folder', uniqueId('import-folder', rows)))}>
                Add import folder
              </Button>
              <Button onClick={() => open(blankDraft('fhir', uniqueId('fhir', rows)))}>Add FHIR server</Button>
            </div>
          )}
        </>
      )}
      {admin ? <ConfigFileNote /> : null}
    </section>
  );
}
