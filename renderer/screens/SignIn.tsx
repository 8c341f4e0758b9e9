import { useState, type FormEvent } from 'react';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { TextField } from '../components/TextField.js';
import { useSession } from '../stores/session.js';
import { AuthLayout } from './AuthLayout.js';
import { CurrentPasswordField, useCurrentPassword } from './CurrentPasswordField.js';

export function SignIn() {
  const signIn = useSession((s) => s.signIn);
  const submitting = useSession((s) => s.submitting);
  const errors = useSession((s) => s.errors);
  const notice = useSession((s) => s.notice);
  const [username, setUsername] = useState('');
  const password = useCurrentPassword();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await signIn({ username, password: password.value }))) password.refused();
  };

  return (
    <AuthLayout title="Sign in">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        {errors.message ? <Alert>{errors.message}</Alert> : notice ? <Alert tone="info">{notice}</Alert> : null}
        <TextField label="Username" name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} error={errors.fields['username']} />
        <CurrentPasswordField password={password} error={errors.fields['password']} />
        <Button type="submit" variant="primary" busy={submitting} className="btn-block">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
