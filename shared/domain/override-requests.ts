import { z } from 'zod';
import { QcCode } from './indexing.js';

const Id = z.string().min(1).max(64);
const Reason = z.string().trim().min(5, 'Say why in a few words.').max(500);

/**
 * Where a clerk's request for an override stands. 'pending' waits for a reviewer; 'settled'
 * means it is no longer needed (the finding was fixed or overridden another way, or the
 * document was confirmed or is gone) without a reviewer answering it.
 */
export const OverrideRequestState = z.enum(['pending', 'granted', 'declined', 'settled']);
export type OverrideRequestState = z.infer<typeof OverrideRequestState>;

/** A clerk's request that a reviewer let a blocking finding pass, and the answer. */
export const OverrideRequest = z.object({
  id: z.string(),
  documentId: z.string(),
  batchId: z.string(),
  batchLabel: z.string(),
  /** The document's position in its batch (1-based), null when the document is gone. */
  documentNumber: z.number().int().positive().nullable(),
  code: QcCode,
  /** The finding as it reads now (or the code's name when it is no longer raised). */
  findingMessage: z.string(),
  note: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  state: OverrideRequestState,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** The clerk who asked has seen the answer (their badge no longer counts it). */
  seen: z.boolean(),
});
export type OverrideRequest = z.infer<typeof OverrideRequest>;

export const OverrideRequestInput = z.strictObject({
  documentId: Id,
  code: z.string().min(1).max(64),
  note: Reason,
});

export const OverrideDecisionInput = z.strictObject({
  requestId: Id,
  decision: z.enum(['grant', 'decline']),
  /** Granting: why it may be filed anyway (recorded as the override's reason). Declining: what the clerk should do. */
  reason: Reason,
});

export const MyOverrideRequests = z.object({
  requests: z.array(OverrideRequest),
  /** Answers (granted or declined) the clerk has not seen yet. */
  unseen: z.number().int().nonnegative(),
});
export type MyOverrideRequests = z.infer<typeof MyOverrideRequests>;
