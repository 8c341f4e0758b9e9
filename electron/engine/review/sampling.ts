import { createHash } from 'node:crypto';

/**
 * Whether a confirmed document falls in the review sample. Derived from the document id, not a
 * random draw, so anyone can recompute why a document was (not) reviewed, and a retried
 * confirmation never changes the answer.
 */
export function inSample(documentId: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  const bucket = createHash('sha256').update(`review-sample:${documentId}`).digest().readUInt32BE(0) % 10_000;
  return bucket < percent * 100;
}
