import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { RecognitionRepository, RecognitionWork } from '../db/repositories/recognition.js';
import type { Logger } from '../log/logger.js';
import { documentIdFor } from '../separation/document-id.js';
import { separateBatch } from '../separation/separate-batch.js';
import type { SeparationRules } from '../../../shared/domain/separation-rules.js';
import type { ContentStore } from '../storage/content-store.js';
import { type WorkerPool, WorkerTaskError } from '../workers/worker-pool.js';
import type { FastFacts, OcrResult, RecognitionResult, RecognitionTask } from './recognition-task.js';

type Pool = Pick<WorkerPool<RecognitionTask, RecognitionResult, FastFacts>, 'run' | 'close'>;

export interface RecognitionSchedulerOptions {
  db: Database;
  repo: RecognitionRepository;
  store: ContentStore;
  /** Barcodes, blank, orientation: short tasks with their own worker, so a new scan never waits behind OCR. */
  fastPool: Pool;
  fastConcurrency: number;
  ocrPool: Pool;
  ocrConcurrency: number;
  /**
   * Read the text of pages (default true). Off (`chartdesk process --no-ocr`), only the fast
   * path runs: barcodes, blank pages, rotation and the split into documents, without text.
   */
  readText?: boolean;
  rules: () => SeparationRules;
  maxAttempts: number;
  retryDelayMs: number;
  now: () => Date;
  log: Logger;
  /** A page's result committed (`pageId`: the page whose recognition moved). */
  onProgress: (batchId: string, pageId: string) => void;
  /** Runs in the transaction, just before a batch is split again (privacy remembers sensitive pages). */
  beforeResplit?: (batchId: string) => void;
  /** Runs in the transaction that records a page's text (indexing keeps what the text says about the patient). */
  onTextRecorded?: (pageId: string, text: string) => void;
  /**
   * Tests only: a page's whole fast result (orientation, skew, images) commits once this
   * resolves; its facts (barcodes, blank) commit as soon as they come, as always.
   */
  beforeFastCommit?: (pageId: string) => Promise<void>;
}

/**
 * Drives recognition from the database: pending rows are the queue, so work resumes after a
 * restart exactly where it stopped. Fast path first for every page (separation and the
 * patient suggestion need only that), full OCR after. Each result commits in one transaction
 * together with the batch's new split into documents. The fast path commits twice: its facts
 * (barcodes, blank) as soon as the barcode pass ends, so the clerk sees the patient suggestion
 * without waiting for orientation and the upright images, then the whole result.
 */
export class RecognitionScheduler {
  private readonly fastBusy = new Set<string>();
  private readonly ocrBusy = new Set<string>();
  private readonly cooling = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private pumping = false;

  constructor(private readonly o: RecognitionSchedulerOptions) {}

  /**
   * Starts every worker's engines in the background, so the first scan of the day gets its
   * suggestion as fast as the hundredth. Failures are left for the first real task to report.
   */
  warm(): void {
    for (let i = 0; i < this.o.fastConcurrency; i++) void this.o.fastPool.run({ kind: 'warm', stage: 'fast' }).catch(() => undefined);
    if (!this.readsText) return;
    for (let i = 0; i < this.o.ocrConcurrency; i++) void this.o.ocrPool.run({ kind: 'warm', stage: 'ocr' }).catch(() => undefined);
  }

  /** Looks for work; call after anything adds pages. */
  kick(): void {
    if (this.closed || this.pumping) return;
    this.pumping = true;
    try {
      const fastBlocked = new Set([...this.fastBusy, ...this.cooling]);
      for (const work of this.o.repo.nextFast(this.o.fastConcurrency - this.fastBusy.size, fastBlocked)) this.startFast(work);
      const ocrBlocked = new Set([...this.ocrBusy, ...this.cooling]);
      if (this.readsText) for (const work of this.o.repo.nextOcr(this.o.ocrConcurrency - this.ocrBusy.size, ocrBlocked)) this.startOcr(work);
    } finally {
      this.pumping = false;
    }
    this.settleIdle();
  }

  private get readsText(): boolean {
    return this.o.readText !== false;
  }

  get busy(): number {
    return this.fastBusy.size + this.ocrBusy.size;
  }

  /** Resolves when nothing is pending or running (pages cooling down after a failure count as pending). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.settleIdle();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.o.fastPool.close(), this.o.ocrPool.close()]);
  }

  private startFast(work: RecognitionWork): void {
    const task: RecognitionTask = { kind: 'fast', masterSha256: work.imageSha256, dpi: work.dpi, store: this.o.store.location };
    this.start(work, this.fastBusy, this.o.fastPool, task, (facts) => this.commitFacts(work, facts));
  }

  private startOcr(work: RecognitionWork): void {
    const task: RecognitionTask = { kind: 'ocr', imageSha256: work.imageSha256, dpi: work.dpi, store: this.o.store.location, blankCheck: work.blank === true };
    this.start(work, this.ocrBusy, this.o.ocrPool, task);
  }

  /** Runs the page's task on its pool; the page is busy (not offered again) until its result is committed. */
  private start(work: RecognitionWork, busy: Set<string>, pool: Pool, task: Extract<RecognitionTask, { kind: 'fast' | 'ocr' }>, onFacts?: (facts: FastFacts) => void): void {
    busy.add(work.pageId);
    void pool
      .run(task, onFacts)
      .catch((error: unknown) => this.failureOf(task.kind, error))
      .then(async (result) => {
        if (task.kind === 'fast') await this.o.beforeFastCommit?.(work.pageId);
        busy.delete(work.pageId);
        if (this.closed) return;
        this.commit(work, result);
      });
  }

  private failureOf(kind: 'fast' | 'ocr', error: unknown): RecognitionResult {
    const reason = error instanceof WorkerTaskError ? `worker ${error.code}` : 'worker failed';
    // The pool replaces a dead worker when a task next needs one; the next scan must not wait
    // for its engines to start.
    if (kind === 'fast' && error instanceof WorkerTaskError && error.code !== 'closed' && !this.closed) {
      void this.o.fastPool.run({ kind: 'warm', stage: 'fast' }).catch(() => undefined);
    }
    return { ok: false, kind, reason };
  }

  /** The page's barcodes and blank decision, and the split they give, before the rest of its fast path. */
  private commitFacts(work: RecognitionWork, facts: FastFacts): void {
    if (this.closed) return;
    const committed = this.inTransaction(work, () => {
      this.o.repo.recordFacts(work.pageId, facts);
      this.resplit(work.batchId, this.o.now().toISOString());
    });
    if (committed) this.o.onProgress(work.batchId, work.pageId);
  }

  private commit(work: RecognitionWork, result: RecognitionResult): void {
    const at = this.o.now().toISOString();
    const committed = this.inTransaction(work, () => {
      if (result.ok && result.kind === 'fast') this.o.repo.recordFast(work.pageId, result, at);
      else if (result.ok && result.kind === 'ocr') return this.recordText(work, result, at);
      else if (result.ok) return;
      else if (this.o.repo.recordFailure(work.pageId, result.kind, result.reason, this.o.maxAttempts) === 'retry') this.coolDown(work.pageId);
      // Any fast-path outcome can move a split point.
      if (!result.ok || result.kind === 'fast') this.resplit(work.batchId, at);
    });
    if (!committed) return;
    if (!result.ok) this.o.log.warn('recognition.failed', { pageId: work.pageId, code: result.kind, reason: result.reason });
    this.o.onProgress(work.batchId, work.pageId);
    this.kick();
  }

  /** Runs `write` as one transaction; false when it could not commit. */
  private inTransaction(work: RecognitionWork, write: () => void): boolean {
    try {
      this.o.db.transaction(write).immediate();
      return true;
    } catch (error) {
      // The database is closing or failed: the row stays pending and is redone on the next start.
      this.o.log.error('recognition.commit-failed', { pageId: work.pageId, code: (error as Error).name });
      return false;
    }
  }

  private resplit(batchId: string, at: string): void {
    this.o.beforeResplit?.(batchId);
    this.o.repo.replaceDocuments(batchId, separateBatch(this.o.repo.pageFacts(batchId), this.o.rules()), at);
  }

  /**
   * The text of a page. A page judged blank from its image is read as a check: when OCR finds
   * words on it, it is content after all and goes back to its document (whose QC then warns
   * about it), unless that would change a document already confirmed: then it stays set aside,
   * marked, and the QC of the document before it warns. Whatever OCR made of a page that stays
   * blank is not kept.
   */
  private recordText(work: RecognitionWork, result: OcrResult, at: string): void {
    const blank = this.o.repo.isBlank(work.pageId);
    const kept = blank && result.textFound !== true ? { ...result, text: '', words: [] } : result;
    this.o.repo.recordOcr(work.pageId, kept, at);
    this.o.onTextRecorded?.(work.pageId, kept.text);
    if (!blank || result.textFound !== true) return;
    const facts = this.o.repo.pageFacts(work.batchId).map((page) => (page.pageId === work.pageId ? { ...page, blank: false } : page));
    const split = separateBatch(facts, this.o.rules());
    const confirmed = this.o.repo.confirmedDocumentPages(work.batchId);
    const changesConfirmed = [...confirmed].some(([id, pages]) => {
      const now = split.documents.find((d) => documentIdFor(work.batchId, d.pageIds[0]!) === id);
      return !now || now.pageIds.join() !== pages.join();
    });
    this.o.repo.recordTextOnBlank(work.pageId, !changesConfirmed);
    if (!changesConfirmed) this.o.repo.replaceDocuments(work.batchId, split, at);
    this.o.log.info('recognition.text-on-blank', { pageId: work.pageId, code: changesConfirmed ? 'kept-aside' : 'returned' });
  }

  private coolDown(pageId: string): void {
    this.cooling.add(pageId);
    setTimeout(() => {
      this.cooling.delete(pageId);
      this.kick();
    }, this.o.retryDelayMs).unref();
  }

  private settleIdle(): void {
    if (this.busy > 0 || this.cooling.size > 0) return;
    // Pages whose fast path failed for good have OCR failed too. Without text reading, OCR's
    // pending rows stay pending: they are not this run's work.
    const backlog = this.o.repo.backlog();
    if ((backlog.fast ?? 0) > 0 || (this.readsText && (backlog.ocr ?? 0) > 0)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}
