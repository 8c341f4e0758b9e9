import { type AuditAnchor, anchorToken, anchorsInText } from '../../audit/audit-anchor.js';
import type { DeliveryPackage } from '../delivery-package.js';

/*
 * Where the audit chain's head travels in each delivery (docs/audit-trail.md). Kept apart from
 * the layouts so the formats of the index files and resources stay readable on their own.
 */

/** JSON index files: the anchor object under this key, after the index data. */
export const auditAnchorJson = (pkg: DeliveryPackage): { auditAnchor: AuditAnchor } => ({ auditAnchor: pkg.auditAnchor });

/** Delimited index files: the `auditAnchor` column, where the layout has one (a token: letters, digits, dashes). */
export const auditAnchorCell = (pkg: DeliveryPackage): string => anchorToken(pkg.auditAnchor);

/** The system of the DocumentReference's meta.tag that carries the anchor token. */
export const AUDIT_ANCHOR_TAG_SYSTEM = 'urn:chartdesk:audit-anchor';

/** FHIR: a meta.tag on the DocumentReference, searchable with `_tag=urn:chartdesk:audit-anchor|`. */
export const auditAnchorMeta = (pkg: DeliveryPackage) => ({
  meta: { tag: [{ system: AUDIT_ANCHOR_TAG_SYSTEM, code: anchorToken(pkg.auditAnchor), display: 'ChartDesk audit trail head at delivery' }] },
});

/**
 * An index file already on the share for this document that differs from the one about to be
 * written only in its anchor (a retry after the chain moved on): the same delivery. Rewriting it
 * would make an import processor see the document twice for no new content.
 */
export function sameIndexButAnchor(onShare: Buffer, pkg: DeliveryPackage, render: (pkg: DeliveryPackage) => Buffer): boolean {
  return anchorsInText(onShare.toString('utf8')).some((earlier) => earlier.chain === pkg.auditAnchor.chain && onShare.equals(render({ ...pkg, auditAnchor: earlier })));
}
