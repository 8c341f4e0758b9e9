import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Role, SessionUser } from '../../../shared/domain/user.js';
import { hashPassword, verifyPassword } from './password-hash.js';

export interface AccountPolicy {
  maxFailedAttempts: number;
  lockoutMs: number;
  /** A session not used for this long ends (the idle lock of issue 6 is finer-grained, in the UI). */
  sessionIdleMs: number;
  sessionMaxMs: number;
}

export const defaultAccountPolicy: AccountPolicy = {
  maxFailedAttempts: 5,
  lockoutMs: 5 * 60_000,
  sessionIdleMs: 8 * 60 * 60_000,
  sessionMaxMs: 24 * 60 * 60_000,
};

export type SignInResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: string }
  | { ok: false; code: 'bad-credentials' | 'locked-out'; message: string };

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

/** Local user accounts and their sessions. */
export class Accounts {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly policy: AccountPolicy = defaultAccountPolicy,
  ) {}

  hasAnyUser(): boolean {
    return Boolean(this.db.prepare('SELECT 1 FROM users LIMIT 1').get());
  }

  async createUser(input: { username: string; displayName: string; password: string; role: Role }): Promise<SessionUser> {
    const hash = await hashPassword(input.password);
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.username, input.displayName, input.role, hash, this.now().toISOString());
    return { id, username: input.username, displayName: input.displayName, role: input.role };
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    const refuse = { ok: false, code: 'bad-credentials', message: 'The username or password is not right.' } as const;
    if (!row) {
      // Spend the same time as a real check so response timing does not reveal which usernames exist.
      await verifyPassword(password, 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      return refuse;
    }
    const now = this.now();
    if (row.locked_until && new Date(row.locked_until) > now) {
      return { ok: false, code: 'locked-out', message: 'This account is locked after too many failed sign-ins. Try again in a few minutes or ask an administrator.' };
    }
    if (!(await verifyPassword(password, row.password_hash))) {
      const attempts = row.failed_attempts + 1;
      const lock = attempts >= this.policy.maxFailedAttempts ? new Date(now.getTime() + this.policy.lockoutMs).toISOString() : null;
      this.db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : attempts, lock, row.id);
      return refuse;
    }
    this.db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.policy.sessionMaxMs).toISOString();
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(token), row.id, now.toISOString(), now.toISOString(), expiresAt);
    return { ok: true, user: toUser(row), token, expiresAt };
  }

  signOut(token: string | null): void {
    if (token) this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  /** The user behind a token; refreshes the idle timer. Expired sessions are deleted on sight. */
  authenticate(token: string | null): SessionUser | null {
    if (!token) return null;
    const hash = tokenHash(token);
    const row = this.db
      .prepare(
        `SELECT u.id, u.username, u.display_name, u.role, s.last_seen_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      )
      .get(hash) as (UserRow & { last_seen_at: string; expires_at: string }) | undefined;
    if (!row) return null;
    const now = this.now();
    const idleSince = new Date(row.last_seen_at).getTime();
    if (new Date(row.expires_at) <= now || now.getTime() - idleSince > this.policy.sessionIdleMs) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
      return null;
    }
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now.toISOString(), hash);
    return toUser(row);
  }
}
