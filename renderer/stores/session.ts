import { create } from 'zustand';
import type { SessionUser } from '../../shared/domain/user.js';
import { call, onCallError } from '../api/client.js';

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
  clearErrors(): void;
}

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
    const { setupRequired, user, stationName } = result.value;
    set({
      stationName,
      user,
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
    set({ user: result.value, phase: 'signed-in', errors: noErrors });
    return true;
  },

  async signOut() {
    await call('session.signOut', {});
    set({ user: null, phase: 'signed-out', errors: noErrors, notice: 'You have signed out.' });
    announceSignedOut();
  },

  clearErrors() {
    set({ errors: noErrors });
  },
}));

// A call anywhere found the session gone (expired, or signed out elsewhere): back to sign-in.
onCallError((method, error) => {
  if (error.code !== 'not-signed-in' || method.startsWith('session.')) return;
  if (useSession.getState().phase !== 'signed-in') return;
  useSession.setState({ user: null, phase: 'signed-out', notice: 'Your session has ended. Sign in again.' });
  announceSignedOut();
});

export const isAdmin = (user: SessionUser | null) => user?.role === 'admin';
