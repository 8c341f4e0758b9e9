import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  INDEX_FIELDS,
  SECRET_MASK,
  targetRows,
  useSettings,
  type FhirAuth,
  type IndexColumn,
  type IndexField,
  type TargetConfig,
  type TargetRow,
} from '../stores/settings.js';
import { useStation } from '../stores/station.js';
import { Alert } from './Alert.js';
import { Button, IconButton } from './Button.js';
import { Spinner } from './Spinner.js';
import { TextField } from './TextField.js';
import '../styles/settings.css';

type Kind = TargetConfig['kind'];

const KIND_LABEL: Record<Kind, string> = { folder: 'Import folder', fhir: 'FHIR R4 server' };
const KIND_PURPOSE: Record<Kind, string> = {
  folder: 'a folder, often a network share, that the document-management system imports from: each document arrives as its PDF and an index file.',
  fhir: 'sends a DocumentReference with the PDF to the hospital’s FHIR R4 server.',
};

const DELIMITERS = [
  { value: ',', label: 'Comma  ,' },
  { value: ';', label: 'Semicolon  ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe  |' },
];
const QUOTES = [
  { value: '"', label: 'Double quote  "' },
  { value: "'", label: "Single quote  '" },
  { value: '', label: 'None (a value that needs quoting fails the delivery)' },
];
const DEFAULT_COLUMNS: IndexField[] = ['documentId', 'mrn', 'family', 'given', 'birthDate', 'docTypeCode', 'dateOfService', 'pdfFileName'];

interface Draft {
  isNew: boolean;
  kind: Kind;
  id: string;
  enabled: boolean;
  timeoutSeconds: string;
  // Import folder
  path: string;
  indexFormat: 'json' | 'delimited';
  extension: string;
  delimiter: string;
  quote: string;
  header: boolean;
  lineEnding: 'crlf' | 'lf';
  columns: { field: IndexField; header: string }[];
  // FHIR server
  baseUrl: string;
  patientIdentifierSystem: string;
  documentIdentifierSystem: string;
  attachment: 'binary' | 'inline';
  authType: FhirAuth['type'];
  token: string;
  tokenSaved: boolean;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientSecretSaved: boolean;
  scope: string;
  clientAuth: 'basic' | 'body';
  caFile: string;
  /** Set in chartdesk.json, not on this screen; kept as they are. */
  passThrough: Record<string, unknown>;
}

const blankDraft = (kind: Kind, id: string): Draft => ({
  isNew: true,
  kind,
  id,
  enabled: true,
  timeoutSeconds: kind === 'folder' ? '120' : '30',
  path: '',
  indexFormat: 'json',
  extension: 'csv',
  delimiter: ',',
  quote: '"',
  header: true,
  lineEnding: 'crlf',
  columns: DEFAULT_COLUMNS.map((field) => ({ field, header: '' })),
  baseUrl: '',
  patientIdentifierSystem: '',
  documentIdentifierSystem: 'urn:chartdesk:document',
  attachment: 'binary',
  authType: 'none',
  token: '',
  tokenSaved: false,
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  clientSecretSaved: false,
  scope: '',
  clientAuth: 'basic',
  caFile: '',
  passThrough: {},
});

const draftOf = (row: TargetRow & { config: TargetConfig }): Draft => {
  const c = row.config;
  const base = { ...blankDraft(c.kind, c.id), isNew: false, enabled: row.enabled, timeoutSeconds: String(c.timeoutMs / 1000) };
  if (c.kind === 'folder') {
    const index = c.index;
    return {
      ...base,
      path: c.path,
      indexFormat: index.format,
      ...(index.format === 'delimited'
        ? {
            extension: index.extension,
            delimiter: index.delimiter,
            quote: index.quote,
            header: index.header,
            lineEnding: index.lineEnding,
            columns: index.columns.map((col) => (typeof col === 'string' ? { field: col, header: '' } : { field: col.field, header: col.header })),
          }
        : {}),
    };
  }
  const passThrough: Record<string, unknown> = {};
  if (c.category !== undefined) passThrough['category'] = c.category;
  if (c.author !== undefined) passThrough['author'] = c.author;
  if (c.custodian !== undefined) passThrough['custodian'] = c.custodian;
  const auth = c.auth;
  return {
    ...base,
    baseUrl: c.baseUrl,
    patientIdentifierSystem: c.patientIdentifierSystem,
    documentIdentifierSystem: c.documentIdentifierSystem,
    attachment: c.attachment,
    authType: auth.type,
    tokenSaved: auth.type === 'bearer' && auth.token === SECRET_MASK,
    token: auth.type === 'bearer' && auth.token !== SECRET_MASK ? auth.token : '',
    ...(auth.type === 'client-credentials'
      ? {
          tokenUrl: auth.tokenUrl,
          clientId: auth.clientId,
          clientSecretSaved: auth.clientSecret === SECRET_MASK,
          clientSecret: auth.clientSecret === SECRET_MASK ? '' : auth.clientSecret,
          scope: auth.scope ?? '',
          clientAuth: auth.clientAuth,
        }
      : {}),
    caFile: c.caFile ?? '',
    passThrough,
  };
};

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Checks what the browser can check; the engine checks again (paths are the station's to judge). */
function validate(d: Draft, rows: TargetRow[]): Record<string, string> {
  const e: Record<string, string> = {};
  const id = d.id.trim();
  if (!id) e['id'] = 'Give the target a name, e.g. his-import.';
  else if (id.length > 64) e['id'] = 'At most 64 characters.';
  else if (d.isNew && rows.some((r) => r.id === id)) e['id'] = `There is already a target named ${id}.`;
  const seconds = Number(d.timeoutSeconds);
  if (!d.timeoutSeconds.trim() || !Number.isFinite(seconds) || seconds < 1 || seconds > 600) e['timeoutMs'] = 'Between 1 and 600 seconds.';
  if (d.kind === 'folder') {
    if (!d.path.trim()) e['path'] = 'Enter the folder the document-management system imports from.';
    if (d.indexFormat === 'delimited') {
      if (!/^[A-Za-z0-9]{1,8}$/.test(d.extension)) e['index.extension'] = 'Letters and digits only, without the dot, e.g. csv or idx.';
      if (d.columns.length === 0) e['index.columns'] = 'Choose at least one column.';
      if (d.delimiter === d.quote) e['index.quote'] = 'The quote must differ from the delimiter.';
    }
  } else {
    if (!d.baseUrl.trim()) e['baseUrl'] = 'Enter the FHIR R4 base address, e.g. https://fhir.hospital.local/fhir/R4.';
    else if (!isHttpUrl(d.baseUrl.trim())) e['baseUrl'] = 'Enter an http:// or https:// address.';
    if (!d.patientIdentifierSystem.trim()) e['patientIdentifierSystem'] = 'Enter the system of the hospital’s MRNs, e.g. urn:oid:1.2.840.…';
    if (!d.documentIdentifierSystem.trim()) e['documentIdentifierSystem'] = 'Enter the system for document identifiers.';
    if (d.authType === 'bearer' && !d.token && !d.tokenSaved) e['auth.token'] = 'Paste the token the server issued.';
    if (d.authType === 'client-credentials') {
      if (!isHttpUrl(d.tokenUrl.trim())) e['auth.tokenUrl'] = 'Enter the token endpoint, an http:// or https:// address.';
      if (!d.clientId.trim()) e['auth.clientId'] = 'Enter the client id.';
      if (!d.clientSecret && !d.clientSecretSaved) e['auth.clientSecret'] = 'Enter the client secret.';
    }
  }
  return e;
}

function toTarget(d: Draft): TargetConfig {
  const id = d.id.trim();
  const timeoutMs = Math.round(Number(d.timeoutSeconds) * 1000);
  if (d.kind === 'folder') {
    return {
      kind: 'folder',
      id,
      path: d.path.trim(),
      index:
        d.indexFormat === 'json'
          ? { format: 'json' }
          : {
              format: 'delimited',
              extension: d.extension,
              delimiter: d.delimiter,
              quote: d.quote,
              header: d.header,
              lineEnding: d.lineEnding,
              columns: d.columns.map((c): IndexColumn => (c.header.trim() && c.header.trim() !== c.field ? { field: c.field, header: c.header.trim() } : c.field)),
            },
      timeoutMs,
    };
  }
  const auth: FhirAuth =
    d.authType === 'none'
      ? { type: 'none' }
      : d.authType === 'bearer'
        ? { type: 'bearer', token: d.token || (d.tokenSaved ? SECRET_MASK : '') }
        : {
            type: 'client-credentials',
            tokenUrl: d.tokenUrl.trim(),
            clientId: d.clientId.trim(),
            clientSecret: d.clientSecret || (d.clientSecretSaved ? SECRET_MASK : ''),
            ...(d.scope.trim() ? { scope: d.scope.trim() } : {}),
            clientAuth: d.clientAuth,
          };
  return {
    kind: 'fhir',
    id,
    baseUrl: d.baseUrl.trim(),
    documentIdentifierSystem: d.documentIdentifierSystem.trim(),
    patientIdentifierSystem: d.patientIdentifierSystem.trim(),
    attachment: d.attachment,
    ...d.passThrough,
    auth,
    ...(d.caFile.trim() ? { caFile: d.caFile.trim() } : {}),
    timeoutMs,
  };
}

const where = (row: TargetRow) => (row.config ? (row.config.kind === 'folder' ? row.config.path : row.config.baseUrl) : '—');

const uniqueId = (base: string, rows: TargetRow[]) => {
  if (!rows.some((r) => r.id === base)) return base;
  let n = 2;
  while (rows.some((r) => r.id === `${base}-${n}`)) n++;
  return `${base}-${n}`;
};

/** The one-line reminder that chartdesk.json overrides what is saved here. */
export function ConfigFileNote() {
  const dataDir = useStation((s) => s.status?.dataDir);
  const sep = dataDir?.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return (
    <p className="muted small">
      A config file, <code>{dataDir ? `${dataDir.replace(/[\\/]+$/, '')}${sep}chartdesk.json` : 'chartdesk.json'}</code>
      {dataDir ? null : ' in the data folder'}, can set the same values; what it sets wins each time the station starts.
    </p>
  );
}

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
  const rows = targetRows(settings);

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
                          <Button size="sm" disabled={!row.config} aria-label={`Edit ${row.id}`} onClick={() => row.config && open(draftOf({ ...row, config: row.config }))}>
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

function TargetEditor({ initial, rows, onClose }: { initial: Draft; rows: TargetRow[]; onClose(targetId: string | null): void }) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [d, setD] = useState<Draft>(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const { saving, errors } = useSettings((s) => s.targetSave);
  const [addField, setAddField] = useState<IndexField | ''>('');

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
  const err = (path: string): string | undefined =>
    local[path] ?? errors.fields[path] ?? Object.entries(errors.fields).find(([p]) => p.startsWith(`${path}.`))?.[1];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = validate(d, rows);
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

  const unused = INDEX_FIELDS.filter((f) => !d.columns.some((c) => c.field === f));
  const moveColumn = (from: number, to: number) => {
    const next = [...d.columns];
    const [item] = next.splice(from, 1);
    if (!item) return;
    next.splice(to, 0, item);
    edit({ columns: next });
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

      {d.kind === 'folder' ? (
        <>
          <TextField
            label="Import folder"
            value={d.path}
            onChange={(e) => edit({ path: e.target.value })}
            error={err('path')}
            hint="An absolute path on this station, or a share such as \\server\share\import. ChartDesk does not create it."
            spellCheck={false}
            autoComplete="off"
            className="field-mono"
          />
          <fieldset className="set-group">
            <legend className="field-label">Index file</legend>
            <div className="set-checks">
              <label className="check">
                <input type="radio" name={`${id}-format`} checked={d.indexFormat === 'json'} onChange={() => edit({ indexFormat: 'json' })} /> JSON (every index value)
              </label>
              <label className="check">
                <input type="radio" name={`${id}-format`} checked={d.indexFormat === 'delimited'} onChange={() => edit({ indexFormat: 'delimited' })} /> Delimited text
                (the columns you choose)
              </label>
            </div>
          </fieldset>
          {d.indexFormat === 'delimited' ? (
            <div className="set-delimited">
              <div className="set-grid">
                <TextField
                  label="File extension"
                  value={d.extension}
                  onChange={(e) => edit({ extension: e.target.value.replace(/^\./, '') })}
                  error={err('index.extension')}
                  maxLength={8}
                  spellCheck={false}
                  autoComplete="off"
                  className="field-mono"
                />
                <SelectField label="Delimiter" value={d.delimiter} onChange={(v) => edit({ delimiter: v })} error={err('index.delimiter')}>
                  {DELIMITERS.some((o) => o.value === d.delimiter) ? null : <option value={d.delimiter}>{`Other  ${d.delimiter}`}</option>}
                  {DELIMITERS.map((o) => (
                    <option key={o.label} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Quote" value={d.quote} onChange={(v) => edit({ quote: v })} error={err('index.quote')}>
                  {QUOTES.some((o) => o.value === d.quote) ? null : <option value={d.quote}>{`Other  ${d.quote}`}</option>}
                  {QUOTES.map((o) => (
                    <option key={o.label} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Line ending" value={d.lineEnding} onChange={(v) => edit({ lineEnding: v === 'lf' ? 'lf' : 'crlf' })}>
                  <option value="crlf">CRLF (Windows)</option>
                  <option value="lf">LF</option>
                </SelectField>
              </div>
              <label className="check">
                <input type="checkbox" checked={d.header} onChange={(e) => edit({ header: e.target.checked })} /> First line names the columns
              </label>
              <fieldset className="set-group" aria-describedby={err('index.columns') ? `${id}-columns-error` : undefined}>
                <legend className="field-label">Columns, in order</legend>
                {d.header ? <p className="field-hint">Type a header only where the import processor expects another name than the field’s.</p> : null}
                {d.columns.length > 0 ? (
                  <ol className="set-columns">
                    {d.columns.map((col, i) => (
                      <li key={col.field} className="set-column">
                        <span className="set-column-n">{i + 1}</span>
                        <code className="set-column-field">{col.field}</code>
                        {d.header ? (
                          <input
                            className="input set-column-header"
                            aria-label={`Header for ${col.field}`}
                            placeholder={col.field}
                            value={col.header}
                            onChange={(e) => edit({ columns: d.columns.map((c, j) => (j === i ? { ...c, header: e.target.value } : c)) })}
                          />
                        ) : null}
                        <span className="set-column-tools">
                          <IconButton icon="prev" size="sm" aria-label={`Move ${col.field} up`} disabled={i === 0} onClick={() => moveColumn(i, i - 1)} />
                          <IconButton icon="next" size="sm" aria-label={`Move ${col.field} down`} disabled={i === d.columns.length - 1} onClick={() => moveColumn(i, i + 1)} />
                          <IconButton icon="close" size="sm" aria-label={`Remove column ${col.field}`} onClick={() => edit({ columns: d.columns.filter((_, j) => j !== i) })} />
                        </span>
                      </li>
                    ))}
                  </ol>
                ) : null}
                {err('index.columns') ? (
                  <p id={`${id}-columns-error`} className="field-error">
                    {err('index.columns')}
                  </p>
                ) : null}
                {unused.length > 0 ? (
                  <div className="set-add-column">
                    <label htmlFor={`${id}-add-field`} className="visually-hidden">
                      Field to add as a column
                    </label>
                    <select id={`${id}-add-field`} className="input field-mono-select" value={addField} onChange={(e) => setAddField(e.target.value as IndexField | '')}>
                      <option value="">Choose a field…</option>
                      {unused.map((f) => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </select>
                    <Button
                      size="sm"
                      disabled={!addField}
                      onClick={() => {
                        if (!addField) return;
                        edit({ columns: [...d.columns, { field: addField, header: '' }] });
                        setAddField('');
                      }}
                    >
                      Add column
                    </Button>
                  </div>
                ) : null}
              </fieldset>
            </div>
          ) : null}
        </>
      ) : (
        <>
          <TextField
            label="Base URL"
            value={d.baseUrl}
            onChange={(e) => edit({ baseUrl: e.target.value })}
            error={err('baseUrl')}
            hint="The FHIR R4 base, e.g. https://fhir.hospital.local/fhir/R4"
            type="url"
            spellCheck={false}
            autoComplete="off"
            className="field-mono"
          />
          <div className="set-grid set-grid-2">
            <TextField
              label="MRN identifier system"
              value={d.patientIdentifierSystem}
              onChange={(e) => edit({ patientIdentifierSystem: e.target.value })}
              error={err('patientIdentifierSystem')}
              hint="The assigning authority of the hospital’s MRNs, e.g. urn:oid:1.2.840…"
              spellCheck={false}
              autoComplete="off"
              className="field-mono"
            />
            <TextField
              label="Document identifier system"
              value={d.documentIdentifierSystem}
              onChange={(e) => edit({ documentIdentifierSystem: e.target.value })}
              error={err('documentIdentifierSystem')}
              hint="Identifies ChartDesk’s documents so a retry never creates a second one."
              spellCheck={false}
              autoComplete="off"
              className="field-mono"
            />
          </div>
          <fieldset className="set-group">
            <legend className="field-label">PDF attachment</legend>
            <div className="set-checks">
              <label className="check">
                <input type="radio" name={`${id}-attachment`} checked={d.attachment === 'binary'} onChange={() => edit({ attachment: 'binary' })} /> Binary resource in the
                same transaction
              </label>
              <label className="check">
                <input type="radio" name={`${id}-attachment`} checked={d.attachment === 'inline'} onChange={() => edit({ attachment: 'inline' })} /> Inline in the
                DocumentReference (base64)
              </label>
            </div>
          </fieldset>
          <div className="set-group">
            <SelectField
              label="Authentication"
              value={d.authType}
              onChange={(v) => edit({ authType: v === 'bearer' || v === 'client-credentials' ? v : 'none' })}
              error={err('auth.type')}
              className="set-auth-type"
            >
              <option value="none">None</option>
              <option value="bearer">Bearer token</option>
              <option value="client-credentials">OAuth2 client credentials</option>
            </SelectField>
            {d.authType === 'bearer' ? (
              <TextField
                label="Token"
                type="password"
                value={d.token}
                onChange={(e) => edit({ token: e.target.value })}
                error={err('auth.token')}
                placeholder={d.tokenSaved ? 'Saved; leave empty to keep it' : undefined}
                hint={d.tokenSaved ? 'A token is saved. Type a new one only to replace it.' : undefined}
                autoComplete="new-password"
                className="field-mono"
              />
            ) : null}
            {d.authType === 'client-credentials' ? (
              <div className="set-grid set-grid-2">
                <TextField
                  label="Token URL"
                  value={d.tokenUrl}
                  onChange={(e) => edit({ tokenUrl: e.target.value })}
                  error={err('auth.tokenUrl')}
                  type="url"
                  spellCheck={false}
                  autoComplete="off"
                  className="field-mono set-span-2"
                />
                <TextField
                  label="Client id"
                  value={d.clientId}
                  onChange={(e) => edit({ clientId: e.target.value })}
                  error={err('auth.clientId')}
                  spellCheck={false}
                  autoComplete="off"
                  className="field-mono"
                />
                <TextField
                  label="Client secret"
                  type="password"
                  value={d.clientSecret}
                  onChange={(e) => edit({ clientSecret: e.target.value })}
                  error={err('auth.clientSecret')}
                  placeholder={d.clientSecretSaved ? 'Saved; leave empty to keep it' : undefined}
                  hint={d.clientSecretSaved ? 'A secret is saved. Type a new one only to replace it.' : undefined}
                  autoComplete="new-password"
                  className="field-mono"
                />
                <TextField
                  label="Scope (optional)"
                  value={d.scope}
                  onChange={(e) => edit({ scope: e.target.value })}
                  error={err('auth.scope')}
                  spellCheck={false}
                  autoComplete="off"
                  className="field-mono"
                />
                <SelectField label="Send the client credentials" value={d.clientAuth} onChange={(v) => edit({ clientAuth: v === 'body' ? 'body' : 'basic' })}>
                  <option value="basic">HTTP Basic (preferred)</option>
                  <option value="body">In the form body</option>
                </SelectField>
              </div>
            ) : null}
          </div>
          <TextField
            label="CA file (optional)"
            value={d.caFile}
            onChange={(e) => edit({ caFile: e.target.value })}
            error={err('caFile')}
            hint="A PEM file of the hospital’s certificate authority, trusted in addition to the public roots."
            spellCheck={false}
            autoComplete="off"
            className="field-mono"
          />
        </>
      )}

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

function SelectField({
  label,
  value,
  onChange,
  error,
  className,
  children,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select
        id={id}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
