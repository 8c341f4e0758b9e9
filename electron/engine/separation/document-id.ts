import { createHash } from 'node:crypto';

/**
 * A document is named by its batch and its first page, so re-splitting while later pages are
 * still being read keeps the ids (and the index values) of the documents a clerk has open.
 */
export const documentIdFor = (batchId: string, firstPageId: string) => createHash('sha256').update(`${batchId}/${firstPageId}`).digest('hex').slice(0, 32);
