import { z } from 'zod';
import { IndexField } from './delivery.js';

/**
 * Where confirmed documents go: an import folder or a FHIR R4 server. One schema for the
 * config file, Settings > Delivery targets (the form checks with it before it sends) and the
 * engine (the contract checks with it at the boundary). Messages are sentences for the person
 * filling in the form.
 */

/** What the engine sends in place of a saved token or client secret; sending it back keeps the secret. */
export const SECRET_MASK = '********';

export const TargetId = z.string().trim().min(1, 'Give the target a name, e.g. his-import.').max(64, 'At most 64 characters.');

/** A delivery's time limit, in milliseconds (forms show seconds). */
const TimeoutMs = z
  .number({ error: 'Between 1 and 600 seconds.' })
  .int('Between 1 and 600 seconds, in whole milliseconds.')
  .min(1_000, 'Between 1 and 600 seconds.')
  .max(600_000, 'Between 1 and 600 seconds.');

const httpUrl = (message: string) => z.url({ protocol: /^https?$/, error: message });

/**
 * Absolute on one of the conventions a station may run under: /srv/import, C:\import, or a share
 * \\server\share\import. The station also checks the path against its own system
 * (electron/engine/delivery/import-folder-path.ts): a browser cannot know which one that is.
 */
export const looksAbsolute = (path: string) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || isSharePath(path);
export const isSharePath = (path: string) => /^\\\\[^\\]+\\[^\\]+/.test(path);

export const IndexColumn = z.union([IndexField, z.object({ field: IndexField, header: z.string().min(1) })]);
export type IndexColumn = z.infer<typeof IndexColumn>;

const notLineBreak = (c: string) => c !== '\r' && c !== '\n';

export const FolderIndexLayout = z.discriminatedUnion('format', [
  z.object({ format: z.literal('json') }),
  z.object({
    format: z.literal('delimited'),
    /** Without the dot; import processors often watch for one extension only. */
    extension: z
      .string()
      .regex(/^[A-Za-z0-9]{1,8}$/, 'Letters and digits only, without the dot, e.g. csv or idx.')
      .default('csv'),
    delimiter: z.string().length(1, 'One character.').refine(notLineBreak, 'A line break cannot be the delimiter.').default(','),
    /** Empty means "never quote"; a value that would need quoting then fails the delivery. */
    quote: z.string().max(1, 'One character, or none.').refine(notLineBreak, 'A line break cannot be the quote.').default('"'),
    header: z.boolean().default(true),
    lineEnding: z.enum(['crlf', 'lf']).default('crlf'),
    columns: z.array(IndexColumn).min(1, 'Choose at least one column.'),
  }),
]);
export type FolderIndexLayout = z.infer<typeof FolderIndexLayout>;

export const FolderTargetConfig = z
  .object({
    kind: z.literal('folder'),
    id: TargetId,
    /** The import folder, often a share (`\\server\share\import`); never created by ChartDesk. */
    path: z
      .string()
      .min(1, 'Enter the folder the document-management system imports from.')
      .refine(looksAbsolute, 'The import folder must be an absolute path, such as /srv/import, C:\\import or \\\\server\\share\\import.'),
    index: FolderIndexLayout.default({ format: 'json' }),
    /** A dead share can block a file system call for minutes; give up on an attempt after this. */
    timeoutMs: TimeoutMs.default(120_000),
    /**
     * Permissions of the files written (octal, e.g. "640" so the import program's group can read
     * them, with the folder's group set and its setgid bit on). Default 600: only this account.
     * Never executable; the owner always reads and writes. Ignored where the share has no modes.
     */
    fileMode: z
      .string()
      .regex(/^0?[0-7]{3}$/, 'give the mode as three octal digits, like 640')
      .refine((m) => (Number.parseInt(m, 8) & 0o111) === 0 && (Number.parseInt(m, 8) & 0o600) === 0o600, 'the owner must read and write, and nobody may execute')
      .optional(),
  })
  .refine((c) => c.index.format !== 'delimited' || c.index.delimiter !== c.index.quote, {
    message: 'The quote must differ from the delimiter.',
    path: ['index', 'quote'],
  });
export type FolderTargetConfig = z.infer<typeof FolderTargetConfig>;

const Reference = z.object({ reference: z.string().min(1).optional(), display: z.string().min(1).optional() }).refine((r) => r.reference || r.display, 'give a reference, a display name or both');

const Coding = z.object({ system: z.string().min(1), code: z.string().min(1), display: z.string().min(1).optional() });

export const FhirAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1, 'Paste the token the server issued.') }),
  z.object({
    type: z.literal('client-credentials'),
    tokenUrl: httpUrl('Enter the token endpoint, an http:// or https:// address.'),
    clientId: z.string().trim().min(1, 'Enter the client id.'),
    clientSecret: z.string().min(1, 'Enter the client secret.'),
    scope: z.string().min(1).optional(),
    /** RFC 6749 prefers HTTP Basic; some servers only read the form body. */
    clientAuth: z.enum(['basic', 'body']).default('basic'),
  }),
]);
export type FhirAuth = z.infer<typeof FhirAuth>;

export const FhirTargetConfig = z.object({
  kind: z.literal('fhir'),
  id: TargetId,
  /** The FHIR R4 base, e.g. https://fhir.hospital.local/fhir/R4 */
  baseUrl: httpUrl('Enter the FHIR R4 base address, an http:// or https:// address such as https://fhir.hospital.local/fhir/R4.'),
  documentIdentifierSystem: z.string().trim().min(1, 'Enter the system for document identifiers.').default('urn:chartdesk:document'),
  /** The assigning authority of the hospital's MRNs, e.g. urn:oid:1.2.840... */
  patientIdentifierSystem: z.string({ error: 'Enter the system of the hospital’s MRNs, e.g. urn:oid:1.2.840.…' }).trim().min(1, 'Enter the system of the hospital’s MRNs, e.g. urn:oid:1.2.840.…'),
  /** `binary`: a Binary resource in the same transaction; `inline`: base64 in the attachment. */
  attachment: z.enum(['binary', 'inline']).default('binary'),
  category: Coding.optional(),
  author: Reference.optional(),
  custodian: Reference.optional(),
  auth: FhirAuth.default({ type: 'none' }),
  /** PEM file of the hospital's CA, trusted in addition to the public roots. */
  caFile: z.string().min(1).optional(),
  timeoutMs: TimeoutMs.default(30_000),
  /** What a correction sets the replaced DocumentReference's status to (IHE MHD allows either; some profiles want 'superseded'). */
  replacedStatus: z.enum(['entered-in-error', 'superseded']).default('entered-in-error'),
});
export type FhirTargetConfig = z.infer<typeof FhirTargetConfig>;

export const TargetConfig = z.discriminatedUnion('kind', [FolderTargetConfig, FhirTargetConfig]);
export type TargetConfig = z.infer<typeof TargetConfig>;
export type TargetKind = TargetConfig['kind'];

/**
 * A delivery target as Settings shows it: secrets masked. `config` is null when the saved
 * configuration no longer passes the schema (written by another version): the screen lists it
 * and offers no editor.
 */
export const DeliveryTargetSetting = z.object({ id: z.string(), enabled: z.boolean(), config: TargetConfig.nullable() });
export type DeliveryTargetSetting = z.infer<typeof DeliveryTargetSetting>;

/** Secrets never go back to a screen. */
export function maskAuth<A extends FhirAuth>(auth: A): A {
  if (auth.type === 'bearer') return { ...auth, token: SECRET_MASK };
  if (auth.type === 'client-credentials') return { ...auth, clientSecret: SECRET_MASK };
  return auth;
}

/** A masked secret sent back means "keep the saved one" (none saved: the mask is refused as no secret). */
export function unmaskAuth<A extends FhirAuth>(incoming: A, saved: FhirAuth | undefined): A {
  if (incoming.type === 'bearer' && incoming.token === SECRET_MASK) return { ...incoming, token: saved?.type === 'bearer' ? saved.token : '' };
  if (incoming.type === 'client-credentials' && incoming.clientSecret === SECRET_MASK) {
    return { ...incoming, clientSecret: saved?.type === 'client-credentials' ? saved.clientSecret : '' };
  }
  return incoming;
}

export const maskTarget = (config: TargetConfig): TargetConfig => (config.kind === 'fhir' ? { ...config, auth: maskAuth(config.auth) } : config);
