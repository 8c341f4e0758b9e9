import type { DeliveryOutcome, DeliveryPackage } from '../delivery-package.js';

export type NotDelivered = Exclude<DeliveryOutcome, { kind: 'delivered' }>;

export const retry = (reason: string, retryAfterMs?: number): NotDelivered => (retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs });
export const failed = (reason: string): NotDelivered => ({ kind: 'failed', reason });

/**
 * Thrown deep inside a connector when the outcome is already known, so each step can stop the
 * attempt without every caller threading results back by hand.
 */
export class DeliveryStop extends Error {
  constructor(readonly outcome: NotDelivered) {
    super(outcome.reason);
    this.name = 'DeliveryStop';
  }
}

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Text from a remote system may quote what it was sent (a server repeating the MRN in its
 * error). Reasons are logged and shown broadly, so every index value that identifies the
 * patient is blanked out before the text is used.
 */
export function withoutPhi(text: string, pkg: DeliveryPackage, maxLength = 300): string {
  const { patient } = pkg.index;
  const secrets = [patient.mrn, patient.family, patient.given, patient.birthDate, pkg.index.title, pkg.index.encounter]
    .filter((s): s is string => typeof s === 'string' && s.trim().length >= 2)
    .sort((a, b) => b.length - a.length);
  let clean = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) clean = clean.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '***');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
