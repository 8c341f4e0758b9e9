import { create } from 'zustand';
import { type SessionUser, defaultIdleLockSeconds } from '../../shared/domain/user.js';
import { call, callsMade, onCallError } from '../api/client.js';

export type SessionPhase = 'loading' | 'unavailable' | 'setup' | 'signed-out' | 'signed-in';

export interface FormErrors {
  /** The sentence for the whole form (error.message). */
  message: string | null;
  /** Field name -> sentence. */
  fields: Record<string, string>;
}

const noErrors: FormErrors = { message: null, fields: {} };

interface SessionState {
  phase: SessionPhase;
  stationName: string;
  user: SessionUser | null;
  /**
   * The screen is locked (idle lock): the lock screen covers the workspace, which stays mounted
   * underneath so unsaved work survives. Only the same user's password, or signing out, ends it.
   */
  locked: boolean;
  /** Lock after this long without keyboard or mouse (the station's setting). */
  idleLockSeconds: number;
  /** Why the app cannot start (phase 'unavailable'). */
  loadError: string | null;
  /** A sentence shown on the sign-in screen, e.g. after the session ended. */
  notice: string | null;
  submitting: boolean;
  errors: FormErrors;

  load(): Promise<void>;
  createAdmin(input: { username: string; displayName: string; password: string; confirm: string }): Promise<boolean>;
  signIn(input: { username: string; password: string }): Promise<boolean>;
  signOut(): Promise<void>;
  /** Locks the screen now (the idle timer calls this). */
  lock(): Promise<void>;
  unlock(password: string): Promise<boolean>;
  /** Asks the station whether the session is still open and unlocked (also keeps it from locking itself). */
  checkSession(): Promise<void>;
  saveIdleLock(seconds: number): Promise<{ ok: true } | { ok: false; message: string }>;
  clearErrors(): void;
}

const unlockedListeners = new Set<() => void>();
/** Screens refetch what the station refused while the screen was locked. */
export const onUnlocked = (listener: () => void) => {
  unlockedListeners.add(listener);
  return () => unlockedListeners.delete(listener);
};

const sessionEnded = { user: null, locked: false, phase: 'signed-out', notice: 'Your session has ended. Sign in again.' } as const;

/** Counts sign-ins and sign-outs, so a late answer about an earlier session is recognised. */
let sessionEpoch = 0;
/** The number of calls made before the current sign-in. */
let signedInAfterCall = 0;

const signedOutListeners = new Set<() => void>();
/** Stores holding records drop them when the user signs out (nothing stays on screen or in memory). */
export const onSignedOut = (listener: () => void) => {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
};
const announceSignedOut = () => {
  for (const listener of signedOutListeners) listener();
};

export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  stationName: '',
  user: null,
  locked: false,
  idleLockSeconds: defaultIdleLockSeconds,
  loadError: null,
  notice: null,
  submitting: false,
  errors: noErrors,

  async load() {
    set({ loadError: null });
    const result = await call('session.status', {});
    if (!result.ok) {
      set({ phase: 'unavailable', loadError: result.error.message });
      return;
    }
    const { setupRequired, user, stationName, locked, idleLockSeconds } = result.value;
    set({
      stationName,
      user,
      locked: Boolean(user) && locked,
      idleLockSeconds,
      phase: setupRequired ? 'setup' : user ? 'signed-in' : 'signed-out',
    });
  },

  async createAdmin({ username, displayName, password, confirm }) {
    if (password !== confirm) {
      set({ errors: { message: null, fields: { confirm: 'The two passwords are not the same.' } } });
      return false;
    }
    set({ submitting: true, errors: noErrors });
    const result = await call('session.createAdmin', { username, displayName, password });
    set({ submitting: false });
    if (!result.ok) {
      if (result.error.code === 'setup-already-done') {
        set({ notice: result.error.message });
        await get().load();
        return false;
      }
      set({ errors: { message: result.error.fields ? null : result.error.message, fields: result.error.fields ?? {} } });
      return false;
    }
    // The engine signs the new administrator in; ask it, rather than assume.
    await get().load();
    if (get().phase === 'signed-out') set({ notice: 'The administrator account is ready. Sign in with it.' });
    return true;
  },

  async signIn({ username, password }) {
    const fields: Record<string, string> = {};
    if (!username.trim()) fields['username'] = 'Enter your username.';
    if (!password) fields['password'] = 'Enter your password.';
    if (Object.keys(fields).length > 0) {
      set({ errors: { message: null, fields } });
      return false;
    }
    set({ submitting: true, errors: noErrors, notice: null });
    const result = await call('session.signIn', { username: username.trim(), password });
    set({ submitting: false });
    if (!result.ok) {
      set({ errors: { message: result.error.message, fields: result.error.fields ?? {} } });
      return false;
    }
    sessionEpoch++;
    signedInAfterCall = callsMade();
    set({ user: result.value, phase: 'signed-in', locked: false, errors: noErrors });
    // The idle time may have changed since the page loaded.
    void get().checkSession();
    return true;
  },

  async signOut() {
    // Off the screen first: answers still on their way for this session (refused once it ends)
    // then find nobody signed in and are ignored instead of reporting an expired session.
    sessionEpoch++;
    set({ user: null, phase: 'signed-out', locked: false, errors: noErrors, notice: 'You have signed out.' });
    announceSignedOut();
    await call('session.signOut', {});
  },

  async lock() {
    if (get().phase !== 'signed-in' || get().locked) return;
    // Covered at once: the station is told next, and a slow answer must not leave records on screen.
    set({ locked: true, errors: noErrors });
    await call('session.lock', {});
  },

  async unlock(password) {
    if (!password) {
      set({ errors: { message: null, fields: { password: 'Enter your password.' } } });
      return false;
    }
    set({ submitting: true, errors: noErrors });
    const result = await call('session.unlock', { password });
    set({ submitting: false });
    if (!result.ok) {
      if (result.error.code === 'not-signed-in') {
        set(sessionEnded);
        announceSignedOut();
      } else {
        set({ errors: { message: result.error.message, fields: {} } });
      }
      return false;
    }
    set({ locked: false, errors: noErrors });
    for (const listener of unlockedListeners) listener();
    return true;
  },

  async checkSession() {
    if (get().phase !== 'signed-in') return;
    const epoch = sessionEpoch;
    const result = await call('session.status', {});
    // A sign-out or another sign-in happened meanwhile: this answer is about a session that is gone.
    if (!result.ok || get().phase !== 'signed-in' || epoch !== sessionEpoch) return;
    const { user, locked, idleLockSeconds } = result.value;
    if (!user || user.id !== get().user?.id) {
      set(sessionEnded);
      announceSignedOut();
      return;
    }
    set(locked ? { locked: true, idleLockSeconds } : { idleLockSeconds });
  },

  async saveIdleLock(seconds) {
    const result = await call('settings.saveIdleLock', { seconds });
    if (!result.ok) return { ok: false, message: result.error.fields?.['seconds'] ?? result.error.message };
    set({ idleLockSeconds: result.value.idleLockSeconds });
    return { ok: true };
  },

  clearErrors() {
    set({ errors: noErrors });
  },
}));

// A call anywhere found the session gone (expired, or signed out elsewhere): back to sign-in.
// Found it locked (by another window of the same session, or by the station): the lock screen.
onCallError((method, error, issued) => {
  if (useSession.getState().phase !== 'signed-in') return;
  // Made for an earlier session (before this sign-in): its refusal says nothing about this one.
  if (issued <= signedInAfterCall) return;
  if (error.code === 'session-locked') {
    useSession.setState({ locked: true });
    return;
  }
  if (error.code !== 'not-signed-in' || method.startsWith('session.')) return;
  useSession.setState(sessionEnded);
  announceSignedOut();
});

export const isAdmin = (user: SessionUser | null) => user?.role === 'admin';
