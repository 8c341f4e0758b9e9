import { useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/TextField.js';
import { useSession } from '../stores/session.js';
import { AuthLayout } from './AuthLayout.js';

/** The administrator's account, field by field; the first has the focus. */
const ACCOUNT_FIELDS = [
  { name: 'username', label: 'Username', type: undefined, autoComplete: 'username', hint: 'Letters, digits, dot, dash or underscore.' },
  { name: 'displayName', label: 'Display name', type: undefined, autoComplete: 'name', hint: 'Shown in batch lists and the audit trail.' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: 'At least 10 characters. Not a common password, not one letter repeated, not the username.' },
  { name: 'confirm', label: 'Confirm password', type: 'password', autoComplete: 'new-password', hint: undefined },
] as const;

export function FirstRun() {
  const createAdmin = useSession((s) => s.createAdmin);
  const submitting = useSession((s) => s.submitting);
  const errors = useSession((s) => s.errors);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', confirm: '' });
  const update = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void createAdmin(form);
  };

  return (
    <AuthLayout title="Create the administrator account" intro={<p>This station has no accounts yet. The administrator sets up the station and adds the clerks who will use it.</p>}>
      <form className="form" onSubmit={submit} noValidate>
        {errors.message ? <Alert>{errors.message}</Alert> : null}
        {ACCOUNT_FIELDS.map((field, i) => (
          <TextField
            key={field.name}
            label={field.label}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            autoFocus={i === 0}
            value={form[field.name]}
            onChange={update(field.name)}
            error={errors.fields[field.name]}
            hint={field.hint}
          />
        ))}
        <Button type="submit" variant="primary" busy={submitting} className="btn-block">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
