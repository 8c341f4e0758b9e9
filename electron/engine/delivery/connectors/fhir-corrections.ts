import type { DeliveryOutcome, ReplacedCopy, RetractionPackage } from '../delivery-package.js';
import type { FhirTargetConfig } from '../../../../shared/domain/delivery-targets.js';
import { type FhirBundle, type FhirResource, baseOf } from './fhir-document-bundle.js';
import type { HttpRequest, HttpResponse } from './http-transport.js';
import { DeliveryStop, type NotDelivered, failed, retry } from './outcomes.js';

/*
 * Corrections at a FHIR server, in the manner of IHE MHD: the replacement is a new
 * DocumentReference (its own identifier, a conditional create like any delivery) with
 * relatesTo "replaces" the old one, and the same transaction sets the old one's status to
 * entered-in-error (or superseded, a setting). The old one is updated on the version that was
 * read (If-Match), so a change made meanwhile at the server fails the whole transaction rather
 * than being overwritten; the next attempt reads it again.
 *
 * Idempotent end to end: a retry first finds the replacement by its identifier (the earlier
 * attempt committed) and then only makes sure the old one is marked; a retraction re-reads the
 * old one and does nothing when it is already entered in error.
 */

const FHIR_JSON = 'application/fhir+json';
const FHIR_SERVER = 'The FHIR server';

/** One authorised FHIR call that returns whatever status the server answered (transport failures throw DeliveryStop). */
export type AuthorisedCall = (request: Omit<HttpRequest, 'signal'>) => Promise<HttpResponse>;
/** How the connector words a refusal it did not expect (5xx, 401, 403, ...). */
export type Refusal = (response: HttpResponse) => NotDelivered;

export interface ReplacedReference {
  id: string;
  versionId: string | null;
  resource: FhirResource;
  /** Already entered-in-error or superseded: nothing to change on it. */
  marked: boolean;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The DocumentReference id in a receipt such as "DocumentReference/123" (what the sender recorded). */
export function referenceIdOf(receipt: string | null): string | null {
  const id = /(?:^|\/)DocumentReference\/([^/?#]+)/.exec(receipt ?? '')?.[1] ?? null;
  return id && ID.test(id) ? id : null;
}

function parse(response: HttpResponse): FhirResource | null {
  try {
    return JSON.parse(response.body.toString('utf8')) as FhirResource;
  } catch {
    return null;
  }
}

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Reads the DocumentReference being replaced or retracted: by the id its delivery recorded, else
 * by the station's identifier for the old document. A server that no longer holds it is a
 * question for a person (someone removed it there), never silently skipped.
 */
export async function readReplaced(call: AuthorisedCall, refusal: Refusal, config: FhirTargetConfig, copy: ReplacedCopy): Promise<ReplacedReference> {
  const id = referenceIdOf(copy.receipt);
  let resource: FhirResource | null = null;
  if (id) {
    const response = await call({ method: 'GET', url: new URL(`DocumentReference/${id}`, baseOf(config)), maxResponseBytes: 64_000_000 });
    if (response.status === 404 || response.status === 410) {
      throw new DeliveryStop(
        failed(`${FHIR_SERVER} no longer holds the document being corrected (DocumentReference/${id}); someone removed it there. Ask the repository's administrator before retrying.`),
      );
    }
    if (!ok(response.status)) throw new DeliveryStop(refusal(response));
    resource = parse(response);
  } else {
    const token = `${encodeURIComponent(config.documentIdentifierSystem)}|${encodeURIComponent(copy.documentId)}`;
    const response = await call({ method: 'GET', url: new URL(`DocumentReference?identifier=${token}`, baseOf(config)), maxResponseBytes: 64_000_000 });
    if (!ok(response.status)) throw new DeliveryStop(refusal(response));
    const bundle = parse(response) as FhirBundle | null;
    const matches = (bundle?.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r?.resourceType === 'DocumentReference');
    if (matches.length !== 1) {
      throw new DeliveryStop(
        failed(
          matches.length === 0
            ? `${FHIR_SERVER} holds no DocumentReference for the document being corrected; someone removed it there.`
            : `${FHIR_SERVER} holds ${matches.length} DocumentReferences for the document being corrected; someone must resolve the duplicates there.`,
        ),
      );
    }
    resource = matches[0]!;
  }
  if (resource?.resourceType !== 'DocumentReference' || typeof resource.id !== 'string') {
    throw new DeliveryStop(retry(`${FHIR_SERVER} answered with something other than the DocumentReference being corrected.`));
  }
  const meta = resource.meta as { versionId?: unknown } | undefined;
  return {
    id: resource.id,
    versionId: typeof meta?.versionId === 'string' ? meta.versionId : null,
    resource,
    marked: resource.status === 'entered-in-error' || resource.status === 'superseded',
  };
}

/** The update that marks the old DocumentReference, on the version that was read. */
function markRequest(old: ReplacedReference, status: 'entered-in-error' | 'superseded') {
  return {
    resource: { ...old.resource, status },
    request: { method: 'PUT', url: `DocumentReference/${old.id}`, ...(old.versionId ? { ifMatch: `W/"${old.versionId}"` } : {}) },
  };
}

/**
 * The delivery's transaction turned into a replacement: the new DocumentReference names the old
 * one, and (unless someone already marked it) the old one is marked in the same transaction.
 * The mark comes last, so the new DocumentReference's answer stays the first one in the response.
 */
export function replacementBundle(bundle: FhirBundle, old: ReplacedReference, config: FhirTargetConfig): FhirBundle {
  const entry = (bundle.entry ?? []).map((e) =>
    e.resource?.resourceType === 'DocumentReference' ? { ...e, resource: { ...e.resource, relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${old.id}` } }] } } : e,
  );
  if (!old.marked) entry.push({ fullUrl: new URL(`DocumentReference/${old.id}`, baseOf(config)).href, ...markRequest(old, config.replacedStatus) });
  return { ...bundle, entry };
}

/**
 * The status of the first entry of a transaction response that failed, or null. A compliant
 * server fails the whole transaction instead, but some (Medplum's router among them) answer
 * 200 and keep the entries that succeeded: the next attempt finds what arrived and finishes.
 */
export function failedEntryStatus(response: HttpResponse): number | null {
  const bundle = parse(response) as FhirBundle | null;
  if (bundle?.resourceType !== 'Bundle') return null;
  for (const entry of bundle.entry ?? []) {
    const status = Number.parseInt(entry.response?.status ?? '200', 10);
    if (!(status >= 200 && status < 300)) return status;
  }
  return null;
}

/** Marks the old DocumentReference on its own (a retraction, or a replacement whose transaction committed before). */
export async function markReplaced(call: AuthorisedCall, refusal: Refusal, config: FhirTargetConfig, old: ReplacedReference, status: 'entered-in-error' | 'superseded'): Promise<NotDelivered | null> {
  const { resource, request } = markRequest(old, status);
  const response = await call({
    method: 'PUT',
    url: new URL(request.url, baseOf(config)),
    body: JSON.stringify(resource),
    headers: { 'content-type': FHIR_JSON, prefer: 'return=minimal', ...(request.ifMatch ? { 'if-match': request.ifMatch } : {}) },
    maxResponseBytes: 64_000_000,
  });
  if (response.status === 409 || response.status === 412) return retry(`${FHIR_SERVER} changed the document being corrected meanwhile; ChartDesk will read it again and retry.`);
  return ok(response.status) ? null : refusal(response);
}

/** "Entered in error" with nothing in its place: idempotent (a marked DocumentReference is left as it is). */
export async function retractAtFhir(call: AuthorisedCall, refusal: Refusal, config: FhirTargetConfig, retraction: RetractionPackage): Promise<DeliveryOutcome> {
  const old = await readReplaced(call, refusal, config, retraction.retracted);
  const receipt = `DocumentReference/${old.id}`;
  if (old.resource.status === 'entered-in-error') return { kind: 'delivered', receipt };
  return (await markReplaced(call, refusal, config, old, 'entered-in-error')) ?? { kind: 'delivered', receipt };
}
