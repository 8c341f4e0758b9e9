import { fail, ok } from '../../../../shared/api/result.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type SessionHandlers = Pick<Handlers, 'session.status' | 'session.createAdmin' | 'session.signIn' | 'session.signOut'>;

export function sessionHandlers(ctx: StationContext): SessionHandlers {
  return {
    'session.status': async (_input, caller) =>
      ok({ setupRequired: !ctx.accounts.hasAnyUser(), user: caller.user, stationName: ctx.stationName }),

    'session.createAdmin': async (input, caller) => {
      // Only the very first account can be made without signing in.
      if (ctx.accounts.hasAnyUser()) return fail('setup-already-done', 'This station already has an administrator. Sign in instead.');
      await ctx.accounts.createUser({ ...input, role: 'admin' });
      const signedIn = await ctx.accounts.signIn(input.username, input.password);
      if (!signedIn.ok) return fail('internal', 'The account was created but signing in failed. Sign in by hand.');
      caller.setSession({ kind: 'signed-in', token: signedIn.token, expiresAt: signedIn.expiresAt });
      ctx.setOperator(signedIn.user.displayName);
      return ok(signedIn.user);
    },

    'session.signIn': async (input, caller) => {
      const result = await ctx.accounts.signIn(input.username, input.password);
      if (!result.ok) return fail(result.code, result.message);
      caller.setSession({ kind: 'signed-in', token: result.token, expiresAt: result.expiresAt });
      ctx.setOperator(result.user.displayName);
      return ok(result.user);
    },

    'session.signOut': async (_input, caller) => {
      ctx.accounts.signOut(caller.sessionToken);
      caller.setSession({ kind: 'signed-out' });
      return ok({});
    },
  };
}
