import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TargetKind } from '../../../shared/domain/delivery-targets.js';
import { useSettings, type TargetRow } from '../../stores/settings.js';
import { Alert } from '../Alert.js';
import { Button } from '../Button.js';
import { TextField } from '../TextField.js';
import { FhirTargetFields } from './FhirTargetFields.js';
import { FolderTargetFields } from './FolderTargetFields.js';
import { type Draft, draftProblems, toTarget } from './target-draft.js';

export const KIND_LABEL: Record<TargetKind, string> = { folder: 'Import folder', fhir: 'FHIR R4 server' };
const KIND_PURPOSE: Record<TargetKind, string> = {
  folder: 'a folder, often a network share, that the document-management system imports from: each document arrives as its PDF and an index file.',
  fhir: 'sends a DocumentReference with the PDF to the hospital’s FHIR R4 server.',
};

/** Adds or edits one target; checks with the engine's schema before it sends. */
export function TargetEditor({ initial, rows, onClose }: { initial: Draft; rows: readonly TargetRow[]; onClose(targetId: string | null): void }) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [d, setD] = useState<Draft>(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { saving, errors } = useSettings((s) => s.targetSave);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const edit = (patch: Partial<Draft>) => {
    setD((cur) => ({ ...cur, ...patch }));
    const keys = Object.keys(patch).flatMap((k) => (k === 'timeoutSeconds' ? ['timeoutMs'] : k === 'delimiter' ? ['delimiter', 'quote'] : [k]));
    setLocal((cur) => Object.fromEntries(Object.entries(cur).filter(([path]) => !keys.some((k) => path === k || path.endsWith(`.${k}`)))));
    const store = useSettings.getState();
    if (store.targetSave.errors.message || Object.keys(store.targetSave.errors.fields).length > 0) store.clearTargetSave();
  };

  /** A field's error: the browser's check first, else the engine's at that path or under it. */
  const err = (path: string): string | undefined => local[path] ?? errors.fields[path] ?? Object.entries(errors.fields).find(([p]) => p.startsWith(`${path}.`))?.[1];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = draftProblems(d, rows);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      // Move to the first field that needs attention.
      requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${CSS.escape(`${id}-form`)} [aria-invalid="true"]`)?.focus());
      return;
    }
    const target = toTarget(d);
    const ok = await useSettings
      .getState()
      .saveTarget(target, d.enabled, `Saved ${target.id}. ${d.enabled ? 'The next delivery to it uses these settings.' : 'It is disabled: nothing is sent to it.'}`);
    if (ok) onClose(target.id);
    else requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${CSS.escape(`${id}-form`)} [aria-invalid="true"]`)?.focus());
  };

  return (
    <form id={`${id}-form`} className="form set-editor" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-heading`}>
      <div>
        <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="set-editor-title">
          {d.isNew ? (
            `New ${KIND_LABEL[d.kind].toLowerCase()}`
          ) : (
            <>
              Edit <span className="set-editor-id">{d.id}</span>
            </>
          )}
        </h3>
        <p className="field-hint">
          {KIND_LABEL[d.kind]}: {KIND_PURPOSE[d.kind]}
        </p>
      </div>
      {errors.message ? <Alert>{errors.message}</Alert> : null}

      <div className="inline-row">
        <TextField
          label="Target name"
          value={d.id}
          onChange={(e) => edit({ id: e.target.value })}
          readOnly={!d.isNew}
          error={err('id')}
          hint={d.isNew ? 'Shown on the Delivery screen; cannot be changed later.' : 'The name cannot be changed; add a new target instead.'}
          maxLength={64}
          spellCheck={false}
          autoComplete="off"
          className="field-mono field-grow"
        />
        <label className="check set-enabled">
          <input type="checkbox" checked={d.enabled} onChange={(e) => edit({ enabled: e.target.checked })} /> Deliver to this target
        </label>
      </div>

      {d.kind === 'folder' ? <FolderTargetFields d={d} edit={edit} err={err} /> : <FhirTargetFields d={d} edit={edit} err={err} />}

      <TextField
        label="Time limit (seconds)"
        value={d.timeoutSeconds}
        onChange={(e) => edit({ timeoutSeconds: e.target.value })}
        error={err('timeoutMs')}
        hint={d.kind === 'folder' ? 'A dead share can hang for minutes; an attempt gives up after this and is retried.' : 'An attempt gives up after this and is retried.'}
        inputMode="numeric"
        className="set-timeout"
      />

      <div className="set-actions">
        <Button type="submit" variant="primary" busy={saving}>
          {d.isNew ? 'Add target' : 'Save target'}
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            useSettings.getState().clearTargetSave();
            onClose(d.isNew ? null : d.id);
          }}
        >
          Cancel
        </Button>
      </div>
    </form>
  );
}
