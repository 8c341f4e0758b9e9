import type { AuditTrailEntry } from '../../../shared/domain/audit.js';

/**
 * Plain words for the actions the trail records. An action added later without words here
 * shows its code, which is still readable ("cover-sheet-printed").
 */
const actionWords: Record<string, string> = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-out': 'Signed out',
  'account-locked': 'Account locked',
  'user-created': 'Account created',
  'user-changed': 'Account changed',
  'document-viewed': 'Opened',
  'index-changed': 'Index changed',
  'document-confirmed': 'Confirmed',
  'document-reopened': 'Reopened',
  'qc-overridden': 'QC finding overridden',
  'review-approved': 'Review approved',
  'review-rejected': 'Review rejected',
  'box-assigned': 'Box assigned',
  'box-verified': 'Box verified',
  'sensitive-revealed': 'Sensitive pages shown',
  'report-exported': 'Report exported',
  'layout-changed': 'Pages changed',
  'layout-undone': 'Page change undone',
  'delivery-queued': 'Delivery queued',
  'delivery-delivered': 'Delivered',
  'delivery-failed': 'Delivery failed',
  'delivery-retried': 'Delivery retried',
  'delivery-held': 'Delivery held',
  'settings-changed': 'Settings changed',
  'patients-imported': 'Patient index imported',
  'audit-exported': 'Audit trail exported',
  purge: 'Files removed (retention)',
  'session-locked': 'Screen locked',
  'session-unlocked': 'Screen unlocked',
  'unlock-failed': 'Unlock failed',
  'storage-tampered': 'Stored file altered',
  'quarantine-released': 'Sent back from quarantine',
  'audit-viewed': 'Audit trail viewed',
};

export const actionLabel = (action: string) => actionWords[action] ?? action;

/** Who: the person's name, or the station itself. */
export const personLabel = (entry: AuditTrailEntry) => entry.user?.name ?? 'Station';

const subjectWords: Record<string, string> = { document: 'Document', page: 'Page', batch: 'Batch', patient: 'Patient', user: 'Account', quarantine: 'Quarantined file' };

export const subjectLabel = (subject: AuditTrailEntry['subject']) => (subject ? `${subjectWords[subject.type] ?? subject.type} ${subject.id}` : '');

const fieldWords: Record<string, string> = {
  patientMrn: 'Patient MRN',
  mrn: 'Patient MRN',
  docTypeCode: 'Document type',
  docType: 'Document type',
  dateOfService: 'Date of service',
  how: 'How',
  reason: 'Reason',
  target: 'Delivery target',
  setting: 'Setting',
  filter: 'Filters',
};

/** A field of the details in words; unknown fields keep their name. */
export const fieldLabel = (field: string) => fieldWords[field] ?? field;

/** A value as one line: text as is, anything else as JSON. */
export const valueText = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields that changed, when the details carry before and after values. */
export function changesOf(details: Record<string, unknown>): { field: string; before: unknown; after: unknown }[] | null {
  const { before, after } = details;
  if (!isRecord(before) && !isRecord(after)) return null;
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((field) => ({ field, before: b[field], after: a[field] }));
}

/** The patient first: it is what a reader of the trail looks for. */
const patientFirst = (a: string, b: string) => Number(fieldLabel(b) === 'Patient MRN') - Number(fieldLabel(a) === 'Patient MRN');

/** One line for the list: what changed, or the first facts. */
export function summaryOf(entry: AuditTrailEntry): string {
  const changes = changesOf(entry.details);
  if (changes) {
    const changed = changes.filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after)).sort((a, b) => patientFirst(a.field, b.field));
    return changed.map((c) => `${fieldLabel(c.field)}: ${valueText(c.before)} → ${valueText(c.after)}`).join('; ');
  }
  return Object.entries(entry.details)
    .sort(([a], [b]) => patientFirst(a, b))
    .slice(0, 3)
    .map(([key, value]) => `${fieldLabel(key)}: ${valueText(value)}`)
    .join('; ');
}
