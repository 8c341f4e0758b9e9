import { fail, ok } from '../../../../shared/api/result.js';
import { SeparationRulesConfig } from '../../config/station-config-file.js';
import { TargetConfig } from '../../delivery/delivery-package.js';
import { liesWithin } from '../../config/folder-paths.js';
import { fieldErrors } from '../dispatcher.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';
import { retentionSettingsOf, saveRetentionSettings } from '../../retention/retention-settings.js';

const MASK = '********';

/** Secrets never go back to a screen; a masked value sent back means "keep the saved one". */
function masked(config: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(config)) as { auth?: { token?: string; clientSecret?: string } };
  if (copy.auth?.token) copy.auth.token = MASK;
  if (copy.auth?.clientSecret) copy.auth.clientSecret = MASK;
  return copy;
}

function unmasked(incoming: unknown, saved: unknown): unknown {
  const next = JSON.parse(JSON.stringify(incoming)) as { auth?: { token?: string; clientSecret?: string } };
  const old = (saved ?? {}) as { auth?: { token?: string; clientSecret?: string } };
  if (next.auth?.token === MASK) next.auth.token = old.auth?.token ?? '';
  if (next.auth?.clientSecret === MASK) next.auth.clientSecret = old.auth?.clientSecret ?? '';
  return next;
}

export function settingsHandlers(ctx: StationContext): Pick<Handlers, 'settings.get' | 'settings.saveSeparation' | 'settings.saveTarget' | 'settings.saveReview' | 'settings.saveRetention'> {
  const current = () => ({
    separation: ctx.separationRules(),
    targets: ctx.outbox.targets().map((t) => ({ id: t.id, enabled: t.enabled, config: masked(t.config) })),
    review: ctx.reviewGate.policy(),
    retention: retentionSettingsOf(ctx.settings),
  });
  return {
    'settings.get': async () => ok(current()),
    'settings.saveSeparation': async (input, caller) => {
      const rules = SeparationRulesConfig.safeParse(input.rules);
      if (!rules.success) return fail('invalid-input', 'The separation rules are not valid.', fieldErrors(rules.error));
      ctx.transaction(() => {
        ctx.saveSeparationRules(rules.data);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'separation', value: rules.data } });
      });
      return ok(current());
    },
    'settings.saveReview': async (input, caller) => {
      ctx.transaction(() => {
        ctx.reviewGate.savePolicy(input.policy);
        // Turning review off releases what was waiting for it: nobody is left to approve it.
        const released = input.policy.required ? [] : ctx.reviewGate.releaseAwaiting(ctx.now().toISOString());
        for (const doc of released) ctx.enqueueDelivery(doc.documentId, doc.patientMrn, actor(caller));
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'review', value: input.policy, released: released.length } });
      });
      ctx.kickDelivery();
      return ok(current());
    },
    'settings.saveRetention': async (input, caller) => {
      ctx.transaction(() => {
        saveRetentionSettings(ctx.settings, input.retention);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'retention', value: input.retention } });
      });
      return ok(current());
    },
    'settings.saveTarget': async (input, caller) => {
      const id = (input.target as { id?: unknown } | null)?.id;
      const saved = ctx.outbox.targets().find((t) => t.id === id)?.config;
      const target = TargetConfig.safeParse(unmasked(input.target, saved));
      if (!target.success) return fail('invalid-input', 'The delivery target is not valid.', fieldErrors(target.error));
      // Plain copies among the encrypted store would travel with every backup of it.
      if (target.data.kind === 'folder' && (await liesWithin(ctx.status().dataDir, target.data.path))) {
        const message = 'The import folder cannot be the data folder or inside it: the copies there are not encrypted. Choose a folder of its own.';
        return fail('invalid-input', message, { path: message });
      }
      ctx.transaction(() => {
        ctx.saveTarget(target.data, input.enabled);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'delivery-target', target: target.data.id, enabled: input.enabled } });
      });
      return ok(current());
    },
  };
}
