import { createHash } from 'node:crypto';
import type { DeliveryPackage } from '../delivery-package.js';
import type { FhirTargetConfig } from '../../../../shared/domain/delivery-targets.js';
import { auditAnchorMeta } from './audit-anchor-fields.js';

/* Only the parts of FHIR R4 this connector writes and reads back. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [key: string]: unknown;
}
export interface FhirBundle extends FhirResource {
  resourceType: 'Bundle';
  type: string;
  entry?: {
    fullUrl?: string;
    resource?: FhirResource;
    request?: { method: string; url: string; ifNoneExist?: string };
    response?: { status: string; location?: string; outcome?: FhirResource };
  }[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The FHIR server's base with a trailing slash, so relative URLs resolve beneath it. */
export const baseOf = (config: FhirTargetConfig) => (config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);

/**
 * The Binary's id is a function of the document and of its exact bytes: a retried or
 * duplicated transaction PUTs the same Binary again instead of adding a second one, and a
 * changed PDF for the same document never overwrites the bytes an earlier DocumentReference
 * points at. The "cd-" prefix keeps it from being all digits, which HAPI refuses as a
 * client-assigned id; the hash keeps the document id itself (which may be anything) out of
 * the URL.
 */
export function binaryIdOf(pkg: DeliveryPackage, config: FhirTargetConfig): string {
  return `cd-${digest(`${config.documentIdentifierSystem}|${pkg.documentId}|${pkg.pdf.sha256.toLowerCase()}`).slice(0, 40)}`;
}

/** A urn:uuid for references inside the Bundle, stable per document so bundles are reproducible. */
function uuidOf(text: string): string {
  const h = digest(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A token search value: system|value, each part escaped for a query string. */
export function identifierToken(pkg: DeliveryPackage, config: FhirTargetConfig): string {
  return `${encodeURIComponent(config.documentIdentifierSystem)}|${encodeURIComponent(pkg.documentId)}`;
}

/** FHIR's Attachment.hash is the base64 of the SHA-1; the station records hex. */
export const sha1Base64 = (pkg: DeliveryPackage) => Buffer.from(pkg.pdf.sha1, 'hex').toString('base64');

export function buildDocumentReference(pkg: DeliveryPackage, config: FhirTargetConfig, attachmentSource: { url: string } | { data: string }): FhirResource {
  const { index } = pkg;
  const documentIdentifier = { system: config.documentIdentifierSystem, value: pkg.documentId };
  const patientName = [index.patient.family, index.patient.given].filter(Boolean).join(', ');
  const context: Record<string, unknown> = {};
  if (index.dateOfService) context.period = { start: index.dateOfService, end: index.dateOfService };
  if (index.encounter) context.encounter = [{ identifier: { value: index.encounter } }];
  return {
    resourceType: 'DocumentReference',
    ...auditAnchorMeta(pkg),
    masterIdentifier: documentIdentifier,
    identifier: [{ use: 'official', ...documentIdentifier }],
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: index.docType.system, code: index.docType.code, display: index.docType.display }], text: index.docType.display },
    ...(config.category ? { category: [{ coding: [config.category] }] } : {}),
    subject: { identifier: { system: config.patientIdentifierSystem, value: index.patient.mrn }, ...(patientName ? { display: patientName } : {}) },
    date: index.confirmedAt,
    ...(config.author ? { author: [config.author] } : {}),
    ...(config.custodian ? { custodian: config.custodian } : {}),
    description: index.title,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          ...attachmentSource,
          size: pkg.pdf.sizeBytes,
          hash: sha1Base64(pkg),
          title: index.title,
          creation: index.scannedAt,
        },
      },
    ],
    ...(Object.keys(context).length > 0 ? { context } : {}),
  };
}

/**
 * A transaction in the spirit of IHE MHD "Provide Document Bundle": the DocumentReference is
 * a conditional create on its identifier, and the PDF is either a Binary PUT under a
 * deterministic id or inline data. Either way, sending the same Bundle twice leaves one of each.
 */
export function buildProvideBundle(pkg: DeliveryPackage, pdf: Buffer, config: FhirTargetConfig): FhirBundle {
  const data = pdf.toString('base64');
  const documentReferenceEntry = (attachmentSource: { url: string } | { data: string }) => ({
    fullUrl: `urn:uuid:${uuidOf(`${config.documentIdentifierSystem}|${pkg.documentId}`)}`,
    resource: buildDocumentReference(pkg, config, attachmentSource),
    request: { method: 'POST', url: 'DocumentReference', ifNoneExist: `identifier=${identifierToken(pkg, config)}` },
  });
  if (config.attachment === 'inline') {
    return { resourceType: 'Bundle', type: 'transaction', entry: [documentReferenceEntry({ data })] };
  }
  const binaryId = binaryIdOf(pkg, config);
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: new URL(`Binary/${binaryId}`, baseOf(config)).href,
        resource: { resourceType: 'Binary', id: binaryId, contentType: 'application/pdf', data },
        request: { method: 'PUT', url: `Binary/${binaryId}` },
      },
      documentReferenceEntry({ url: `Binary/${binaryId}` }),
    ],
  };
}
