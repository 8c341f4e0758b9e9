import { fail, ok } from '../../../../shared/api/result.js';
import { TargetConfig, maskTarget, unmaskAuth } from '../../../../shared/domain/delivery-targets.js';
import { StationTargetConfig } from '../../delivery/import-folder-path.js';
import { liesWithin } from '../../config/folder-paths.js';
import { fieldErrors } from '../dispatcher.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';
import { retentionSettingsOf, saveRetentionSettings } from '../../retention/retention-settings.js';

export function settingsHandlers(ctx: StationContext): Pick<Handlers, 'settings.get' | 'settings.saveSeparation' | 'settings.saveTarget' | 'settings.saveReview' | 'settings.saveRetention'> {
  const current = () => ({
    separation: ctx.separationRules(),
    // Secrets never go back to a screen; a configuration another version wrote is listed without an editor.
    targets: ctx.outbox.targets().map((t) => {
      const config = TargetConfig.safeParse(t.config);
      return { id: t.id, enabled: t.enabled, config: config.success ? maskTarget(config.data) : null };
    }),
    review: ctx.reviewGate.policy(),
    retention: retentionSettingsOf(ctx.settings),
  });
  return {
    'settings.get': async () => ok(current()),
    'settings.saveSeparation': async (input, caller) => {
      ctx.transaction(() => {
        ctx.saveSeparationRules(input.rules);
        ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'separation', value: input.rules } });
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
      const saved = TargetConfig.safeParse(ctx.outbox.targets().find((t) => t.id === input.target.id)?.config);
      const incoming = input.target;
      // A masked secret means "keep the saved one"; checked again, as a mask with nothing saved behind it is no secret.
      const target = StationTargetConfig.safeParse(
        incoming.kind === 'fhir' ? { ...incoming, auth: unmaskAuth(incoming.auth, saved.success && saved.data.kind === 'fhir' ? saved.data.auth : undefined) } : incoming,
      );
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
