import { fail, ok } from '../../../../shared/api/result.js';
import type { SessionUser } from '../../../../shared/domain/user.js';
import type { ClaimVia } from '../../intake/scanner-claim.js';
import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

/** The signed-in person as the scanner's claim names them. */
export const claimantOf = (user: SessionUser) => ({ id: user.id, username: user.username, displayName: user.displayName });

/**
 * Claims the scanner for a signed-in person, inside the caller's transaction. Returns a refusal
 * when another person holds it and the take-over was not confirmed; null when done.
 */
export function claimScanner(ctx: StationContext, user: SessionUser, options: { takeOver: boolean; via: ClaimVia }) {
  const outcome = ctx.scanner.claim(claimantOf(user), options);
  return outcome.ok ? null : fail('conflict', outcome.message);
}

/** Who is scanning: the person at the scanner claims it, hands it over, or (confirmed) takes it over. */
export function scannerHandlers(ctx: StationContext): Pick<Handlers, 'scanner.claim' | 'scanner.release'> {
  return {
    'scanner.claim': async (input, caller) => {
      const refused = ctx.transaction(() => claimScanner(ctx, caller.user!, { takeOver: input.takeOver, via: 'scan-as-me' }));
      if (refused) return refused;
      ctx.notifyStationChanged();
      return ok(ctx.status());
    },
    'scanner.release': async (_input, caller) => {
      const outcome = ctx.transaction(() => ctx.scanner.release(claimantOf(caller.user!), 'handed-over'));
      if (!outcome.ok) return fail('conflict', outcome.message);
      if (outcome.changed) ctx.notifyStationChanged();
      return ok(ctx.status());
    },
  };
}
