import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { QuarantineReason } from '../../../shared/domain/intake.js';
import type { DecodeOutcome, StoredPage } from '../imaging/decode-scan.js';
import type { SealedDecodeTask } from '../imaging/sealed-decode.worker.js';
import type { ScanLimits } from '../imaging/limits.js';
import { ContentStore } from '../storage/content-store.js';
import { WorkerTaskError } from '../workers/worker-pool.js';

export interface QuarantinePreviewDeps {
  /** The isolated decoder for previews: its own pool, so a preview never holds up intake. */
  decoder: { run(task: SealedDecodeTask): Promise<DecodeOutcome>; close(): Promise<void> };
  /** A folder of the station's own, emptied at start and close: decoded pages live here, sealed, while shown. */
  folder: string;
  fileKey: Uint8Array;
  limits: ScanLimits;
}

export type PreviewOutcome = { decodable: true; pages: StoredPage[] } | { decodable: false; reason: QuarantineReason; detail: string | null };

const workerReasons: Record<Exclude<WorkerTaskError['code'], 'closed'>, QuarantineReason> = {
  timeout: 'decode-timeout',
  'out-of-memory': 'decode-out-of-memory',
  crashed: 'decode-crashed',
};

/** How many decoded files are kept at once for paging through (an administrator looks at one or two). */
const KEPT = 3;

/**
 * Shows an administrator the pages of a quarantined file where they can be decoded. The file is
 * as untrusted as when it was set aside: it is decoded on demand, inside a decoder isolate with
 * the same caps as intake, straight from its sealed copy (never written out in plain text); the
 * page images are sealed in a scratch folder, kept for the last few files, and removed after.
 */
export class QuarantinePreview {
  private readonly kept = new Map<string, Promise<PreviewOutcome>>();

  constructor(private readonly deps: QuarantinePreviewDeps) {}

  /** Decodes the file (once while it is kept) and says what was found. */
  open(entryId: string, sealedPath: string): Promise<PreviewOutcome> {
    const known = this.kept.get(entryId);
    if (known) {
      // Most recently used last, so the oldest is the one to go.
      this.kept.delete(entryId);
      this.kept.set(entryId, known);
      return known;
    }
    const decoding = this.decode(entryId, sealedPath);
    this.kept.set(entryId, decoding);
    // A failed decode is not kept: the next look tries again (the caps may have been raised).
    void decoding.then(
      (o) => (o.decodable ? undefined : this.forget(entryId)),
      () => this.forget(entryId),
    );
    for (const old of [...this.kept.keys()].slice(0, Math.max(0, this.kept.size - KEPT))) void this.forget(old);
    return decoding;
  }

  /** One page's screen image (JPEG), decoding the file again if it is no longer kept. */
  async pageImage(entryId: string, sealedPath: string, pageNumber: number, variant: 'view' | 'thumb'): Promise<Buffer | null> {
    const outcome = await this.open(entryId, sealedPath);
    if (!outcome.decodable) return null;
    const page = outcome.pages[pageNumber - 1];
    if (!page) return null;
    return ContentStore.at(this.storeOf(entryId)).read(variant === 'view' ? page.viewSha256 : page.thumbSha256);
  }

  /** Drops what is kept of an entry (its file was deleted, or it is no longer looked at). */
  async forget(entryId: string): Promise<void> {
    this.kept.delete(entryId);
    await rm(join(this.deps.folder, entryId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    this.kept.clear();
    await this.deps.decoder.close();
    await rm(this.deps.folder, { recursive: true, force: true });
  }

  private storeOf(entryId: string) {
    return { root: join(this.deps.folder, entryId), key: this.deps.fileKey };
  }

  private async decode(entryId: string, sealedPath: string): Promise<PreviewOutcome> {
    let outcome: DecodeOutcome;
    try {
      outcome = await this.deps.decoder.run({ sealedPath, key: this.deps.fileKey, store: this.storeOf(entryId), limits: this.deps.limits });
    } catch (error) {
      if (!(error instanceof WorkerTaskError) || error.code === 'closed') throw error;
      return { decodable: false, reason: workerReasons[error.code], detail: error.message };
    }
    return outcome.ok ? { decodable: true, pages: outcome.pages } : { decodable: false, reason: outcome.reason, detail: outcome.detail };
  }
}
