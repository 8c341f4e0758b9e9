import type { DeliveryPackage } from '../delivery-package.js';
import type { FolderIndexLayout } from '../../../../shared/domain/delivery-targets.js';
import type { IndexField } from '../../../../shared/domain/delivery.js';
import { auditAnchorCell, auditAnchorJson } from './audit-anchor-fields.js';
import { neutraliseFormula } from '../../audit/audit-csv.js';
import { DeliveryStop, failed } from './outcomes.js';

export const pdfFileName = (pkg: DeliveryPackage) => `${pkg.documentId}.pdf`;

export function indexFileName(pkg: DeliveryPackage, layout: FolderIndexLayout): string {
  return `${pkg.documentId}.${layout.format === 'json' ? 'json' : layout.extension}`;
}

function fieldValue(pkg: DeliveryPackage, field: IndexField): string {
  const { index } = pkg;
  const values: Record<IndexField, string | number | null> = {
    documentId: pkg.documentId,
    mrn: index.patient.mrn,
    family: index.patient.family,
    given: index.patient.given,
    birthDate: index.patient.birthDate,
    sex: index.patient.sex,
    docTypeCode: index.docType.code,
    docTypeSystem: index.docType.system,
    docTypeDisplay: index.docType.display,
    dateOfService: index.dateOfService,
    encounter: index.encounter,
    title: index.title,
    pdfFileName: pdfFileName(pkg),
    sha256: pkg.pdf.sha256,
    sha1: pkg.pdf.sha1,
    sizeBytes: pkg.pdf.sizeBytes,
    batch: index.batch.id,
    batchLabel: index.batch.label,
    station: index.station,
    operator: index.operator,
    scannedAt: index.scannedAt,
    confirmedBy: index.confirmedBy,
    confirmedAt: index.confirmedAt,
    auditAnchor: auditAnchorCell(pkg),
    replacesDocumentId: pkg.replaces?.documentId ?? null,
  };
  const value = values[field];
  return value === null ? '' : String(value);
}

type Delimited = Extract<FolderIndexLayout, { format: 'delimited' }>;

/** Index files are opened in spreadsheets too: a value that would run as a formula is made text. */
function cell(raw: string, column: string, layout: Delimited): string {
  const value = neutraliseFormula(raw);
  const needsQuote = value.includes(layout.delimiter) || /[\r\n]/.test(value) || (layout.quote !== '' && value.includes(layout.quote));
  if (!needsQuote) return value;
  if (layout.quote === '') {
    // Naming the column (never the value) lets an administrator see which setting to change.
    throw new DeliveryStop(failed(`The index layout has no quote character, but the ${column} column of this document contains the delimiter or a line break.`));
  }
  return `${layout.quote}${value.split(layout.quote).join(layout.quote + layout.quote)}${layout.quote}`;
}

/**
 * The index file's bytes. Deterministic for a package, so a re-delivery can compare what is
 * on the share byte for byte instead of rewriting it.
 */
export function renderIndexFile(pkg: DeliveryPackage, layout: FolderIndexLayout): Buffer {
  if (layout.format === 'json') {
    const { index } = pkg;
    const body = {
      documentId: pkg.documentId,
      pdf: { fileName: pdfFileName(pkg), sha256: pkg.pdf.sha256, sha1: pkg.pdf.sha1, sizeBytes: pkg.pdf.sizeBytes },
      ...index,
      ...auditAnchorJson(pkg),
      // A correction names what it replaces; the replaced document also gets a retraction record.
      ...(pkg.replaces ? { replaces: { documentId: pkg.replaces.documentId } } : {}),
    };
    return Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
  }
  const eol = layout.lineEnding === 'crlf' ? '\r\n' : '\n';
  const columns = layout.columns.map((c) => (typeof c === 'string' ? { field: c, header: c } : c));
  const lines: string[] = [];
  if (layout.header) lines.push(columns.map((c) => cell(c.header, c.field, layout)).join(layout.delimiter));
  lines.push(columns.map((c) => cell(fieldValue(pkg, c.field), c.field, layout)).join(layout.delimiter));
  return Buffer.from(lines.join(eol) + eol, 'utf8');
}
