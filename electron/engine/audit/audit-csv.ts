import type { AuditEntry } from './audit-log.js';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'user', 'action', 'subject type', 'subject id', 'details', 'hash'] as const;

/**
 * A cell a spreadsheet would run as a formula: one starting with = + - @, with a tab, CR or LF
 * (which spreadsheets skip), or with spaces before one of those (Excel and LibreOffice trim them).
 */
const FORMULA_LIKE = /^[=+\-@\t\r\n]|^\s+[=+\-@]/u;

/** The value with a leading apostrophe if a spreadsheet would run it, so "=HYPERLINK(...)" opens as text. */
export function neutraliseFormula(value: string): string {
  return FORMULA_LIKE.test(value) ? `'${value}` : value;
}

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled; lines end CRLF.
 * Formula-like fields are made text first (see neutraliseFormula).
 */
export function csvField(value: string): string {
  const inert = neutraliseFormula(value);
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
