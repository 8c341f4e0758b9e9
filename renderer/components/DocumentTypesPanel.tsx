import { useEffect, useId, useState, type FormEvent } from 'react';
import { type DocumentType, LOCAL_DOCUMENT_TYPE_SYSTEM, LOINC_SYSTEM } from '../../shared/domain/document-types.js';
import { call } from '../api/client.js';
import { useIndexing } from '../stores/indexing.js';
import { Alert } from './Alert.js';
import { Badge } from './Badge.js';
import { Button } from './Button.js';
import { DataTable } from './DataTable.js';
import { LoadState } from './LoadState.js';
import { TextField } from './TextField.js';

type Draft = Pick<DocumentType, 'display' | 'sensitive' | 'requiresDateOfService'>;

/** Settings → Document types: the catalogue clerks pick from; admins rename, flag and add local types. */
export function DocumentTypesPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const types = useIndexing((s) => s.types);
  const loaded = useIndexing((s) => s.typesLoaded);
  const loadError = useIndexing((s) => s.typesError);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [savingCode, setSavingCode] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);

  useEffect(() => {
    void useIndexing.getState().loadTypes();
  }, []);

  const save = async (type: DocumentType, successText: string): Promise<boolean> => {
    setSavingCode(type.code);
    setMessage(null);
    const result = await call('docTypes.save', { type });
    setSavingCode(null);
    if (!result.ok) {
      setMessage({ tone: 'danger', text: result.error.fields ? Object.values(result.error.fields).join(' ') : result.error.message });
      return false;
    }
    useIndexing.setState({ types: result.value.types, typesLoaded: true });
    setMessage({ tone: 'success', text: successText });
    return true;
  };

  const draftOf = (t: DocumentType): Draft => drafts[t.code] ?? { display: t.display, sensitive: t.sensitive, requiresDateOfService: t.requiresDateOfService };
  const changed = (t: DocumentType) => {
    const d = drafts[t.code];
    return Boolean(d && (d.display.trim() !== t.display || d.sensitive !== t.sensitive || d.requiresDateOfService !== t.requiresDateOfService));
  };
  const edit = (code: string, patch: Partial<Draft>, t: DocumentType) => setDrafts((all) => ({ ...all, [code]: { ...draftOf(t), ...patch } }));

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Document types</h2>
      <p className="panel-intro">
        What clerks pick as a document’s type. LOINC codes are what the record system receives; local types (codes starting LOCAL-) are for documents LOINC has no code for. Sensitive types are filed
        with restricted viewing.
      </p>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <LoadState error={loadError} loading={!loaded && 'Loading the catalogue…'} block={false}>
        {() => (
          <DataTable className="table table-compact types-table" aria-label="Document types" columns={['Code', 'Display name', 'Sensitive', 'Needs date of service', admin && '']}>
            {types.map((t) => {
              const d = draftOf(t);
              return (
                <tr key={t.code}>
                  <td className="mono nowrap">
                    {t.code} {t.system === LOINC_SYSTEM ? null : <Badge>local</Badge>}
                  </td>
                  <td>
                    {admin ? (
                      <input className="input" aria-label={`Display name of ${t.code}`} value={d.display} maxLength={120} onChange={(e) => edit(t.code, { display: e.target.value }, t)} />
                    ) : (
                      t.display
                    )}
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`${t.display}: sensitive`} checked={d.sensitive} disabled={!admin} onChange={(e) => edit(t.code, { sensitive: e.target.checked }, t)} />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t.display}: needs a date of service`}
                      checked={d.requiresDateOfService}
                      disabled={!admin}
                      onChange={(e) => edit(t.code, { requiresDateOfService: e.target.checked }, t)}
                    />
                  </td>
                  {admin ? (
                    <td className="nowrap">
                      <Button
                        size="sm"
                        disabled={!changed(t) || !d.display.trim()}
                        busy={savingCode === t.code}
                        onClick={async () => {
                          if (await save({ ...t, display: d.display.trim(), sensitive: d.sensitive, requiresDateOfService: d.requiresDateOfService }, `Saved ${d.display.trim()}.`))
                            setDrafts(({ [t.code]: _saved, ...rest }) => rest);
                        }}
                      >
                        Save
                      </Button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </DataTable>
        )}
      </LoadState>
      {admin && loaded ? <AddLocalType onAdd={(t) => save(t, `Added ${t.display}. Clerks can pick it now.`)} existing={types} /> : null}
      {!admin ? <p className="muted small">Only an administrator can change the catalogue.</p> : null}
    </section>
  );
}

function AddLocalType({ onAdd, existing }: { onAdd(type: DocumentType): Promise<boolean>; existing: DocumentType[] }) {
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [keywords, setKeywords] = useState('');
  const [sensitive, setSensitive] = useState(false);
  const [requiresDate, setRequiresDate] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const suffix = code
      .trim()
      .toUpperCase()
      .replace(/^LOCAL-/, '');
    const fullCode = `LOCAL-${suffix}`;
    const next: Record<string, string> = {};
    if (!/^[A-Z0-9][A-Z0-9-]{0,33}$/.test(suffix)) next['code'] = 'Use letters, digits and dashes, e.g. LOCAL-BIRTH-PLAN.';
    else if (existing.some((t) => t.code.toUpperCase() === fullCode)) next['code'] = `${fullCode} is already in the catalogue.`;
    if (!display.trim()) next['display'] = 'Give the name clerks will see.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const ok = await onAdd({
      code: fullCode,
      system: LOCAL_DOCUMENT_TYPE_SYSTEM,
      display: display.trim(),
      sensitive,
      requiresDateOfService: requiresDate,
      keywords: keywords
        .split(',')
        .map((k) => k.trim().toLowerCase())
        .filter(Boolean),
    });
    if (ok) {
      setCode('');
      setDisplay('');
      setKeywords('');
      setSensitive(false);
      setRequiresDate(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Add a local type">
      <h3>Add a local type</h3>
      <div className="inline-row">
        <TextField label="Code" value={code} onChange={(e) => setCode(e.target.value)} error={errors['code']} placeholder="LOCAL-BIRTH-PLAN" className="field-mono" spellCheck={false} />
        <TextField label="Display name" value={display} onChange={(e) => setDisplay(e.target.value)} error={errors['display']} className="field-grow" />
      </div>
      <TextField
        label="Words that suggest it (comma-separated)"
        value={keywords}
        onChange={(e) => setKeywords(e.target.value)}
        hint="Lower-case phrases found on such documents, e.g. birth plan, birthing preferences."
      />
      <div className="import-row">
        <label className="check">
          <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} /> Sensitive
        </label>
        <label className="check">
          <input type="checkbox" checked={requiresDate} onChange={(e) => setRequiresDate(e.target.checked)} /> Needs a date of service
        </label>
        <Button type="submit" variant="secondary">
          Add type
        </Button>
      </div>
    </form>
  );
}
