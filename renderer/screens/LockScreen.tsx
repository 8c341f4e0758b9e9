import { useId, type FormEvent } from 'react';
import { Alert } from '../components/Alert.js';
import { Button } from '../components/Button.js';
import { Icon } from '../components/Icon.js';
import { AuthBrand } from './AuthLayout.js';
import { CurrentPasswordField, useCurrentPassword } from './CurrentPasswordField.js';
import { lockScreenAttribute } from '../lib/idle-lock.js';
import { useSession } from '../stores/session.js';
import { useStoreFields } from '../stores/fields.js';
import '../styles/lock-screen.css';

/**
 * Covers the workspace after the idle time. The workspace stays mounted underneath (inert and
 * hidden), so a half-typed field or an open document is exactly as it was after unlocking.
 */
export function LockScreen() {
  const { user, unlock, signOut, submitting, errors } = useStoreFields(useSession, 'user', 'stationName', 'unlock', 'signOut', 'submitting', 'errors');
  // Focused after the commit, not with autoFocus: the workspace's own focus is noted first (useFocusKept).
  const password = useCurrentPassword({ focusOnMount: true });
  const titleId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!(await unlock(password.value))) password.refused();
  };

  const attribute = { [lockScreenAttribute]: '' };
  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby={titleId} {...attribute}>
      <div className="auth-card">
        <AuthBrand />
        <div className="lock-title">
          <span className="lock-icon" aria-hidden="true">
            <Icon name="lock" size={20} />
          </span>
          <h1 id={titleId}>Screen locked</h1>
        </div>
        <p className="auth-intro">
          <strong>{user?.displayName}</strong> <span className="muted">({user?.username})</span> is signed in. Enter your password to go on where you left off.
        </p>
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          {errors.message ? <Alert>{errors.message}</Alert> : null}
          {/* For password managers: the account this password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
          <CurrentPasswordField password={password} error={errors.fields['password']} />
          <Button type="submit" variant="primary" busy={submitting} className="btn-block">
            Unlock
          </Button>
        </form>
        <div className="lock-switch">
          <Button variant="ghost" size="sm" onClick={() => void signOut()}>
            Sign in as someone else
          </Button>
          <p className="muted small">Signs {user?.displayName ?? 'this user'} out; changes not yet saved are lost.</p>
        </div>
      </div>
    </div>
  );
}
