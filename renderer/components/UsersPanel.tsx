import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { Role, UserAccount } from '../../shared/domain/user.js';
import type { ApiError } from '../../shared/api/result.js';
import { call } from '../api/client.js';
import { isAdmin, useSession } from '../stores/session.js';
import { Alert } from './Alert.js';
import { Badge } from './Badge.js';
import { Button } from './Button.js';
import { DataTable } from './DataTable.js';
import { LoadState } from './LoadState.js';
import { TextField } from './TextField.js';
import '../styles/users.css';

const roles: { value: Role; label: string; hint: string }[] = [
  { value: 'clerk', label: 'Clerk', hint: 'indexes and confirms documents' },
  { value: 'reviewer', label: 'Reviewer', hint: 'reviews QC and overrides findings' },
  { value: 'admin', label: 'Administrator', hint: 'everything, including accounts and settings' },
];
const roleLabel = (role: Role) => roles.find((r) => r.value === role)?.label ?? role;

type Message = { tone: 'success' | 'danger'; text: string } | null;

/** The sentence for a failed call: the field messages when there are some, else the message. */
const sentence = (error: ApiError) => (error.fields ? Object.values(error.fields).join(' ') : error.message);

/** Settings → Users: administrators add accounts, change roles, disable and reset passwords. */
export function UsersPanel() {
  const id = useId();
  const me = useSession((s) => s.user);
  const admin = isAdmin(me);
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  // A role picked in the list is saved with its own button, so arrowing through the options never saves midway.
  const [roleDrafts, setRoleDrafts] = useState<Record<string, Role>>({});

  const load = useCallback(async () => {
    const result = await call('users.list', {});
    if (result.ok) {
      setUsers(result.value.users);
      setLoadError(null);
    } else setLoadError(result.error.message);
  }, []);

  useEffect(() => {
    if (admin) void load();
  }, [admin, load]);

  const replace = (user: UserAccount) => setUsers((all) => (all ?? []).map((u) => (u.id === user.id ? user : u)));

  const update = async (user: UserAccount, patch: { role?: Role; disabled?: boolean }, done: string) => {
    setBusy(user.id);
    setMessage(null);
    const result = await call('users.update', { userId: user.id, ...patch });
    setBusy(null);
    if (!result.ok) return setMessage({ tone: 'danger', text: sentence(result.error) });
    replace(result.value);
    setMessage({ tone: 'success', text: done });
  };

  if (!admin) {
    return (
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Users</h2>
        <p className="muted">Only an administrator can add accounts, change roles or reset passwords. Ask an administrator if you need a change.</p>
      </section>
    );
  }

  return (
    <section className="panel users-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Users</h2>
      <p className="panel-intro">
        Everyone signs in with their own account, so batches and confirmations show who did the work. Clerks index documents, reviewers handle QC, administrators manage the station. A disabled account
        cannot sign in; its open sessions end at once.
      </p>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <LoadState error={loadError} onRetry={() => void load()} loading={!users && 'Loading accounts…'} block={false}>
        {() => (
          <DataTable className="table table-compact users-table" aria-label="User accounts" columns={['Username', 'Name', 'Role', 'State', { label: 'Actions', hidden: true }]}>
            {users!.map((u) => {
              const self = u.id === me?.id;
              return (
                <tr key={u.id} className={u.disabled ? 'is-disabled' : undefined}>
                  <td className="mono nowrap">
                    {u.username} {self ? <Badge tone="accent">you</Badge> : null}
                  </td>
                  <td>{u.displayName}</td>
                  <td>
                    <div className="users-role-row">
                      <select
                        className="input users-role"
                        aria-label={`Role of ${u.displayName}`}
                        value={roleDrafts[u.id] ?? u.role}
                        disabled={busy === u.id}
                        onChange={(e) => setRoleDrafts((d) => ({ ...d, [u.id]: e.target.value as Role }))}
                      >
                        {roles.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </select>
                      {roleDrafts[u.id] && roleDrafts[u.id] !== u.role ? (
                        <Button
                          size="sm"
                          variant="primary"
                          busy={busy === u.id}
                          aria-label={`Save the role of ${u.displayName}`}
                          onClick={async () => {
                            const role = roleDrafts[u.id]!;
                            await update(u, { role }, `${u.displayName} is now ${roleLabel(role).toLowerCase()}.`);
                            setRoleDrafts(({ [u.id]: _done, ...rest }) => rest);
                          }}
                        >
                          Save
                        </Button>
                      ) : null}
                    </div>
                  </td>
                  <td className="nowrap">
                    {u.disabled ? (
                      <Badge tone="danger">disabled</Badge>
                    ) : u.locked ? (
                      <Badge tone="warning" title="Too many failed sign-ins. Resetting the password unlocks it.">
                        locked
                      </Badge>
                    ) : (
                      <Badge tone="success">active</Badge>
                    )}
                  </td>
                  <td className="nowrap users-actions">
                    <Button
                      size="sm"
                      busy={busy === u.id}
                      disabled={self && !u.disabled}
                      title={self ? 'You cannot disable your own account.' : undefined}
                      onClick={() => void update(u, { disabled: !u.disabled }, u.disabled ? `${u.displayName} can sign in again.` : `${u.displayName} is disabled and signed out.`)}
                    >
                      {u.disabled ? 'Enable' : 'Disable'}
                    </Button>
                    <Button size="sm" aria-expanded={resetFor === u.id} onClick={() => setResetFor(resetFor === u.id ? null : u.id)}>
                      Reset password…
                    </Button>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </LoadState>
      {users && resetFor ? (
        <ResetPasswordForm
          key={resetFor}
          user={users.find((u) => u.id === resetFor)!}
          onCancel={() => setResetFor(null)}
          onDone={(user) => {
            replace(user);
            setResetFor(null);
            setMessage({ tone: 'success', text: `New password set for ${user.displayName}.${user.disabled ? ' The account is still disabled.' : ' They can sign in with it now.'}` });
          }}
        />
      ) : null}
      {users ? (
        <AddUserForm
          onAdded={(user) => {
            setUsers((all) => [...(all ?? []), user].sort((a, b) => a.username.localeCompare(b.username)));
            setMessage({ tone: 'success', text: `Added ${user.displayName} (${user.username}) as ${roleLabel(user.role).toLowerCase()}.` });
          }}
        />
      ) : null}
    </section>
  );
}

function PasswordPair({
  password,
  confirm,
  onPassword,
  onConfirm,
  error,
  confirmError,
  label = 'Password',
}: {
  password: string;
  confirm: string;
  onPassword: (v: string) => void;
  onConfirm: (v: string) => void;
  error: string | undefined;
  confirmError: string | undefined;
  label?: string;
}) {
  return (
    <>
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={error}
        hint="At least 10 characters. Not a common password, not one letter repeated, not the username."
      />
      <TextField label="Confirm password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => onConfirm(e.target.value)} error={confirmError} />
    </>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: UserAccount) => void }) {
  const id = useId();
  const empty = { username: '', displayName: '', role: 'clerk' as Role, password: '', confirm: '' };
  const [draft, setDraft] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const edit = (patch: Partial<typeof empty>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFormError(null);
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (draft.password !== draft.confirm) {
      setErrors({ confirm: 'The two passwords are not the same.' });
      return;
    }
    setSaving(true);
    const result = await call('users.create', { username: draft.username, displayName: draft.displayName, role: draft.role, password: draft.password });
    setSaving(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setFormError(result.error.fields ? null : result.error.message);
      return;
    }
    setDraft(empty);
    setErrors({});
    onAdded(result.value);
  };

  return (
    <form className="form users-add" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-add`}>
      <h3 id={`${id}-add`}>Add a user</h3>
      {formError ? <Alert>{formError}</Alert> : null}
      <div className="users-grid">
        <TextField
          label="Username"
          value={draft.username}
          onChange={(e) => edit({ username: e.target.value })}
          error={errors['username']}
          autoComplete="off"
          spellCheck={false}
          className="field-mono"
          hint="Letters, digits, dot, dash or underscore."
        />
        <TextField label="Display name" value={draft.displayName} onChange={(e) => edit({ displayName: e.target.value })} error={errors['displayName']} autoComplete="off" />
        <div className={`field${errors['role'] ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-role`} className="field-label">
            Role
          </label>
          <select id={`${id}-role`} className="input" value={draft.role} onChange={(e) => edit({ role: e.target.value as Role })} aria-describedby={`${id}-role-hint`}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          {errors['role'] ? <p className="field-error">{errors['role']}</p> : null}
          <p id={`${id}-role-hint`} className="field-hint">
            {roles.find((r) => r.value === draft.role)?.hint}
          </p>
        </div>
        <PasswordPair
          password={draft.password}
          confirm={draft.confirm}
          onPassword={(password) => edit({ password })}
          onConfirm={(confirm) => edit({ confirm })}
          error={errors['password']}
          confirmError={errors['confirm']}
        />
      </div>
      <div>
        <Button type="submit" variant="primary" busy={saving}>
          Add user
        </Button>
      </div>
    </form>
  );
}

function ResetPasswordForm({ user, onCancel, onDone }: { user: UserAccount; onCancel: () => void; onDone: (user: UserAccount) => void }) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirm) return setErrors({ confirm: 'The two passwords are not the same.' });
    setSaving(true);
    const result = await call('users.resetPassword', { userId: user.id, password });
    setSaving(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setFormError(result.error.fields ? null : result.error.message);
      return;
    }
    onDone(result.value);
  };

  return (
    <form
      className="form users-reset"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>New password for {user.displayName}</h3>
      <p className="muted small">Unlocks the account and signs {user.displayName} out everywhere; tell them the new password in person.</p>
      {formError ? <Alert>{formError}</Alert> : null}
      <div className="users-grid">
        <PasswordPair
          label="New password"
          password={password}
          confirm={confirm}
          onPassword={(v) => {
            setPassword(v);
            setErrors({});
          }}
          onConfirm={(v) => {
            setConfirm(v);
            setErrors({});
          }}
          error={errors['password']}
          confirmError={errors['confirm']}
        />
      </div>
      <div className="inline-row">
        <Button type="submit" variant="primary" busy={saving}>
          Set password
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
