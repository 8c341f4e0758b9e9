import type { QuarantineReason } from '../../../shared/domain/intake.js';

/**
 * A file that cannot become pages, with the reason a clerk will read. `detail` is for support
 * and holds decoder messages only, never file names or content.
 */
export class UnreadableScan extends Error {
  constructor(
    readonly reason: QuarantineReason,
    readonly detail: string | null = null,
  ) {
    super(`${reason}${detail ? `: ${detail}` : ''}`);
    this.name = 'UnreadableScan';
  }
}
