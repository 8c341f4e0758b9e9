import type { AuditEntry } from './audit-log.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'user', 'action', 'subject type', 'subject id', 'details', 'hash'] as const;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; lines end CRLF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const userCell = (e: AuditEntry) => (e.user ? `${e.user.name} (${e.user.id})` : '');

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const e of entries) {
    const cells = [String(e.seq), e.at, userCell(e), e.action, e.subject?.type ?? '', e.subject?.id ?? '', JSON.stringify(e.details), e.hash];
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
