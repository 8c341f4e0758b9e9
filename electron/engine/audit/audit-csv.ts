import type { AuditEntry } from './audit-log.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'user', 'action', 'subject type', 'subject id', 'details', 'hash'] as const;

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; lines end CRLF.
 * A field that a spreadsheet would run as a formula (starting with = + - @, or a tab or CR that
 * hides one) gets a leading apostrophe, so a name typed as "=HYPERLINK(...)" opens as text.
 */
export function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}

/** A whole CSV file: the header, then one line per row, every line ending CRLF. */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((cells) => cells.map(csvField).join(',') + '\r\n').join('');
}

const userCell = (e: AuditEntry) => (e.user ? `${e.user.name} (${e.user.id})` : '');

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) => [String(e.seq), e.at, userCell(e), e.action, e.subject?.type ?? '', e.subject?.id ?? '', JSON.stringify(e.details), e.hash]);
  return csvText(AUDIT_CSV_COLUMNS, rows);
}
