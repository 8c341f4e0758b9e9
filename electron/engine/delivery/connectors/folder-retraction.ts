import type { RetractionPackage } from '../delivery-package.js';
import type { FolderIndexLayout } from '../../../../shared/domain/delivery-targets.js';

/*
 * A retraction record tells an import processor that a document it imported is entered in
 * error: either replaced (the replacement's own index file names it too) or withdrawn with
 * nothing in its place. It sits beside the index files, named after the retracted document, in
 * the layout's format: `<documentId>-retraction.json`, or `<documentId>-retraction.<ext>` with
 * the fixed columns below for a delimited layout.
 */

export const RETRACTION_COLUMNS = ['documentId', 'action', 'status', 'replacedBy', 'retractedAt'] as const;

export function retractionFileName(documentId: string, layout: FolderIndexLayout): string {
  return `${documentId}-retraction.${layout.format === 'json' ? 'json' : layout.extension}`;
}

/** Deterministic for a retraction (its time is the correction's), so a retry compares bytes instead of rewriting. */
export function renderRetractionRecord(retraction: RetractionPackage, layout: FolderIndexLayout): Buffer {
  const values = {
    documentId: retraction.retracted.documentId,
    action: 'retract',
    status: 'entered-in-error',
    replacedBy: retraction.replacedBy,
    retractedAt: retraction.retracted.at,
  };
  if (layout.format === 'json') return Buffer.from(`${JSON.stringify(values, null, 2)}\n`, 'utf8');
  const eol = layout.lineEnding === 'crlf' ? '\r\n' : '\n';
  // Ids and times only: never the delimiter or a quote, so no quoting is needed whatever the layout.
  const row = RETRACTION_COLUMNS.map((c) => values[c] ?? '');
  const lines = layout.header ? [RETRACTION_COLUMNS.join(layout.delimiter), row.join(layout.delimiter)] : [row.join(layout.delimiter)];
  return Buffer.from(lines.join(eol) + eol, 'utf8');
}
