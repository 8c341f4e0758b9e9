import type { PatientSyncStatus } from '../../../shared/domain/patient-sync.js';
import type { AuditUser } from '../audit/audit-log.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import { mrnOf } from '../indexing/patient-index/fhir-patients.js';
import { importFhirBundle } from '../indexing/patient-index/index.js';
import type { Logger } from '../log/logger.js';
import { FhirPatientFeed, type FhirJson, PatientFeedError } from './fhir-patient-feed.js';
import { type MergeDeps, applyPatientMerge } from './patient-merge.js';
import { patientSyncConfigOf, patientSyncStatusOf, savePatientSyncStatus } from './patient-sync-settings.js';
import { type PatientSyncConfig } from '../../../shared/domain/patient-sync.js';

export interface PatientSyncDeps extends MergeDeps {
  settings: SettingsRepository;
  log: Logger;
  /** For token expiry in tests. */
  clock?: () => number;
}

type Link = { type?: string; other?: { reference?: string; identifier?: { system?: string; value?: string } } };

const linksOf = (patient: FhirJson): Link[] => (Array.isArray(patient.link) ? (patient.link as Link[]) : []);
const lastUpdatedOf = (patient: FhirJson) => (patient.meta as { lastUpdated?: unknown } | undefined)?.lastUpdated;

/**
 * Keeps the patient index current from the hospital's FHIR Patient endpoint: on a schedule (and
 * on request), the patients changed since the last run are read (incremental by _lastUpdated),
 * added or updated by MRN like an import, and merges applied: a Patient with a `link` of type
 * `replaced-by` (or a survivor that `replaces` another) retires the old MRN into the survivor's,
 * each merge in its own transaction (patient-merge.ts). One run at a time; the outcome is kept
 * as the status line Settings shows.
 */
export class PatientSync {
  private running: Promise<PatientSyncStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly d: PatientSyncDeps) {}

  status(): PatientSyncStatus {
    const status = patientSyncStatusOf(this.d.settings);
    const config = patientSyncConfigOf(this.d.settings);
    return { ...status, nextRunAt: config?.enabled ? this.nextRunAt(config, status) : null };
  }

  /** Runs now (or joins the run in progress); `by` is who asked (null: the schedule). */
  run(via: string, by: AuditUser | null = null): Promise<PatientSyncStatus> {
    this.running ??= this.runOnce(via, by).finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  /** (Re)arms the timer from the saved settings: after a start, a run and a settings change. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const config = patientSyncConfigOf(this.d.settings);
    if (this.stopped || !config?.enabled) return;
    const due = new Date(this.nextRunAt(config, patientSyncStatusOf(this.d.settings))).getTime();
    // setTimeout takes at most about 24.8 days; the interval is at most a day.
    this.timer = setTimeout(() => void this.run('schedule').catch(() => undefined), Math.max(1_000, due - this.d.now().getTime()));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private nextRunAt(config: PatientSyncConfig, status: PatientSyncStatus): string {
    const last = status.lastRunAt ? new Date(status.lastRunAt).getTime() : 0;
    return new Date(Math.max(last + config.intervalMinutes * 60_000, this.d.now().getTime())).toISOString();
  }

  private async runOnce(via: string, by: AuditUser | null): Promise<PatientSyncStatus> {
    const previous = patientSyncStatusOf(this.d.settings);
    const at = this.d.now().toISOString();
    const config = patientSyncConfigOf(this.d.settings);
    if (!config) {
      const status = { ...previous, lastRunAt: at, error: 'Patient sync is not set up: an administrator enters the FHIR address in Settings > Patient sync.' };
      savePatientSyncStatus(this.d.settings, status);
      return status;
    }
    let status: PatientSyncStatus;
    try {
      const feed = new FhirPatientFeed(config, this.d.clock ? { now: this.d.clock } : {});
      const signal = AbortSignal.timeout(Math.max(60_000, config.timeoutMs * 20));
      const changed = await feed.changedSince(previous.watermark, signal);
      const options = config.mrnSystem ? { mrnSystem: config.mrnSystem } : {};
      const imported = await importFhirBundle(this.d.patients, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: changed.map((resource) => ({ resource })) }), {
        ...options,
        now: this.d.now,
      });
      const merges = await this.applyMerges(changed, feed, config, signal);
      const watermark = changed
        .map(lastUpdatedOf)
        .filter((v): v is string => typeof v === 'string')
        .reduce((max, v) => (v > max ? v : max), previous.watermark ?? '');
      status = {
        ...previous,
        lastRunAt: at,
        lastSuccessAt: at,
        changed: imported.inserted + imported.updated,
        merged: merges.applied,
        rejected: imported.rejected.length + merges.rejected,
        error: merges.rejected > 0 ? `${merges.rejected} merge(s) could not be applied (a surviving patient is missing from the feed); see the audit trail.` : null,
        watermark: watermark || null,
      };
      this.d.audit.record({
        user: by,
        action: 'patients-synced',
        details: { via, inserted: imported.inserted, updated: imported.updated, unchanged: imported.unchanged, rejected: imported.rejected.length, merged: merges.applied },
      });
    } catch (error) {
      if (!(error instanceof PatientFeedError)) this.d.log.error('patient-sync.failed', { code: (error as Error).name });
      status = { ...previous, lastRunAt: at, error: error instanceof PatientFeedError ? error.message : 'The patient sync failed unexpectedly; it will try again at its next run.' };
    }
    savePatientSyncStatus(this.d.settings, status);
    return status;
  }

  /** Merges named by the changed patients, each in its own transaction once both MRNs are known. */
  private async applyMerges(changed: FhirJson[], feed: FhirPatientFeed, config: PatientSyncConfig, signal: AbortSignal): Promise<{ applied: number; rejected: number }> {
    const options = config.mrnSystem ? { mrnSystem: config.mrnSystem } : {};
    const byReference = new Map(changed.map((p) => [`Patient/${p.id}`, p]));
    const mrnOfOther = async (other: Link['other']): Promise<string | null> => {
      const id = other?.identifier;
      if (id?.value && (!config.mrnSystem || id.system === config.mrnSystem)) return id.value;
      if (!other?.reference) return null;
      const reference = other.reference.replace(/^.*?(Patient\/[^/]+)$/, '$1');
      let patient = byReference.get(reference) ?? null;
      if (!patient) {
        patient = await feed.read(reference, signal);
        // A survivor not changed since the last run is read now, and taken into the index first.
        if (patient) await importFhirBundle(this.d.patients, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] }), { ...options, now: this.d.now });
      }
      return patient ? (mrnOf(patient, options) ?? null) : null;
    };
    let applied = 0;
    let rejected = 0;
    const merge = (retired: string | null | undefined, surviving: string | null) => {
      if (!retired || !surviving) {
        rejected++;
        return;
      }
      const outcome = applyPatientMerge(this.d, retired, surviving, { source: 'fhir', by: null, via: 'patient sync' });
      if (outcome.kind === 'applied') applied++;
      else if (outcome.kind === 'rejected') {
        rejected++;
        this.d.log.warn('patient-sync.merge-rejected', { code: 'merge' });
      }
    };
    for (const patient of changed) {
      for (const link of linksOf(patient)) {
        if (link.type === 'replaced-by') merge(mrnOf(patient, options), await mrnOfOther(link.other));
        else if (link.type === 'replaces') merge(await mrnOfOther(link.other), mrnOf(patient, options) ?? null);
      }
    }
    return { applied, rejected };
  }
}
