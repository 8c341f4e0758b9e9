import { useId, useState } from 'react';
import { IndexField } from '../../../shared/domain/delivery.js';
import { Button, IconButton } from '../Button.js';
import { TextField } from '../TextField.js';
import { SelectField } from './SelectField.js';
import type { Draft } from './target-draft.js';

/** What each kind's fields get from the editor. */
export interface TargetFieldsProps {
  d: Draft;
  edit(patch: Partial<Draft>): void;
  /** The field's error: the form's own check first, else the engine's. */
  err(path: string): string | undefined;
}

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

/** An import folder's path and index file. */
export function FolderTargetFields({ d, edit, err }: TargetFieldsProps) {
  const id = useId();
  const [addField, setAddField] = useState<IndexField | ''>('');
  const unused = IndexField.options.filter((f) => !d.columns.some((c) => c.field === f));
  const moveColumn = (from: number, to: number) => {
    const next = [...d.columns];
    const [item] = next.splice(from, 1);
    if (!item) return;
    next.splice(to, 0, item);
    edit({ columns: next });
  };

  return (
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
            <input type="radio" name={`${id}-format`} checked={d.indexFormat === 'delimited'} onChange={() => edit({ indexFormat: 'delimited' })} /> Delimited text (the columns you choose)
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
  );
}
