export { AuditAction } from './audit-actions.js';
export { AUDIT_CSV_COLUMNS, auditCsv, csvField, csvText } from './audit-csv.js';
export {
  AuditLog,
  GENESIS_HASH,
  canonicalJson,
  entryHash,
  type AuditEntry,
  type AuditProblem,
  type AuditRecord,
  type AuditSubject,
  type AuditUser,
  type AuditVerification,
} from './audit-log.js';
