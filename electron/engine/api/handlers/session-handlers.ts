import { fail, ok } from '../../../../shared/api/result.js';
import { idleLockSecondsOf, saveIdleLockSeconds } from '../../auth/idle-lock-setting.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type SessionHandlers = Pick<Handlers, 'session.status' | 'session.createAdmin' | 'session.signIn' | 'session.signOut' | 'session.lock' | 'session.unlock' | 'settings.saveIdleLock'>;

export function sessionHandlers(ctx: StationContext): SessionHandlers {
  /**
   * A sign-in replaces the session the browser held, if any: that session ends on the station, so
   * a cookie planted before (or left by the last person at this browser) is worth nothing after.
   */
  const replaceSession = (caller: Caller, signedIn: { token: string; expiresAt: string }) => {
    if (caller.sessionToken) ctx.accounts.signOut(caller.sessionToken);
    caller.setSession({ kind: 'signed-in', token: signedIn.token, expiresAt: signedIn.expiresAt });
  };
  return {
    'session.status': async (_input, caller) =>
      ok({
        setupRequired: !ctx.accounts.hasAnyUser(),
        user: caller.user,
        stationName: ctx.stationName,
        locked: caller.locked,
        idleLockSeconds: idleLockSecondsOf(ctx.settings),
      }),

    'session.createAdmin': async (input, caller) => {
      // Only the very first account can be made without signing in; the engine checks again in
      // the transaction that creates it (two first-run forms at once make one administrator).
      const refused = () => {
        ctx.audit.record({ user: null, action: 'setup-refused', details: { username: input.username } });
        return fail('setup-already-done', 'This station already has an administrator. Sign in instead.');
      };
      if (ctx.accounts.hasAnyUser()) return refused();
      const created = await ctx.accounts.createFirstAdmin(input);
      if (!created.ok) return created.code === 'setup-already-done' ? refused() : fail(created.code, created.message, created.fields);
      const admin = created.value;
      ctx.audit.record({ user: { id: admin.id, name: admin.username }, action: 'user-created', subject: { type: 'user', id: admin.id }, details: { role: 'admin', firstRun: true } });
      const signedIn = await ctx.accounts.signIn(input.username, input.password);
      if (!signedIn.ok) return fail('internal', 'The account was created but signing in failed. Sign in by hand.');
      replaceSession(caller, signedIn);
      return ok(signedIn.user);
    },

    'session.signIn': async (input, caller) => {
      const result = await ctx.accounts.signIn(input.username, input.password);
      if (!result.ok) {
        ctx.audit.record({ user: null, action: 'sign-in-failed', details: { username: input.username, ...(result.duringLockout ? { duringLockout: true } : {}) } });
        if (result.lockedOutNow) ctx.audit.record({ user: null, action: 'account-locked', details: { username: input.username } });
        return fail(result.code, result.message);
      }
      ctx.audit.record({ user: { id: result.user.id, name: result.user.username }, action: 'sign-in' });
      replaceSession(caller, result);
      // Signing in does not make anyone the operator: the person at the scanner claims it.
      return ok(result.user);
    },

    'session.signOut': async (_input, caller) => {
      const user = caller.user;
      // Signing out hands the scanner back: the next files are not credited to someone who left.
      const released = user
        ? ctx.transaction(() => {
            ctx.audit.record({ user: { id: user.id, name: user.username }, action: 'sign-out' });
            return ctx.scanner.holder()?.userId === user.id && ctx.scanner.release(user, 'signed-out').ok;
          })
        : false;
      if (released) ctx.notifyStationChanged();
      ctx.opened.forget(caller.sessionToken);
      ctx.accounts.signOut(caller.sessionToken);
      caller.setSession({ kind: 'signed-out' });
      return ok({});
    },

    'session.lock': async (_input, caller) => {
      if (!ctx.accounts.lock(caller.sessionToken)) return fail('not-signed-in', 'Your session has ended. Sign in again to continue.');
      ctx.audit.record({ user: actor(caller), action: 'session-locked' });
      return ok({});
    },

    'session.unlock': async (input, caller) => {
      const result = await ctx.accounts.unlock(caller.sessionToken, input.password);
      if (!result.ok) {
        if (result.code !== 'not-signed-in') ctx.audit.record({ user: actor(caller), action: 'unlock-failed', details: { reason: result.code } });
        if (result.lockedOutNow) ctx.audit.record({ user: actor(caller), action: 'account-locked' });
        return fail(result.code, result.message);
      }
      ctx.audit.record({ user: actor(caller), action: 'session-unlocked' });
      return ok(result.user);
    },

    'settings.saveIdleLock': async (input, caller) => {
      ctx.transaction(() => {
        saveIdleLockSeconds(ctx.settings, input.seconds);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'idle-lock', seconds: input.seconds } });
      });
      return ok({ idleLockSeconds: idleLockSecondsOf(ctx.settings) });
    },
  };
}
