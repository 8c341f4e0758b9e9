import { useId } from 'react';
import { TextField } from '../TextField.js';
import type { Draft } from './target-draft.js';

/** What each kind's fields get from the editor. */
export interface TargetFieldsProps {
  d: Draft;
  edit(patch: Partial<Draft>): void;
  /** The field's error: the form's own check first, else the engine's. */
  err(path: string): string | undefined;
}

type TextSetting = { [K in keyof Draft]: Draft[K] extends string ? K : never }[keyof Draft];

interface SettingFieldProps {
  form: TargetFieldsProps;
  name: TextSetting;
  label: string;
  /** Where the schema reports this value's error, when it is not `name` (auth.tokenUrl). */
  errorPath?: string;
  hint?: string;
  type?: 'url';
  maxLength?: number;
  className?: string;
  /** What is kept of what was typed (the extension without its dot). */
  clean?(typed: string): string;
}

/** A setting typed as text (an address, an identifier system, a path): monospace, never spell-checked or autofilled. */
export function SettingField({ form, name, label, errorPath = name, hint, type, maxLength, className, clean = (typed) => typed }: SettingFieldProps) {
  return (
    <TextField
      label={label}
      value={form.d[name]}
      onChange={(e) => form.edit({ [name]: clean(e.target.value) })}
      error={form.err(errorPath)}
      hint={hint}
      type={type}
      maxLength={maxLength}
      spellCheck={false}
      autoComplete="off"
      className={className ? `field-mono ${className}` : 'field-mono'}
    />
  );
}

/**
 * A token or client secret. The station never sends a saved one back, so the field starts empty
 * and says that leaving it so keeps the saved one.
 */
export function SecretField({
  form,
  name,
  saved,
  errorPath,
  label,
  noun,
}: {
  form: TargetFieldsProps;
  name: 'token' | 'clientSecret';
  saved: boolean;
  errorPath: string;
  label: string;
  noun: string;
}) {
  return (
    <TextField
      label={label}
      type="password"
      value={form.d[name]}
      onChange={(e) => form.edit({ [name]: e.target.value })}
      error={form.err(errorPath)}
      placeholder={saved ? 'Saved; leave empty to keep it' : undefined}
      hint={saved ? `A ${noun} is saved. Type a new one only to replace it.` : undefined}
      autoComplete="new-password"
      className="field-mono"
    />
  );
}

/** One of a few named choices, as radio buttons under a legend. */
export function ChoiceGroup<T extends string>({ legend, value, choices, onChange }: { legend: string; value: T; choices: readonly { value: T; label: string }[]; onChange(value: T): void }) {
  const name = useId();
  return (
    <fieldset className="set-group">
      <legend className="field-label">{legend}</legend>
      <div className="set-checks">
        {choices.map((choice) => (
          <label key={choice.value} className="check">
            <input type="radio" name={name} checked={value === choice.value} onChange={() => onChange(choice.value)} /> {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A select's listed options, led by the current value as "Other" where it is none of them (set in chartdesk.json). */
export function ListedOptions({ options, value }: { options: readonly { value: string; label: string }[]; value: string }) {
  return (
    <>
      {options.some((o) => o.value === value) ? null : <option value={value}>{`Other  ${value}`}</option>}
      {options.map((o) => (
        <option key={o.label} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}
