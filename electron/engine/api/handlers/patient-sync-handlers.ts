import { fail, ok } from '../../../../shared/api/result.js';
import { MergeFileError, applyMergeFile } from '../../patient-sync/merge-file.js';
import { patientSyncConfigOf, savePatientSyncConfig } from '../../patient-sync/patient-sync-settings.js';
import { maskAuth, unmaskAuth } from '../../../../shared/domain/delivery-targets.js';
import { PatientSyncConfig } from '../../../../shared/domain/patient-sync.js';
import { type Handlers, actor, fieldErrors } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

/** Secrets never go back to a screen; the mask sent back means "keep the saved one" (as for delivery targets). */
const masked = (config: PatientSyncConfig | null): PatientSyncConfig | null => (config ? { ...config, auth: maskAuth(config.auth) } : null);

/** Settings > Patient sync, and merge files (electron/engine/patient-sync). */
export function patientSyncHandlers(ctx: StationContext): Pick<Handlers, 'patientSync.get' | 'patientSync.save' | 'patientSync.run' | 'patients.importMerges'> {
  const current = () => ({ config: masked(patientSyncConfigOf(ctx.settings)), status: ctx.patientSync.status() });
  return {
    'patientSync.get': async () => ok(current()),

    'patientSync.save': async (input, caller) => {
      const saved = patientSyncConfigOf(ctx.settings);
      let config: PatientSyncConfig | null = null;
      if (input.config !== null) {
        // Checked again: a mask with nothing saved behind it is no secret.
        const parsed = PatientSyncConfig.safeParse({ ...input.config, auth: unmaskAuth(input.config.auth, saved?.auth) });
        if (!parsed.success) return fail('invalid-input', 'The patient sync settings are not valid.', fieldErrors(parsed.error));
        config = parsed.data;
      }
      ctx.transaction(() => {
        savePatientSyncConfig(ctx.settings, config);
        ctx.audit.record({
          user: actor(caller),
          action: 'settings-changed',
          details: { setting: 'patient-sync', baseUrl: config?.baseUrl ?? null, enabled: config?.enabled ?? false, intervalMinutes: config?.intervalMinutes ?? null },
        });
      });
      ctx.patientSync.schedule();
      return ok(current());
    },

    'patientSync.run': async (_input, caller) => {
      const status = await ctx.patientSync.run('Settings > Patient sync', actor(caller));
      ctx.notifyStationChanged();
      return ok({ ...status, nextRunAt: ctx.patientSync.status().nextRunAt });
    },

    'patients.importMerges': async (input, caller) => {
      try {
        const summary = await applyMergeFile(
          { merges: ctx.merges, patients: ctx.patients, indexing: ctx.indexing, outbox: ctx.outbox, audit: ctx.audit, transaction: ctx.transaction, now: ctx.now },
          [input.content],
          { source: 'csv', by: actor(caller), via: 'merge file' },
        );
        ctx.kickDelivery();
        return ok(summary);
      } catch (error) {
        if (error instanceof MergeFileError) return fail('invalid-input', `The merge file cannot be read: ${error.message}.`);
        throw error;
      }
    },
  };
}
