import type { ScannerClaim } from '../../../shared/domain/station.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ScannerClaimRepository } from '../db/repositories/scanner-claim.js';
import type { ScanOperator } from './file-intake.js';

/** A signed-in person as a claim names them. */
export interface Claimant {
  id: string;
  username: string;
  displayName: string;
}

/** How the claim came about, for the audit trail. */
export type ClaimVia = 'scan-as-me' | 'box';
export type ReleaseReason = 'handed-over' | 'signed-out';

export type ClaimOutcome = { ok: true; claim: ScannerClaim; changed: boolean } | { ok: false; holder: ScannerClaim; message: string };
export type ReleaseOutcome = { ok: true; changed: boolean } | { ok: false; holder: ScannerClaim; message: string };

export interface ScannerDeps {
  claims: ScannerClaimRepository;
  audit: Pick<AuditLog, 'record'>;
  stationName: string;
  now(): Date;
}

const auditUser = (who: { id: string; username: string }) => ({ id: who.id, name: who.username });

/**
 * Who is at the scanner. The station credits each file that lands to the person holding the
 * scanner then, never to whoever signed in last: a reviewer signing in at another desk changes
 * nothing here. A claim is taken explicitly, kept until its holder hands over or signs out, and
 * taken from another person only when the caller confirms it (`takeOver`). Every change is in the
 * audit trail. Call the writers inside the transaction of the change.
 */
export class Scanner {
  constructor(private readonly deps: ScannerDeps) {}

  holder(): ScannerClaim | null {
    return this.deps.claims.current();
  }

  /** The operator to record on a batch made now, or null: unclaimed. */
  operator(): ScanOperator | null {
    const claim = this.holder();
    return claim ? { id: claim.userId, displayName: claim.displayName, username: claim.username } : null;
  }

  claim(person: Claimant, options: { takeOver: boolean; via: ClaimVia }): ClaimOutcome {
    const { claims, audit } = this.deps;
    const current = claims.current();
    if (current?.userId === person.id) return { ok: true, claim: current, changed: false };
    if (current && !options.takeOver) {
      return { ok: false, holder: current, message: `${current.displayName} is scanning at this station. Take over the scanner to scan as yourself.` };
    }
    const claim: ScannerClaim = { userId: person.id, username: person.username, displayName: person.displayName, since: this.deps.now().toISOString() };
    claims.set(claim);
    const subject = { type: 'scanner', id: this.deps.stationName };
    if (current) {
      audit.record({ user: auditUser(person), action: 'scanner-taken-over', subject, details: { from: auditUser({ id: current.userId, username: current.username }), via: options.via } });
    } else {
      audit.record({ user: auditUser(person), action: 'scanner-claimed', subject, details: { via: options.via } });
    }
    return { ok: true, claim, changed: true };
  }

  /** Hands the scanner back: only its holder can (anyone else takes it over instead). */
  release(person: Pick<Claimant, 'id' | 'username'>, reason: ReleaseReason): ReleaseOutcome {
    const { claims, audit } = this.deps;
    const current = claims.current();
    if (!current) return { ok: true, changed: false };
    if (current.userId !== person.id) {
      return { ok: false, holder: current, message: `${current.displayName} is scanning at this station; only they can hand the scanner over.` };
    }
    claims.clear();
    audit.record({ user: auditUser(person), action: 'scanner-released', subject: { type: 'scanner', id: this.deps.stationName }, details: { reason } });
    return { ok: true, changed: true };
  }
}
