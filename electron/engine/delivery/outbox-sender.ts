import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { OutboxItem, OutboxRepository } from '../db/repositories/outbox.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../log/logger.js';
import type { Connector, DeliveryOutcome, DeliveryPackage, RetractionPackage } from './delivery-package.js';

/**
 * A named moment inside a delivery where the crash harness kills the process: the repository
 * has committed the document (or, for the second point, a correction) and answered, and the
 * outbox row does not say so yet. A restart must send it again and the connector must
 * recognise the earlier delivery.
 */
export type DeliveryCrashPoint = 'after-repository-answered' | 'after-correction-answered';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export interface OutboxSenderOptions {
  db: Database;
  outbox: OutboxRepository;
  /** The row's target; a correction's row may name the settings its original was delivered with. */
  connectorFor: (item: OutboxItem) => Connector | null;
  /**
   * Builds what goes out. The PDF is rendered durably before the first attempt; with a pinned
   * hash (it may already be at a repository) the same bytes are sent again.
   */
  buildPackage: (item: OutboxItem, pinnedPdfSha256: string | null) => Promise<DeliveryPackage>;
  /** What a 'retract' row withdraws (it has no PDF). */
  buildRetraction?: (item: OutboxItem) => RetractionPackage;
  /** Why this row must not leave now (e.g. its patient's MRN was retired by a merge), or null. */
  refusal?: (item: OutboxItem) => string | null;
  concurrency: number;
  backoff: Backoff;
  /** Give up after this many attempts (the CLI's batch mode); the station retries for ever. */
  maxAttempts: number;
  attemptTimeoutMs: number;
  now: () => Date;
  random: () => number;
  log: Logger;
  audit?: AuditLog;
  onChange: (documentId: string) => void;
  /** Hold a document until OCR has read all its pages (when the station runs OCR). */
  waitForText: boolean;
  /** Test and crash-harness hook only; the stations never set it. */
  crashPoint?: (point: DeliveryCrashPoint) => void;
}

/**
 * Exponential backoff with jitter: the k-th retry waits between half and all of base*2^(k-1),
 * capped, so a station that was offline for hours does not hammer the repository when it
 * comes back, and many stations do not retry in step. A server's Retry-After is honoured.
 */
export function retryDelay(attempts: number, backoff: Backoff, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Sends the outbox, a few items at a time, oldest first and in order per patient. Every state
 * change is one transaction; a crash in the middle leaves a 'delivering' row that the next
 * start puts back in line, and the idempotent connectors make the repeat harmless.
 */
export class OutboxSender {
  private readonly busy = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly aborts = new Set<AbortController>();
  private waiters: { ids: Set<string>; resolve: () => void }[] = [];

  constructor(private readonly o: OutboxSenderOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const reset = this.o.outbox.resetInterrupted(this.o.now().toISOString());
    if (reset > 0) this.o.log.info('outbox.resumed', { count: reset });
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const abort of this.aborts) abort.abort();
    const deadline = Date.now() + 10_000;
    while (this.busy.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /** Resolves when none of these documents has an item pending or on its way. */
  whenSettled(documentIds: readonly string[]): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ ids: new Set(documentIds), resolve });
      this.settle();
    });
  }

  /** Looks for due work now (after a confirmation, an admin retry, or a timer). */
  kick(): void {
    if (!this.running) return;
    const free = this.o.concurrency - this.busy.size;
    if (free > 0) for (const item of this.o.outbox.due(this.o.now().toISOString(), free, this.busy, { waitForText: this.o.waitForText })) this.send(item);
    this.scheduleWake();
    this.settle();
  }

  private scheduleWake(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.o.outbox.nextDueAt({ waitForText: this.o.waitForText });
    if (!next || !this.running) return;
    const wait = Math.max(50, Math.min(60_000, new Date(next).getTime() - this.o.now().getTime()));
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private send(item: OutboxItem): void {
    this.busy.add(item.id);
    const at = () => this.o.now().toISOString();
    this.o.db.transaction(() => this.o.outbox.markDelivering(item.id, at())).immediate();
    this.o.onChange(item.documentId);
    void this.attempt(item)
      .then((outcome) => {
        if (outcome.kind === 'delivered') {
          this.o.crashPoint?.('after-repository-answered');
          if (item.action !== 'provide') this.o.crashPoint?.('after-correction-answered');
        }
        this.record(item, outcome);
      })
      .catch((error: unknown) => {
        // Unexpected (a bug or the database closing): leave the row 'delivering'; the next start retries it.
        this.o.log.error('outbox.attempt-crashed', { code: (error as Error).name });
      })
      .finally(() => {
        this.busy.delete(item.id);
        this.o.onChange(item.documentId);
        this.kick();
      });
  }

  private async attempt(item: OutboxItem): Promise<DeliveryOutcome> {
    const connector = this.o.connectorFor(item);
    if (!connector) return { kind: 'failed', reason: 'The delivery target of this document no longer exists in the settings.' };
    const refused = this.o.refusal?.(item) ?? null;
    if (refused) return { kind: 'failed', reason: refused };
    if (item.action === 'retract') {
      if (!this.o.buildRetraction) return { kind: 'failed', reason: 'This station cannot send retractions.' };
      return this.withTimeout((signal) => connector.retract(this.o.buildRetraction!(item), signal));
    }
    let pkg: DeliveryPackage;
    // Every target gets the PDF the first attempt for the document sent.
    const pinned = item.pdfSha256 ?? this.o.outbox.forDocument(item.documentId).find((i) => i.pdfSha256)?.pdfSha256 ?? null;
    try {
      pkg = await this.o.buildPackage(item, pinned);
      // Recorded before anything is sent: from here on a retry must send these very bytes.
      if (pkg.pdf.sha256 !== item.pdfSha256) this.o.db.transaction(() => this.o.outbox.setPdf(item.id, pkg.pdf.path, pkg.pdf.sha256, this.o.now().toISOString())).immediate();
    } catch (error) {
      return { kind: 'retry', reason: `The PDF could not be prepared (${(error as Error).name}).` };
    }
    return this.withTimeout((signal) => connector.deliver(pkg, signal));
  }

  private async withTimeout(work: (signal: AbortSignal) => Promise<DeliveryOutcome>): Promise<DeliveryOutcome> {
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), this.o.attemptTimeoutMs);
    try {
      return await work(abort.signal);
    } catch (error) {
      return { kind: 'retry', reason: abort.signal.aborted ? 'The delivery took too long and was stopped.' : `The delivery failed unexpectedly (${(error as Error).name}).` };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
  }

  private record(item: OutboxItem, outcome: DeliveryOutcome): void {
    const now = this.o.now();
    const at = now.toISOString();
    const attempts = item.attempts + 1;
    this.o.db
      .transaction(() => {
        const subject = { type: 'document', id: item.documentId };
        if (outcome.kind === 'delivered') {
          this.o.outbox.markDelivered(item.id, outcome.receipt, at);
          this.o.audit?.record({
            user: null,
            action: 'delivery-delivered',
            subject,
            details: { target: item.targetId, receipt: outcome.receipt, attempts, ...(item.action !== 'provide' ? { action: item.action, replaces: item.replacesDocumentId } : {}) },
          });
        } else if (outcome.kind === 'failed' || attempts >= this.o.maxAttempts) {
          this.o.outbox.markFailed(item.id, outcome.reason, at);
          this.o.audit?.record({ user: null, action: 'delivery-failed', subject, details: { target: item.targetId, reason: outcome.reason, attempts } });
        } else {
          const delay = retryDelay(attempts, this.o.backoff, this.o.random, outcome.retryAfterMs);
          this.o.outbox.markRetry(item.id, outcome.reason, new Date(now.getTime() + delay).toISOString(), at);
        }
      })
      .immediate();
    if (outcome.kind === 'delivered') this.o.log.info('outbox.delivered', { code: item.targetId });
    else this.o.log.warn('outbox.not-delivered', { code: item.targetId, reason: outcome.kind });
  }

  private settle(): void {
    if (this.waiters.length === 0) return;
    this.waiters = this.waiters.filter((w) => {
      const open = [...w.ids].some((id) => this.o.outbox.forDocument(id).some((i) => i.state === 'pending' || i.state === 'delivering'));
      if (!open) w.resolve();
      return open;
    });
  }
}
