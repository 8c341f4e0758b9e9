import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DateOrder } from '../../../shared/domain/date-order.js';
import { ReviewPolicy } from '../../../shared/domain/review.js';
import { RetentionSettings } from '../../../shared/domain/retention.js';
import { SeparationRules } from '../../../shared/domain/separation-rules.js';
import { StationTargetConfig } from '../delivery/import-folder-path.js';
import { CorrectionPolicy } from '../../../shared/domain/corrections.js';
import { PatientSyncConfig } from '../../../shared/domain/patient-sync.js';

/**
 * The station's config file (`chartdesk.json` in the data folder, or the file named by
 * `--config`). Every key is optional; what it sets is applied at each start and wins over what
 * was saved in Settings, so a site can manage stations from files.
 */
export const StationConfigFile = z.strictObject({
  station: z.strictObject({ name: z.string().trim().min(1).max(64).optional() }).optional(),
  intake: z
    .strictObject({
      dropDir: z.string().min(1).optional(),
      settleMs: z.number().int().min(100).max(600_000).optional(),
      pollMs: z.number().int().min(50).max(60_000).optional(),
      /** "still-time": never take a file by its structure (a scanner that reopens its file to add each page). Default "auto". */
      completion: z.enum(['auto', 'still-time']).optional(),
    })
    .optional(),
  separation: SeparationRules.partial().optional(),
  delivery: z.strictObject({ targets: z.array(StationTargetConfig).max(20).optional() }).optional(),
  /** The headless station's listener (`chartdesk serve`); its command-line options win over these. */
  server: z
    .strictObject({
      host: z.string().trim().min(1).max(255).optional(),
      port: z.number().int().min(0).max(65535).optional(),
      /** PEM files; relative paths are read from the config file's folder. Required for any non-loopback host. */
      tls: z.strictObject({ certFile: z.string().min(1).max(4096), keyFile: z.string().min(1).max(4096) }).optional(),
      /** Names browsers use to reach the station, besides the certificate's own. */
      publicNames: z
        .array(
          z
            .string()
            .trim()
            .max(253)
            .regex(/^[A-Za-z0-9.-]+$/, 'A public name is a host name such as scan-01.hospital.example.'),
        )
        .max(20)
        .optional(),
    })
    .optional(),
  /** QC review rule, e.g. { "required": false } for a station that does no review. */
  review: ReviewPolicy.partial().optional(),
  /** Days the station keeps its copies, e.g. { "deliveredDays": 14, "quarantineDays": 0 } (0: until an admin deletes). */
  retention: RetentionSettings.partial().optional(),
  /** How the hospital writes dates, e.g. { "order": "month-first" }; wins over Settings and the computer's locale. */
  dates: z.strictObject({ order: DateOrder.optional() }).optional(),
  /** Corrections of delivered documents, e.g. { "secondReviewer": false } where one reviewer may send their own. */
  corrections: CorrectionPolicy.partial().optional(),
  /** The hospital's FHIR Patient endpoint, read every intervalMinutes (see docs/corrections-and-patient-sync.md). */
  patientSync: PatientSyncConfig.optional(),
});
export type StationConfigFile = z.infer<typeof StationConfigFile>;

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

/** The config file `chartdesk serve` and the station read: the one named, else chartdesk.json in the data folder. */
export const stationConfigPath = (dataDir: string, configFile?: string): string => (configFile ? resolve(configFile) : join(resolve(dataDir), 'chartdesk.json'));

/** Reads and validates a config file; a missing default file is no config, a broken one is an error. */
export async function readStationConfig(path: string, required: boolean): Promise<StationConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigFileError(`The config file ${path} cannot be read.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigFileError(`The config file ${path} is not valid JSON.`);
  }
  const parsed = StationConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigFileError(`The config file ${path} is not valid at ${issue.path.join('.') || 'the top'}: ${issue.message}`);
  }
  return parsed.data;
}
