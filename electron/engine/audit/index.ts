export { AuditAction } from './audit-actions.js';
export { AUDIT_CSV_COLUMNS, auditCsv, csvField, csvText } from './audit-csv.js';
export { GENESIS_HASH, canonicalJson, chainIdOf, entryHash, entryMac, type ChainStart } from './audit-chain.js';
export { AuditLog, entryOf, type AuditEntry, type AuditHead, type AuditProblem, type AuditRecord, type AuditSubject, type AuditUser, type AuditVerification } from './audit-log.js';
