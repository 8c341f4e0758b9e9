import type { z } from 'zod';
import { fieldErrors } from '../../../shared/api/field-errors.js';
import type { IndexField } from '../../../shared/domain/delivery.js';
import { type DeliveryTargetSetting as TargetRow, type FhirAuth, type FolderIndexLayout, SECRET_MASK, TargetConfig, type TargetKind } from '../../../shared/domain/delivery-targets.js';

// Plain TypeScript over shared/ (no React, no store): the unit tests run it under Node.

/** What the form sends: the schema's input (defaults may be left out). */
export type TargetInput = z.input<typeof TargetConfig>;

const DEFAULT_COLUMNS: IndexField[] = ['documentId', 'mrn', 'family', 'given', 'birthDate', 'docTypeCode', 'dateOfService', 'pdfFileName'];

/**
 * The form's state: flat, so switching the index format or the kind of authentication and back
 * keeps what was typed. `saved` is the configuration being edited, so what this screen does not
 * show (a file mode, a custodian set in chartdesk.json) is kept as it is.
 */
export interface Draft {
  isNew: boolean;
  saved: TargetConfig | null;
  kind: TargetKind;
  id: string;
  enabled: boolean;
  timeoutSeconds: string;
  // Import folder
  path: string;
  indexFormat: 'json' | 'delimited';
  extension: string;
  delimiter: string;
  quote: string;
  header: boolean;
  lineEnding: 'crlf' | 'lf';
  columns: { field: IndexField; header: string }[];
  // FHIR server
  baseUrl: string;
  patientIdentifierSystem: string;
  documentIdentifierSystem: string;
  attachment: 'binary' | 'inline';
  authType: FhirAuth['type'];
  token: string;
  tokenSaved: boolean;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  clientSecretSaved: boolean;
  scope: string;
  clientAuth: 'basic' | 'body';
  caFile: string;
}

export const blankDraft = (kind: TargetKind, id: string): Draft => ({
  isNew: true,
  saved: null,
  kind,
  id,
  enabled: true,
  timeoutSeconds: kind === 'folder' ? '120' : '30',
  path: '',
  indexFormat: 'json',
  extension: 'csv',
  delimiter: ',',
  quote: '"',
  header: true,
  lineEnding: 'crlf',
  columns: DEFAULT_COLUMNS.map((field) => ({ field, header: '' })),
  baseUrl: '',
  patientIdentifierSystem: '',
  documentIdentifierSystem: 'urn:chartdesk:document',
  attachment: 'binary',
  authType: 'none',
  token: '',
  tokenSaved: false,
  tokenUrl: '',
  clientId: '',
  clientSecret: '',
  clientSecretSaved: false,
  scope: '',
  clientAuth: 'basic',
  caFile: '',
});

/** The draft of a saved target (its secrets arrive masked: the fields stay empty and say a secret is saved). */
export function draftOf(enabled: boolean, c: TargetConfig): Draft {
  const base: Draft = { ...blankDraft(c.kind, c.id), isNew: false, saved: c, enabled, timeoutSeconds: String(c.timeoutMs / 1000) };
  if (c.kind === 'folder') {
    const index = c.index;
    if (index.format === 'json') return { ...base, path: c.path, indexFormat: 'json' };
    const { extension, delimiter, quote, header, lineEnding } = index;
    const columns = index.columns.map((col) => (typeof col === 'string' ? { field: col, header: '' } : col));
    return { ...base, path: c.path, indexFormat: 'delimited', extension, delimiter, quote, header, lineEnding, columns };
  }
  const auth = c.auth;
  const draft: Draft = {
    ...base,
    baseUrl: c.baseUrl,
    patientIdentifierSystem: c.patientIdentifierSystem,
    documentIdentifierSystem: c.documentIdentifierSystem,
    attachment: c.attachment,
    authType: auth.type,
    caFile: c.caFile ?? '',
  };
  if (auth.type === 'bearer') return { ...draft, tokenSaved: auth.token === SECRET_MASK, token: auth.token === SECRET_MASK ? '' : auth.token };
  if (auth.type === 'client-credentials') {
    const secretSaved = auth.clientSecret === SECRET_MASK;
    const { tokenUrl, clientId, clientAuth } = auth;
    return { ...draft, tokenUrl, clientId, clientAuth, clientSecretSaved: secretSaved, clientSecret: secretSaved ? '' : auth.clientSecret, scope: auth.scope ?? '' };
  }
  return draft;
}

const secret = (typed: string, saved: boolean) => typed || (saved ? SECRET_MASK : '');

/** The target the draft describes, as the contract takes it: an empty secret field with one saved keeps it. */
export function toTarget(d: Draft): TargetInput {
  const id = d.id.trim();
  const timeoutMs = d.timeoutSeconds.trim() ? Math.round(Number(d.timeoutSeconds) * 1000) : Number.NaN;
  if (d.kind === 'folder') {
    const kept = d.saved?.kind === 'folder' ? d.saved : {};
    const index: z.input<typeof FolderIndexLayout> =
      d.indexFormat === 'json'
        ? { format: 'json' }
        : {
            format: 'delimited',
            extension: d.extension,
            delimiter: d.delimiter,
            quote: d.quote,
            header: d.header,
            lineEnding: d.lineEnding,
            columns: d.columns.map((c) => (c.header.trim() && c.header.trim() !== c.field ? { field: c.field, header: c.header.trim() } : c.field)),
          };
    return { ...kept, kind: 'folder', id, path: d.path.trim(), index, timeoutMs };
  }
  const { caFile: _caFile, ...kept } = d.saved?.kind === 'fhir' ? d.saved : {};
  const auth: FhirAuth =
    d.authType === 'none'
      ? { type: 'none' }
      : d.authType === 'bearer'
        ? { type: 'bearer', token: secret(d.token, d.tokenSaved) }
        : {
            type: 'client-credentials',
            tokenUrl: d.tokenUrl.trim(),
            clientId: d.clientId,
            clientSecret: secret(d.clientSecret, d.clientSecretSaved),
            ...(d.scope.trim() ? { scope: d.scope.trim() } : {}),
            clientAuth: d.clientAuth,
          };
  return {
    ...kept,
    kind: 'fhir',
    id,
    baseUrl: d.baseUrl.trim(),
    documentIdentifierSystem: d.documentIdentifierSystem,
    patientIdentifierSystem: d.patientIdentifierSystem,
    attachment: d.attachment,
    auth,
    ...(d.caFile.trim() ? { caFile: d.caFile.trim() } : {}),
    timeoutMs,
  };
}

/** The draft checked with the engine's own schema, plus what only the list knows (a name already taken). */
export function draftProblems(d: Draft, rows: readonly TargetRow[]): Record<string, string> {
  const parsed = TargetConfig.safeParse(toTarget(d));
  const problems = parsed.success ? {} : fieldErrors(parsed.error);
  const id = d.id.trim();
  if (d.isNew && !problems['id'] && rows.some((r) => r.id === id)) problems['id'] = `There is already a target named ${id}.`;
  return problems;
}

/** Where a target sends, for the list. */
export const where = (row: TargetRow) => (row.config ? (row.config.kind === 'folder' ? row.config.path : row.config.baseUrl) : '—');

export const uniqueId = (base: string, rows: readonly TargetRow[]) => {
  if (!rows.some((r) => r.id === base)) return base;
  let n = 2;
  while (rows.some((r) => r.id === `${base}-${n}`)) n++;
  return `${base}-${n}`;
};
