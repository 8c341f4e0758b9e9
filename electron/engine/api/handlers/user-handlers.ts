import { type ApiResult, fail, ok } from '../../../../shared/api/result.js';
import type { AccountResult } from '../../auth/accounts.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type UserHandlers = Pick<Handlers, 'session.changePassword' | 'users.list' | 'users.create' | 'users.update' | 'users.resetPassword'>;

/** An account failure as an API error: same stable code, same sentence, same field messages. */
const asApi = <T>(result: AccountResult<T>): ApiResult<T> => (result.ok ? ok(result.value) : fail(result.code, result.message, result.fields));

/** Local accounts: administrators manage them (the dispatcher enforces the roles); anyone changes their own password. */
export function userHandlers(ctx: StationContext): UserHandlers {
  /** Records a successful account change, with what changed (never a password). */
  const audited = <T extends { id: string }>(result: ApiResult<T>, caller: Caller, action: 'user-created' | 'user-changed', details: Record<string, unknown>) => {
    if (result.ok) ctx.audit.record({ user: actor(caller), action, subject: { type: 'user', id: result.value.id }, details });
    return result;
  };
  return {
    'session.changePassword': async (input, caller) => {
      if (!caller.user) return fail('not-signed-in', 'Your session has ended. Sign in again to continue.');
      const result = await ctx.accounts.changePassword(caller.user.id, input.currentPassword, input.newPassword, caller.sessionToken);
      if (result.ok) ctx.audit.record({ user: actor(caller), action: 'user-changed', subject: { type: 'user', id: caller.user.id }, details: { change: 'own-password' } });
      return result.ok ? ok({}) : asApi(result);
    },

    'users.list': async () => ok({ users: ctx.accounts.listUsers() }),

    'users.create': async (input, caller) => audited(asApi(await ctx.accounts.addUser(input)), caller, 'user-created', { username: input.username, role: input.role }),

    'users.update': async (input, caller) => {
      if (!caller.user) return fail('not-signed-in', 'Your session has ended. Sign in again to continue.');
      const { userId: _userId, ...changes } = input;
      return audited(asApi(ctx.accounts.updateUser(caller.user.id, input)), caller, 'user-changed', changes);
    },

    'users.resetPassword': async (input, caller) =>
      audited(asApi(await ctx.accounts.resetPassword(input.userId, input.password, caller.user?.id === input.userId ? caller.sessionToken : null)), caller, 'user-changed', {
        change: 'password-reset',
      }),
  };
}
