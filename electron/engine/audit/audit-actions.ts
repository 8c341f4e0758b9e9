import { z } from 'zod';

/** Every kind of event the audit trail records. Append new actions; never rename one. */
export const AuditAction = z.enum([
  'sign-in',
  'sign-in-failed',
  'sign-out',
  'account-locked',
  'user-created',
  'user-changed',
  'document-viewed',
  'index-changed',
  'document-confirmed',
  'document-reopened',
  'qc-overridden',
  'layout-changed',
  'layout-undone',
  'delivery-queued',
  'delivery-delivered',
  'delivery-failed',
  'delivery-retried',
  'delivery-held',
  'settings-changed',
  'patients-imported',
  'audit-exported',
  'purge',
]);
export type AuditAction = z.infer<typeof AuditAction>;
