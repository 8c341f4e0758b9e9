import { z } from 'zod';

/**
 * What the engine announces. Events carry ids only (never PHI): the UI refetches what it shows.
 * Tests wait on these instead of sleeping.
 */
export const EngineEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('batch.created'), batchId: z.string() }),
  z.object({ type: z.literal('intake.recorded'), recordId: z.string(), outcome: z.enum(['ingested', 'duplicate', 'quarantined']) }),
  z.object({ type: z.literal('station.changed') }),
  /**
   * A page of the batch finished a recognition step; its documents may have changed. `pageId`
   * names that page, so a screen holding the batch fetches it alone (batches.getPages), not all 500.
   */
  z.object({ type: z.literal('recognition.progress'), batchId: z.string(), pageId: z.string() }),
  /** The clerk changed the batch's documents (split, merge, index values, confirmation). */
  z.object({ type: z.literal('batch.changed'), batchId: z.string() }),
  /** A document's delivery moved (queued, sent, failed, retried). */
  z.object({ type: z.literal('delivery.changed'), batchId: z.string(), documentId: z.string() }),
  /** A page's stored image failed its integrity check (altered on disk, or a damaged disk). */
  z.object({ type: z.literal('storage.tampered'), pageId: z.string() }),
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
