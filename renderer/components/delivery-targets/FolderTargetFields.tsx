import { useId, useState } from 'react';
import { IndexField } from '../../../shared/domain/delivery.js';
import { Button, IconButton } from '../Button.js';
import { SelectField } from './SelectField.js';
import { ChoiceGroup, ListedOptions, SettingField, type TargetFieldsProps } from './target-fields.js';

const DELIMITERS = [
  { value: ',', label: 'Comma  ,' },
  { value: ';', label: 'Semicolon  ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe  |' },
];
const INDEX_FORMATS = [
  { value: 'json', label: 'JSON (every index value)' },
  { value: 'delimited', label: 'Delimited text (the columns you choose)' },
] as const;
const QUOTES = [
  { value: '"', label: 'Double quote  "' },
  { value: "'", label: "Single quote  '" },
  { value: '', label: 'None (a value that needs quoting fails the delivery)' },
];

/** An import folder's path and index file. */
export function FolderTargetFields(form: TargetFieldsProps) {
  const { d, edit, err } = form;
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
      <SettingField form={form} name="path" label="Import folder" hint="An absolute path on this station, or a share such as \\server\share\import. ChartDesk does not create it." />
      <ChoiceGroup legend="Index file" value={d.indexFormat} choices={INDEX_FORMATS} onChange={(indexFormat) => edit({ indexFormat })} />
      {d.indexFormat === 'delimited' ? (
        <div className="set-delimited">
          <div className="set-grid">
            <SettingField form={form} name="extension" errorPath="index.extension" label="File extension" maxLength={8} clean={(typed) => typed.replace(/^\./, '')} />
            <SelectField label="Delimiter" value={d.delimiter} onChange={(v) => edit({ delimiter: v })} error={err('index.delimiter')}>
              <ListedOptions options={DELIMITERS} value={d.delimiter} />
            </SelectField>
            <SelectField label="Quote" value={d.quote} onChange={(v) => edit({ quote: v })} error={err('index.quote')}>
              <ListedOptions options={QUOTES} value={d.quote} />
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
