import { useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/TextField.js';
import { useSession } from '../stores/session.js';
import { AuthLayout } from './AuthLayout.js';

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
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoFocus
          value={form.username}
          onChange={update('username')}
          error={errors.fields['username']}
          hint="Letters, digits, dot, dash or underscore."
        />
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          value={form.displayName}
          onChange={update('displayName')}
          error={errors.fields['displayName']}
          hint="Shown in batch lists and the audit trail."
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={update('password')}
          error={errors.fields['password']}
          hint="At least 10 characters. Not a common password, not one letter repeated, not the username."
        />
        <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={update('confirm')} error={errors.fields['confirm']} />
        <Button type="submit" variant="primary" busy={submitting} className="btn-block">
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
