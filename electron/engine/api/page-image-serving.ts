import type { AuditLog } from '../audit/audit-log.js';
import type { Accounts } from '../auth/accounts.js';
import { TamperedFileError } from '../crypto/file-cipher.js';
import type { BatchRepository } from '../db/repositories/batches.js';
import type { SettingsRepository } from '../db/repositories/settings.js';
import type { EngineEvents } from '../events.js';
import type { Logger } from '../log/logger.js';
import { type SensitiveAccess, blurredJpeg } from '../privacy/sensitive-access.js';
import { retentionSettingsOf } from '../retention/retention-settings.js';
import type { Station } from '../station-types.js';
import type { ContentStore } from '../storage/content-store.js';
import { type OpenedRecords, recordPageImageRead } from './opened-records.js';

export interface PageImageServingDeps {
  accounts: Pick<Accounts, 'authenticate'>;
  batches: Pick<BatchRepository, 'pageImage'>;
  opened: OpenedRecords;
  audit: Pick<AuditLog, 'record'>;
  sensitive: Pick<SensitiveAccess, 'documentOfPage' | 'mustBlurPage'>;
  settings: SettingsRepository;
  store: Pick<ContentStore, 'read'>;
  events: Pick<EngineEvents, 'emit'>;
  log: Logger;
}

/** The station stores every page image as a JPEG (thumbnail and view alike). */
const pageImageType = 'image/jpeg';

/**
 * A page's image for a screen, with the checks every read of one needs: a signed-in session, the
 * read recorded in the audit trail (once per opening), a sensitive document's pages blurred until
 * the session stated a reason, and a stored file that fails its integrity check reported, never
 * shown as if it were the scan.
 */
export function servePageImages(d: PageImageServingDeps): Station['readPageImage'] {
  // A tampered image is found again each time a screen asks for it: the trail and the screens are
  // told once per stored file per run, the log every time.
  const tamperedReported = new Set<string>();
  const reportTamperedImage = (pageId: string, storedId: string, viewer: { id: string; username: string }) => {
    d.log.error('storage.tampered', { code: 'tampered', pageId, storedId });
    if (tamperedReported.has(storedId)) return;
    tamperedReported.add(storedId);
    d.audit.record({ user: { id: viewer.id, name: viewer.username }, action: 'storage-tampered', subject: { type: 'page', id: pageId }, details: { storedId } });
    d.events.emit({ type: 'storage.tampered', pageId });
  };

  return async (pageId, variant, sessionToken) => {
    const viewer = d.accounts.authenticate(sessionToken);
    if (!viewer) return null;
    const image = d.batches.pageImage(pageId, variant);
    if (!image) return null;
    recordPageImageRead({ opened: d.opened, audit: d.audit, documentOfPage: (id) => d.sensitive.documentOfPage(id) }, sessionToken, viewer, { pageId, batchId: image.batchId });
    if (image.purged) return { purged: true as const, retentionDays: retentionSettingsOf(d.settings).deliveredDays };
    try {
      const bytes = await d.store.read(image.sha256);
      // A sensitive document's pages stay blurred until this session stated a reason (audited).
      return { contentType: pageImageType, bytes: d.sensitive.mustBlurPage(sessionToken, pageId) ? await blurredJpeg(bytes) : bytes };
    } catch (error) {
      if (error instanceof TamperedFileError) reportTamperedImage(pageId, error.fileId, viewer);
      throw error;
    }
  };
}
