import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fieldErrors } from '../../shared/api/field-errors.js';
import { type CoverSheetFormat, DEFAULT_MRN_PATTERN, MAX_SEPARATOR_VALUES, SeparationRules, SeparatorValue, testMrnPattern } from '../../shared/domain/separation-rules.js';
import { COVER_SHEET_FORMATS, useSettings } from '../stores/settings.js';
import { Alert } from './Alert.js';
import { Button, IconButton } from './Button.js';
import { ConfigFileNote } from './ConfigFileNote.js';
import { Spinner } from './Spinner.js';
import { TextField } from './TextField.js';
import '../styles/settings.css';

/** The first error the engine reported at `root` or under it (separatorValues.2 → separatorValues). */
const fieldError = (fields: Record<string, string>, root: string): string | undefined => fields[root] ?? Object.entries(fields).find(([path]) => path.startsWith(`${root}.`))?.[1];

/** Settings → Separation rules: how a batch is split into documents and how patient labels are read. */
export function SeparationRulesPanel({ admin }: { admin: boolean }) {
  const id = useId();
  const settings = useSettings((s) => s.settings);
  const loadError = useSettings((s) => s.loadError);

  useEffect(() => {
    if (admin) void useSettings.getState().load();
  }, [admin]);
  // The form remounts with each save (to start from what was saved); the message outlives it, not the screen.
  useEffect(() => useSettings.getState().clearSeparationSave, []);

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Separation rules</h2>
      <p className="panel-intro">
        How a scanned batch is split into documents. A separator sheet ends a document; a cover sheet starts one and gives its index values; a patient label is a barcode whose value matches the MRN
        pattern.
      </p>
      {!admin ? (
        <p className="muted small">Only an administrator can change the separation rules.</p>
      ) : loadError && !settings ? (
        <Alert>{loadError}</Alert>
      ) : !settings ? (
        <Spinner label="Loading the separation rules…" />
      ) : (
        <SeparationForm key={JSON.stringify(settings.separation)} saved={settings.separation} />
      )}
      {admin ? <ConfigFileNote /> : null}
    </section>
  );
}

function SeparationForm({ saved }: { saved: SeparationRules }) {
  const id = useId();
  const save = useSettings((s) => s.saveSeparation);
  const clear = useSettings((s) => s.clearSeparationSave);
  const { saving, errors, saved: savedText } = useSettings((s) => s.separationSave);

  const [separators, setSeparators] = useState<string[]>(saved.separatorValues);
  const [newSeparator, setNewSeparator] = useState('');
  const [formats, setFormats] = useState<CoverSheetFormat[]>(saved.coverSheetFormats);
  const [pattern, setPattern] = useState(saved.mrnPattern);
  const [sample, setSample] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const addRef = useRef<HTMLInputElement>(null);

  const touched = () => {
    if (savedText || errors.message || Object.keys(errors.fields).length > 0) clear();
  };

  const dirty = pattern !== saved.mrnPattern || separators.join('\n') !== saved.separatorValues.join('\n') || [...formats].sort().join() !== [...saved.coverSheetFormats].sort().join();

  const addSeparator = () => {
    const value = newSeparator.trim();
    const checked = SeparatorValue.safeParse(value);
    let problem: string | null = null;
    if (!checked.success) problem = checked.error.issues[0]?.message ?? 'Not a separator value.';
    else if (separators.some((s) => s.toUpperCase() === value.toUpperCase())) problem = `${value} is already in the list (values are compared ignoring case).`;
    else if (separators.length >= MAX_SEPARATOR_VALUES) problem = `At most ${MAX_SEPARATOR_VALUES} separator values.`;
    setLocal(({ newSeparator: _old, separatorValues: _list, ...rest }) => (problem ? { ...rest, newSeparator: problem } : rest));
    if (problem) {
      addRef.current?.focus();
      return;
    }
    touched();
    setSeparators((all) => [...all, value]);
    setNewSeparator('');
    addRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Keep the engine's order of formats so an unchanged list stays unchanged.
    const ordered = COVER_SHEET_FORMATS.map((f) => f.value).filter((v) => formats.includes(v));
    const rules = SeparationRules.safeParse({ separatorValues: separators, coverSheetFormats: ordered, mrnPattern: pattern });
    setLocal(rules.success ? {} : fieldErrors(rules.error));
    if (rules.success) await save(rules.data);
  };

  const err = (root: string) => fieldError(local, root) ?? fieldError(errors.fields, root);
  const test = sample.trim() ? testMrnPattern(pattern, sample) : null;

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Separation rules">
      {errors.message ? <Alert>{errors.message}</Alert> : null}
      {savedText ? <Alert tone="success">{savedText}</Alert> : null}

      <fieldset className="set-group" aria-describedby={`${id}-sep-hint`}>
        <legend className="field-label">Separator barcode values</legend>
        <p id={`${id}-sep-hint`} className="field-hint">
          A page whose barcode has one of these values is a separator sheet: it ends the document before it and stays with the batch, not in a document. Patch T sheets read <code>PATCHT</code>.
        </p>
        {separators.length > 0 ? (
          <ul className="set-values" aria-label="Separator values">
            {separators.map((value) => (
              <li key={value} className="set-value">
                <code>{value}</code>
                <IconButton
                  icon="close"
                  size="sm"
                  aria-label={`Remove separator value ${value}`}
                  onClick={() => {
                    touched();
                    setSeparators((all) => all.filter((v) => v !== value));
                    addRef.current?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
        ) : null}
        {err('separatorValues') ? <p className="field-error">{err('separatorValues')}</p> : null}
        <div className="inline-row">
          <TextField
            ref={addRef}
            label="Add a separator value"
            value={newSeparator}
            onChange={(e) => {
              setNewSeparator(e.target.value);
              if (local['newSeparator']) setLocal(({ newSeparator: _old, ...rest }) => rest);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addSeparator();
              }
            }}
            error={local['newSeparator']}
            maxLength={64}
            spellCheck={false}
            autoComplete="off"
            className="field-mono set-add"
          />
          <Button onClick={addSeparator} disabled={separators.length >= MAX_SEPARATOR_VALUES}>
            Add
          </Button>
        </div>
      </fieldset>

      <fieldset className="set-group" aria-describedby={err('coverSheetFormats') ? `${id}-formats-error` : undefined}>
        <legend className="field-label">Cover-sheet barcode formats</legend>
        <p className="field-hint">
          A barcode in one of these formats carrying <code>MRN=…;DOCTYPE=…</code> is read as a cover sheet. Linear barcodes are never cover sheets.
        </p>
        <div className="set-checks">
          {COVER_SHEET_FORMATS.map((f) => (
            <label key={f.value} className="check">
              <input
                type="checkbox"
                checked={formats.includes(f.value)}
                onChange={(e) => {
                  touched();
                  setLocal(({ coverSheetFormats: _old, ...rest }) => rest);
                  setFormats((all) => (e.target.checked ? [...all, f.value] : all.filter((v) => v !== f.value)));
                }}
              />{' '}
              {f.label}
            </label>
          ))}
        </div>
        {err('coverSheetFormats') ? (
          <p id={`${id}-formats-error`} className="field-error">
            {err('coverSheetFormats')}
          </p>
        ) : null}
      </fieldset>

      <div className="set-group">
        <div className="inline-row">
          <TextField
            label="MRN pattern"
            value={pattern}
            onChange={(e) => {
              touched();
              setPattern(e.target.value);
              if (local['mrnPattern']) setLocal(({ mrnPattern: _old, ...rest }) => rest);
            }}
            error={err('mrnPattern')}
            hint="6 to 10 digits, optionally prefixed MRN. A regular expression, matched ignoring case; group 1 is the MRN."
            spellCheck={false}
            autoComplete="off"
            maxLength={200}
            className="field-grow field-mono"
          />
          <Button
            onClick={() => {
              touched();
              setPattern(DEFAULT_MRN_PATTERN);
              setLocal(({ mrnPattern: _old, ...rest }) => rest);
            }}
            disabled={pattern === DEFAULT_MRN_PATTERN}
          >
            Use the default
          </Button>
        </div>
        <div className="set-test">
          <TextField
            label="Try a barcode value"
            value={sample}
            onChange={(e) => setSample(e.target.value)}
            placeholder="MRN:00123456"
            spellCheck={false}
            autoComplete="off"
            className="field-mono set-test-input"
          />
          <p className="set-test-result" role="status" aria-live="polite">
            {test === null ? (
              <span className="muted">Type a value to see the MRN it yields.</span>
            ) : test.kind === 'mrn' ? (
              <span className="set-test-ok">
                MRN <code>{test.mrn}</code>
              </span>
            ) : test.kind === 'no-match' ? (
              <span className="set-test-no">not an MRN</span>
            ) : test.kind === 'no-group' ? (
              <span className="set-test-no">matches, but the pattern has no group 1 for the MRN</span>
            ) : (
              <span className="set-test-no">the pattern is not a valid regular expression</span>
            )}
          </p>
        </div>
      </div>

      <div className="set-actions">
        <Button type="submit" variant="primary" busy={saving} disabled={!dirty}>
          Save separation rules
        </Button>
        {dirty ? (
          <Button
            variant="ghost"
            onClick={() => {
              setSeparators(saved.separatorValues);
              setFormats(saved.coverSheetFormats);
              setPattern(saved.mrnPattern);
              setNewSeparator('');
              setLocal({});
              clear();
            }}
          >
            Discard changes
          </Button>
        ) : null}
      </div>
    </form>
  );
}
