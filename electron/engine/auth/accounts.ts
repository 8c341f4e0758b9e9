import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Role, SessionUser, UserAccount } from '../../../shared/domain/user.js';
import { GuessThrottle } from './guess-throttle.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { passwordProblem } from './password-policy.js';

export interface AccountPolicy {
  maxFailedAttempts: number;
  lockoutMs: number;
  /** A session not used for this long ends (the idle lock, much shorter, only locks it). */
  sessionIdleMs: number;
  sessionMaxMs: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  maxFailedAttempts: 5,
  lockoutMs: 5 * 60_000,
  sessionIdleMs: 8 * 60 * 60_000,
  sessionMaxMs: 24 * 60 * 60_000,
};

/** A live session: whose it is, and whether its screen is locked (idle lock). */
export interface SessionState {
  user: SessionUser;
  locked: boolean;
}

export type UnlockResult = { ok: true; user: SessionUser } | { ok: false; code: 'not-signed-in' | 'bad-credentials' | 'locked-out'; message: string; lockedOutNow: boolean };

/**
 * The renderer locks the screen itself after the idle time and reports activity at most about
 * once a minute; the station locks a session on its own only when it has heard nothing for the
 * idle time plus this margin (a closed or frozen window), so a busy user is never locked by it.
 */
const IDLE_LOCK_MARGIN_MS = 90_000;

export type SignInResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: string }
  /** `lockedOutNow`: this failure locked the account; `duringLockout`: the account was locked already. */
  | { ok: false; code: 'bad-credentials' | 'locked-out'; message: string; lockedOutNow: boolean; duringLockout: boolean };

/** A hash of nothing anyone can type, checked for unknown usernames so they cost the same scrypt work. */
const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  failed_attempts: number;
  locked_until: string | null;
}

const toUser = (row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role'>): SessionUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
});

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Disabled accounts. The users table (migration 0001) has no `disabled` column and this change
 * adds no migration, so a disabled account is stored as locked until this far-future instant:
 * the existing lockout check already refuses it, and every reader here treats exactly this
 * value as "disabled" rather than "locked". A later migration can add a proper column and
 * convert rows holding this sentinel.
 */
export const DISABLED_SENTINEL = '9999-12-31T00:00:00.000Z';

export type AccountFailure = { ok: false; code: 'not-found' | 'forbidden' | 'conflict' | 'invalid-input'; message: string; fields?: Record<string, string> };
export type AccountResult<T> = { ok: true; value: T } | AccountFailure;

const notFound: AccountFailure = { ok: false, code: 'not-found', message: 'This account does not exist any more. Refresh the list.' };

interface AccountRow extends UserRow {
  created_at: string;
}

/** Local user accounts and their sessions. */
export class Accounts {
  private readonly throttle = new GuessThrottle();

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly policy: AccountPolicy = defaultAccountPolicy,
    /** The idle lock time in ms, read at each check (an administrator can change it at any time). */
    private readonly idleLockMs: () => number | null = () => null,
  ) {}

  hasAnyUser(): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM users LIMIT 1').get());
  }

  /** A new account, without the password policy: tests and `createFirstAdmin`/`addUser` (which apply it). */
  async createUser(input: { username: string; displayName: string; password: string; role: Role }): Promise<SessionUser> {
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    this.insertUser(id, input, hash);
    return { id, username: input.username, displayName: input.displayName, role: input.role };
  }

  private insertUser(id: string, input: { username: string; displayName: string; role: Role }, hash: string): void {
    this.db
      .prepare('INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.username, input.displayName, input.role, hash, this.now().toISOString());
  }

  /**
   * The first administrator of a fresh station. "No user exists" is checked again inside the
   * transaction that inserts, after the slow hashing: two first-run forms sent at once make one
   * administrator, and the other is refused.
   */
  async createFirstAdmin(input: { username: string; displayName: string; password: string }): Promise<AccountResult<SessionUser> | { ok: false; code: 'setup-already-done'; message: string }> {
    const problem = await passwordProblem(input.password, input.username);
    if (problem) return { ok: false, code: 'invalid-input', message: problem, fields: { password: problem } };
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    const created = this.db
      .transaction(() => {
        if (this.hasAnyUser()) return false;
        this.insertUser(id, { ...input, role: 'admin' }, hash);
        return true;
      })
      .immediate();
    if (!created) return { ok: false, code: 'setup-already-done', message: 'This station already has an administrator. Sign in instead.' };
    return { ok: true, value: { id, username: input.username, displayName: input.displayName, role: 'admin' } };
  }

  /**
   * Checks a password and opens a session. Checks for one username run one after another (see
   * GuessThrottle), and failures are counted in the database, so parallel guesses meet the limit.
   * An unknown user, a locked account and a wrong password answer alike, after the same scrypt
   * work: only someone who gives the right password learns that the account is locked or disabled.
   */
  signIn(username: string, password: string): Promise<SignInResult> {
    return this.throttle.run(username, () => this.checkSignIn(username, password));
  }

  private async checkSignIn(username: string, password: string): Promise<SignInResult> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    const refuse = (lockedOutNow: boolean, duringLockout: boolean) => ({ ok: false, code: 'bad-credentials', message: 'The username or password is not right.', lockedOutNow, duringLockout }) as const;
    if (!row) {
      await verifyPassword(password, UNKNOWN_USER_HASH);
      return refuse(false, false);
    }
    const right = await verifyPassword(password, row.password_hash);
    if (row.locked_until === DISABLED_SENTINEL) {
      return right ? { ok: false, code: 'locked-out', message: 'This account is disabled. Ask an administrator to enable it.', lockedOutNow: false, duringLockout: true } : refuse(false, true);
    }
    const now = this.now();
    if (row.locked_until && new Date(row.locked_until) > now) {
      if (!right) return refuse(false, true);
      return {
        ok: false,
        code: 'locked-out',
        message: 'This account is locked after too many failed sign-ins. Try again in a few minutes or ask an administrator.',
        lockedOutNow: false,
        duringLockout: true,
      };
    }
    if (!right) return refuse(this.countFailure(row.id, now), false);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.policy.sessionMaxMs).toISOString();
    this.db
      .transaction(() => {
        this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
        this.db
          .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
          .run(tokenHash(token), row.id, now.toISOString(), now.toISOString(), expiresAt);
      })
      .immediate();
    return { ok: true, user: toUser(row), token, expiresAt };
  }

  /**
   * One more wrong password for this account, counted in the database (never written back from a
   * value read earlier); returns true when this failure locks the account out.
   */
  private countFailure(userId: string, now: Date): boolean {
    return this.db
      .transaction(() => {
        const counted = this.db
          .prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ? AND (locked_until IS NULL OR locked_until <> ?) RETURNING failed_attempts')
          .get(userId, DISABLED_SENTINEL) as { failed_attempts: number } | undefined;
        if (!counted || counted.failed_attempts < this.policy.maxFailedAttempts) return false;
        this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(new Date(now.getTime() + this.policy.lockoutMs).toISOString(), userId);
        return true;
      })
      .immediate();
  }

  signOut(token: string | null): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  /**
   * The session behind a token. Expired sessions are deleted on sight. An unlocked session's
   * idle timer is refreshed; a locked one's is not, so a lock screen left alone still expires.
   */
  session(token: string | null): SessionState | null {
    if (!token) return null;
    const hash = tokenHash(token);
    const row = this.db
      .prepare(
        `SELECT u.id, u.username, u.display_name, u.role, u.locked_until, s.last_seen_at, s.expires_at, s.locked_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      )
      .get(hash) as (UserRow & { last_seen_at: string; expires_at: string; locked_at: string | null }) | undefined;
    if (!row) return null;
    const now = this.now();
    const idleMs = now.getTime() - new Date(row.last_seen_at).getTime();
    if (row.locked_until === DISABLED_SENTINEL || new Date(row.expires_at) <= now || idleMs > this.policy.sessionIdleMs) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
      return null;
    }
    if (row.locked_at) return { user: toUser(row), locked: true };
    const idleLockMs = this.idleLockMs();
    if (idleLockMs !== null && idleMs > idleLockMs + IDLE_LOCK_MARGIN_MS) {
      this.db.prepare('UPDATE sessions SET locked_at = ? WHERE token_hash = ?').run(now.toISOString(), hash);
      return { user: toUser(row), locked: true };
    }
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), hash);
    return { user: toUser(row), locked: false };
  }

  /** The user behind a token if the session is live and unlocked; refreshes the idle timer. */
  authenticate(token: string | null): SessionUser | null {
    const session = this.session(token);
    return session && !session.locked ? session.user : null;
  }

  /** Locks a live session (idempotent). False when there is no such session. */
  lock(token: string | null): boolean {
    if (!this.session(token)) return false;
    this.db.prepare('UPDATE sessions SET locked_at = COALESCE(locked_at, ?) WHERE token_hash = ?').run(this.now().toISOString(), tokenHash(token!));
    return true;
  }

  /**
   * Resumes a locked session with its own user's password. A wrong password counts towards the
   * account lockout exactly as at sign-in, so the lock screen is no way round it.
   */
  unlock(token: string | null, password: string): Promise<UnlockResult> {
    const session = this.session(token);
    if (!session) return Promise.resolve({ ok: false, code: 'not-signed-in', message: 'Your session has ended. Sign in again to continue.', lockedOutNow: false });
    // The same queue as sign-in: the lock screen and the sign-in form share one count.
    return this.throttle.run(session.user.username, () => this.checkUnlock(token!, session.user, password));
  }

  private async checkUnlock(token: string, user: SessionUser, password: string): Promise<UnlockResult> {
    const row = this.row(user.id);
    if (!row || !this.session(token)) return { ok: false, code: 'not-signed-in', message: 'Your session has ended. Sign in again to continue.', lockedOutNow: false };
    const now = this.now();
    if (row.locked_until && new Date(row.locked_until) > now) {
      return { ok: false, code: 'locked-out', message: 'This account is locked after too many wrong passwords. Try again in a few minutes, or sign in as someone else.', lockedOutNow: false };
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      const lockedOutNow = this.countFailure(row.id, now);
      return lockedOutNow
        ? { ok: false, code: 'locked-out', message: 'Too many wrong passwords: this account is locked for a few minutes. Sign in as someone else, or ask an administrator.', lockedOutNow }
        : { ok: false, code: 'bad-credentials', message: 'That password is not right.', lockedOutNow };
    }
    this.db
      .transaction(() => {
        this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
        this.db.prepare('UPDATE sessions SET locked_at = NULL, last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), tokenHash(token));
      })
      .immediate();
    return { ok: true, user };
  }

  // ---- administration (users.* methods and `chartdesk users`) ----

  private toAccount(row: AccountRow): UserAccount {
    const disabled = row.locked_until === DISABLED_SENTINEL;
    return {
      ...toUser(row),
      disabled,
      locked: !disabled && row.locked_until !== null && new Date(row.locked_until) > this.now(),
      createdAt: row.created_at,
    };
  }

  private row(userId: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as AccountRow | undefined;
  }

  listUsers(): UserAccount[] {
    const rows = this.db.prepare('SELECT * FROM users ORDER BY username COLLATE NOCASE').all() as AccountRow[];
    return rows.map((r) => this.toAccount(r));
  }

  getUser(userId: string): UserAccount | null {
    const row = this.row(userId);
    return row ? this.toAccount(row) : null;
  }

  /** Adds an account; a username already taken (in any letter case) is a conflict. */
  async addUser(input: { username: string; displayName: string; password: string; role: Role }): Promise<AccountResult<UserAccount>> {
    const taken: AccountFailure = {
      ok: false,
      code: 'conflict',
      message: `The username "${input.username}" is already taken. Choose another.`,
      fields: { username: 'This username is already taken.' },
    };
    if (this.db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username)) return taken;
    const problem = await passwordProblem(input.password, input.username);
    if (problem) return { ok: false, code: 'invalid-input', message: problem, fields: { password: problem } };
    try {
      const user = await this.createUser(input);
      return { ok: true, value: this.getUser(user.id)! };
    } catch (error) {
      // Two administrators adding the same name at once: the UNIQUE constraint decides.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return taken;
      throw error;
    }
  }

  private enabledAdminsOtherThan(userId: string): number {
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND id <> ? AND (locked_until IS NULL OR locked_until <> ?)`).get(userId, DISABLED_SENTINEL) as { n: number };
    return row.n;
  }

  /**
   * Changes name, role or enabled state. `actorId` is the administrator asking: nobody disables
   * themself, and the last enabled administrator stays an enabled administrator.
   */
  updateUser(actorId: string, input: { userId: string; displayName?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined }): AccountResult<UserAccount> {
    return this.db
      .transaction((): AccountResult<UserAccount> => {
        const row = this.row(input.userId);
        if (!row) return notFound;
        const wasDisabled = row.locked_until === DISABLED_SENTINEL;
        if (input.disabled === true && input.userId === actorId) {
          return { ok: false, code: 'forbidden', message: 'You cannot disable your own account. Ask another administrator.' };
        }
        const losesAdmin = row.role === 'admin' && !wasDisabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
        if (losesAdmin && this.enabledAdminsOtherThan(row.id) === 0) {
          return {
            ok: false,
            code: 'forbidden',
            message: `${row.display_name} is the last administrator. Make another account an administrator first.`,
          };
        }
        if (input.displayName !== undefined) this.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(input.displayName, row.id);
        if (input.role !== undefined) this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(input.role, row.id);
        if (input.disabled === true && !wasDisabled) {
          this.db.prepare('UPDATE users SET locked_until = ?, failed_attempts = 0 WHERE id = ?').run(DISABLED_SENTINEL, row.id);
          this.endSessionsOf(row.id);
        } else if (input.disabled === false && wasDisabled) {
          this.db.prepare('UPDATE users SET locked_until = NULL, failed_attempts = 0 WHERE id = ?').run(row.id);
        }
        return { ok: true, value: this.getUser(row.id)! };
      })
      .immediate();
  }

  /**
   * An administrator sets a new password: the account is unlocked (a disabled account stays
   * disabled) and its sessions end, except `keepToken` (the administrator resetting their own).
   */
  async resetPassword(userId: string, password: string, keepToken: string | null = null): Promise<AccountResult<UserAccount>> {
    const account = this.row(userId);
    if (!account) return notFound;
    const problem = await passwordProblem(password, account.username);
    if (problem) return { ok: false, code: 'invalid-input', message: problem, fields: { password: problem } };
    const hash = await hashPassword(password);
    const changed = this.db.transaction(() => {
      const result = this.db
        .prepare(
          `UPDATE users SET password_hash = ?, failed_attempts = 0,
             locked_until = CASE WHEN locked_until = ? THEN locked_until ELSE NULL END
           WHERE id = ?`,
        )
        .run(hash, DISABLED_SENTINEL, userId);
      this.endSessionsOf(userId, keepToken);
      return result.changes;
    })();
    if (changed === 0) return notFound;
    return { ok: true, value: this.getUser(userId)! };
  }

  /** A user changes their own password, proving the current one; their other sessions end. */
  async changePassword(userId: string, currentPassword: string, newPassword: string, keepToken: string | null): Promise<AccountResult<null>> {
    const row = this.row(userId);
    if (!row) return notFound;
    if (!(await verifyPassword(currentPassword, row.password_hash))) {
      return {
        ok: false,
        code: 'invalid-input',
        message: 'The current password is not right.',
        fields: { currentPassword: 'The current password is not right.' },
      };
    }
    if (currentPassword === newPassword) {
      return { ok: false, code: 'invalid-input', message: 'Choose a password different from the current one.', fields: { newPassword: 'Choose a password different from the current one.' } };
    }
    const problem = await passwordProblem(newPassword, row.username);
    if (problem) return { ok: false, code: 'invalid-input', message: problem, fields: { newPassword: problem } };
    const hash = await hashPassword(newPassword);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, userId);
      this.endSessionsOf(userId, keepToken);
    })();
    return { ok: true, value: null };
  }

  /** Ends every session of a user, except the one holding `keepToken` if given. */
  endSessionsOf(userId: string, keepToken: string | null = null): number {
    const result = keepToken
      ? this.db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, tokenHash(keepToken))
      : this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
    return result.changes;
  }
}
