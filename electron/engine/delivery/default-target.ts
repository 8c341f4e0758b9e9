import { mkdir } from 'node:fs/promises';
import type { AuditLog } from '../audit/audit-log.js';
import type { StationNotice } from '../config/data-folder-access.js';
import { liesWithin } from '../config/folder-paths.js';
import type { OutboxRepository } from '../db/repositories/outbox.js';
import type { Logger } from '../log/logger.js';
import { type FolderTargetConfig, TargetConfig } from '../../../shared/domain/delivery-targets.js';

export const DEFAULT_TARGET_ID = 'local-folder';

/**
 * Where the default import folder goes when the data folder was chosen by hand (`--data-dir`):
 * beside it, never inside it. Inside, the plain copies would sit among the station's encrypted
 * files, travel with every copy and backup of the data folder, and be shut off from the import
 * program by the data folder's 0700.
 */
export const outgoingDirBeside = (dataDir: string) => `${dataDir}-outgoing`;

export interface DefaultTargetDeps {
  outbox: OutboxRepository;
  audit: AuditLog;
  dataDir: string;
  /** The default import folder for this station (see outgoingDirBeside, defaultOutgoingDir). */
  outgoingDir: string;
  log: Logger;
  now: () => Date;
  transaction<T>(work: () => T): T;
}

/**
 * A fresh install gets one plain local folder target, so the product runs end to end at once.
 * A station whose default folder lies inside its data folder (the default of earlier versions)
 * is pointed at the new default: what it delivered stays where it is (never moved: an import
 * program may be reading it, and a delivered file is the repository's), and the station says so.
 */
export async function settleDefaultTarget(deps: DefaultTargetDeps): Promise<StationNotice[]> {
  const { outbox, log } = deps;
  const at = deps.now().toISOString();
  const existing = outbox.targets().find((t) => t.id === DEFAULT_TARGET_ID);
  if (outbox.targets().length === 0) {
    await makeFolder(deps.outgoingDir, log);
    outbox.saveTarget(DEFAULT_TARGET_ID, { kind: 'folder', id: DEFAULT_TARGET_ID, path: deps.outgoingDir, index: { format: 'json' } }, true, at);
    return [];
  }
  const parsed = existing ? TargetConfig.safeParse(existing.config) : null;
  if (!existing || !parsed?.success || parsed.data.kind !== 'folder' || !(await liesWithin(deps.dataDir, parsed.data.path))) return [];
  const from = parsed.data.path;
  await makeFolder(deps.outgoingDir, log);
  const moved: FolderTargetConfig = { ...parsed.data, path: deps.outgoingDir };
  deps.transaction(() => {
    outbox.saveTarget(DEFAULT_TARGET_ID, moved, existing.enabled, at);
    deps.audit.record({ user: null, action: 'settings-changed', details: { setting: 'delivery-target', target: DEFAULT_TARGET_ID, from, to: deps.outgoingDir, why: 'inside-data-folder' } });
  });
  log.warn('delivery.default-folder-moved', { target: DEFAULT_TARGET_ID });
  return [
    {
      code: 'default-folder-moved',
      message: `The import folder ${from} was inside the data folder. The station now delivers to ${deps.outgoingDir}. Documents delivered before stay in ${from}: move them yourself once nothing reads them.`,
    },
  ];
}

/** A folder the default target may write to; one that cannot be made is reported by the deliveries to it. */
async function makeFolder(path: string, log: Logger): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 }).catch(() => log.warn('delivery.default-folder-unavailable', { code: 'mkdir' }));
}

/**
 * What leaves the station in plain form on purpose: every enabled folder target's copy. Said at
 * start-up and in the station status, so nobody takes the import folder for part of the
 * encrypted store.
 */
export function plainTextNotices(targets: readonly { id: string; enabled: boolean; config: unknown }[]): StationNotice[] {
  return targets.flatMap((t) => {
    const parsed = TargetConfig.safeParse(t.config);
    if (!t.enabled || !parsed.success || parsed.data.kind !== 'folder') return [];
    return [
      {
        code: 'plain-text-delivery',
        message: `Documents delivered to the import folder ${parsed.data.path} are written there as plain, unencrypted files (PDF and index). Only people who may see every delivered record should be able to open that folder.`,
      },
    ];
  });
}
