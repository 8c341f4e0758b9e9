import { access } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { type QuarantineEntry, retryableQuarantineReasons } from '../../../shared/domain/intake.js';
import type { AuditLog, AuditUser } from '../audit/audit-log.js';
import type { IntakeLogRepository } from '../db/repositories/intake-log.js';
import { writeFileDurably } from '../storage/durable-file.js';
import { readSealedFile } from '../storage/sealed-file.js';
import { isTransientName } from './completeness.js';

export interface QuarantineReleaseDeps {
  intakeLog: IntakeLogRepository;
  audit: AuditLog;
  transaction<T>(work: () => T): T;
  dropDir(): string;
  fileKey: Uint8Array;
  now(): Date;
}

export type QuarantineRelease = { ok: true; entry: QuarantineEntry; droppedAs: string } | { ok: false; code: 'not-found' | 'conflict'; message: string };

/**
 * The name the file is dropped under: its original name made safe for a folder (the name is
 * data from a scanner or a sender, and may hold path parts, control characters or 300 letters),
 * and never one the watcher would skip as a scanner's temporary file.
 */
export function dropNameFor(originalName: string, quarantineId: string): string {
  const base = basename(originalName.replaceAll('\\', '/'))
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .trim();
  const ext = extname(base).slice(0, 10);
  const stem = base.slice(0, base.length - ext.length).slice(0, 100);
  const name = `${stem}${ext}`;
  if (stem && !isTransientName(name)) return name;
  const fallback = `quarantine-${quarantineId}`;
  return isTransientName(`${fallback}${ext}`) ? fallback : `${fallback}${ext}`;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Sends a quarantined file back to the drop folder, to be read again as if just scanned. Only
 * for reasons that say nothing about the file (see retryableQuarantineReasons): a cut-off or
 * damaged file would only come back. The file is written to the drop folder (temp, fsync,
 * rename) before the entry is marked released, so a crash in between leaves the file to be
 * read and the entry still set aside, never neither; the sealed copy stays until retention.
 */
export async function releaseFromQuarantine(deps: QuarantineReleaseDeps, quarantineId: string, user: AuditUser): Promise<QuarantineRelease> {
  const entry = deps.intakeLog.quarantineEntry(quarantineId);
  if (!entry) return { ok: false, code: 'not-found', message: 'There is no such quarantined file.' };
  if (!retryableQuarantineReasons.has(entry.reason)) {
    return { ok: false, code: 'conflict', message: 'This file was set aside for what is in it; reading it again would set it aside again. Scan the pages again instead.' };
  }
  if (entry.releasedAt) return { ok: false, code: 'conflict', message: 'This file was already sent back to intake.' };
  if (entry.fileRemoved) return { ok: false, code: 'conflict', message: 'Retention has removed the stored copy of this file; scan the pages again.' };

  const bytes = await readSealedFile(entry.storedPath, deps.fileKey);
  const folder = deps.dropDir();
  let name = dropNameFor(entry.originalName, entry.id);
  if (await exists(join(folder, name))) name = `${entry.id.slice(0, 8)}-${name}`;
  await writeFileDurably(join(folder, name), bytes);

  const at = deps.now().toISOString();
  const released = deps.transaction(() => {
    if (!deps.intakeLog.markReleased(entry.id, at, user.name)) return false;
    deps.audit.record({ user, action: 'quarantine-released', subject: { type: 'quarantine', id: entry.id }, details: { reason: entry.reason, sha256: entry.sha256 } });
    return true;
  });
  // Released by someone else in the meantime: their copy is already in the drop folder, and the
  // station recognises this one as the same file (a duplicate), so nothing is read twice.
  if (!released) return { ok: false, code: 'conflict', message: 'This file was already sent back to intake.' };
  return { ok: true, entry: deps.intakeLog.quarantineEntry(entry.id)!, droppedAs: name };
}
