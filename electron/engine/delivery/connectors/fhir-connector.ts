import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Connector, DeliveryOutcome, DeliveryPackage, RetractionPackage } from '../delivery-package.js';
import type { FhirTargetConfig } from '../../../../shared/domain/delivery-targets.js';
import { createAuthorizer, type FhirAuthorizer } from './fhir-auth.js';
import { type AuthorisedCall, failedEntryStatus, markReplaced, readReplaced, replacementBundle, retractAtFhir } from './fhir-corrections.js';
import { baseOf, buildProvideBundle, type FhirBundle, type FhirResource, identifierToken, sha1Base64 } from './fhir-document-bundle.js';
import { exchange, type HttpResponse, retryAfterMs } from './http-transport.js';
import { DeliveryStop, failed, type NotDelivered, retry, withoutPhi } from './outcomes.js';

/*
 * Idempotency, end to end. The sender may call deliver() again for a document the server has
 * already committed: the station can die, or the connection drop, after the commit and before
 * the answer is recorded. Three layers make the end state one DocumentReference and one Binary:
 *
 *  1. Before sending, search DocumentReference?identifier=system|documentId. A match with the
 *     same content hash is the earlier delivery: report it as delivered and send nothing.
 *  2. The DocumentReference is a conditional create (ifNoneExist on the same identifier), so a
 *     transaction that races an earlier one still in flight (the station timed out, the server
 *     had not yet committed when the search ran) resolves to the existing resource.
 *  3. The Binary is a PUT under an id derived from the document id and the PDF's hash
 *     (update-as-create), so that race rewrites the same Binary instead of adding an orphan.
 *     A POSTed Binary cannot be made conditional: Binary has no identifier to search on.
 *
 * HAPI and Medplum's router accept client-assigned ids on PUT. Servers that refuse them can be
 * set to `attachment: 'inline'`, which carries the PDF inside the DocumentReference and has no
 * Binary to orphan.
 */

const FHIR_JSON = 'application/fhir+json';
const FHIR_SERVER = 'The FHIR server';

const stop = (outcome: NotDelivered) => new DeliveryStop(outcome);

/** Plain text from an OperationOutcome: what a person reading the reason needs. */
function outcomeText(body: Buffer): string | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as FhirResource;
    if (parsed.resourceType !== 'OperationOutcome' || !Array.isArray(parsed.issue)) return null;
    const texts = (parsed.issue as { details?: { text?: unknown }; diagnostics?: unknown; code?: unknown }[])
      .map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code)
      .filter((text): text is string => typeof text === 'string' && text.length > 0);
    return texts.length > 0 ? [...new Set(texts)].join('; ') : null;
  } catch {
    return null;
  }
}

function parseJson<T>(response: HttpResponse): T | null {
  try {
    return JSON.parse(response.body.toString('utf8')) as T;
  } catch {
    return null;
  }
}

const documentReferenceIdIn = (location: string | undefined) => /(?:^|\/)DocumentReference\/([A-Za-z0-9\-.]{1,64})/.exec(location ?? '')?.[1] ?? null;

export interface FhirConnectorOptions {
  /** For token expiry in tests. */
  now?: () => number;
}

export class FhirConnector implements Connector {
  readonly targetId: string;
  private extraCa: Promise<string | null> | null = null;
  private authorizer: FhirAuthorizer | null = null;

  constructor(
    private readonly config: FhirTargetConfig,
    private readonly options: FhirConnectorOptions = {},
  ) {
    this.targetId = config.id;
  }

  async deliver(pkg: DeliveryPackage, signal: AbortSignal): Promise<DeliveryOutcome> {
    try {
      const extraCa = await this.loadCa();
      this.authorizer ??= createAuthorizer(this.config.auth, { timeoutMs: this.config.timeoutMs, extraCa, now: this.options.now });
      const earlier = await this.findEarlierDelivery(pkg, extraCa, signal);
      // A correction (fhir-corrections.ts): the replaced DocumentReference is read first, and a
      // replacement that already arrived only needs the old one marked, if that is still to do.
      const replaced = pkg.replaces ? await readReplaced(this.authorisedCall(extraCa, signal), (r) => this.describeRefusal(r, pkg), this.config, pkg.replaces) : null;
      if (earlier?.kind === 'delivered' && replaced && !replaced.marked) {
        return (await markReplaced(this.authorisedCall(extraCa, signal), (r) => this.describeRefusal(r, pkg), this.config, replaced, this.config.replacedStatus)) ?? earlier;
      }
      if (earlier) return earlier;
      const pdf = await this.readPdf(pkg);
      const provide = buildProvideBundle(pkg, pdf, this.config);
      const bundle = replaced ? replacementBundle(provide, replaced, this.config) : provide;
      const response = await this.send(pkg, extraCa, signal, {
        method: 'POST',
        url: new URL(baseOf(this.config)),
        body: JSON.stringify(bundle),
        headers: { 'content-type': FHIR_JSON, prefer: 'return=minimal' },
        maxResponseBytes: 16_000_000 + 3 * pdf.length,
      });
      const partial = failedEntryStatus(response);
      if (partial !== null) return retry(`${FHIR_SERVER} refused part of the transaction (HTTP ${partial}); ChartDesk will check what arrived and try again.`);
      return await this.receiptOf(response, pkg, extraCa, signal);
    } catch (error) {
      if (error instanceof DeliveryStop) return error.outcome;
      throw error;
    }
  }

  async retract(retraction: RetractionPackage, signal: AbortSignal): Promise<DeliveryOutcome> {
    try {
      const extraCa = await this.loadCa();
      this.authorizer ??= createAuthorizer(this.config.auth, { timeoutMs: this.config.timeoutMs, extraCa, now: this.options.now });
      return await retractAtFhir(this.authorisedCall(extraCa, signal), (r) => this.describeRefusal(r, null), this.config, retraction);
    } catch (error) {
      if (error instanceof DeliveryStop) return error.outcome;
      throw error;
    }
  }

  private loadCa(): Promise<string | null> {
    const { caFile } = this.config;
    if (!caFile) return Promise.resolve(null);
    this.extraCa ??= readFile(caFile, 'utf8').then(
      (pem) => {
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw stop(failed(`The CA certificate file ${caFile} is not a PEM certificate.`));
        return pem;
      },
      () => {
        throw stop(failed(`The CA certificate file ${caFile} cannot be read.`));
      },
    );
    // A settings fix (the file put in place) must take effect without restarting the station.
    this.extraCa.catch(() => {
      this.extraCa = null;
    });
    return this.extraCa;
  }

  private async findEarlierDelivery(pkg: DeliveryPackage, extraCa: string | null, signal: AbortSignal): Promise<DeliveryOutcome | null> {
    const url = new URL(`DocumentReference?identifier=${identifierToken(pkg, this.config)}`, baseOf(this.config));
    const response = await this.send(pkg, extraCa, signal, { method: 'GET', url, maxResponseBytes: 16_000_000 + 3 * pkg.pdf.sizeBytes });
    const bundle = parseJson<FhirBundle>(response);
    if (bundle?.resourceType !== 'Bundle') throw stop(retry(`${FHIR_SERVER} answered a search with something other than a FHIR Bundle.`));
    const matches = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => r?.resourceType === 'DocumentReference');
    if (matches.length === 0) return null;
    if (matches.length > 1) return failed(`${FHIR_SERVER} already holds ${matches.length} DocumentReferences with this document's identifier; someone must resolve the duplicates there.`);
    const match = matches[0]!;
    const hashes = ((match.content ?? []) as { attachment?: { hash?: string } }[]).map((c) => c.attachment?.hash);
    if (hashes.includes(sha1Base64(pkg)) || hashes.every((h) => h === undefined)) return { kind: 'delivered', receipt: `DocumentReference/${match.id}` };
    return failed(`${FHIR_SERVER} already holds this document with different content (another PDF); ChartDesk does not replace it.`);
  }

  private async readPdf(pkg: DeliveryPackage): Promise<Buffer> {
    // From memory: the station's kept copy is encrypted, the repository gets the plain PDF.
    const pdf = pkg.pdf.bytes;
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const sha1 = createHash('sha1').update(pdf).digest('hex');
    if (sha256 !== pkg.pdf.sha256.toLowerCase() || sha1 !== pkg.pdf.sha1.toLowerCase() || pdf.length !== pkg.pdf.sizeBytes) {
      throw stop(retry("The document's PDF on this station does not match its recorded checksum; it will be prepared again."));
    }
    return pdf;
  }

  private async receiptOf(response: HttpResponse, pkg: DeliveryPackage, extraCa: string | null, signal: AbortSignal): Promise<DeliveryOutcome> {
    const bundle = parseJson<FhirBundle>(response);
    const entries = bundle?.resourceType === 'Bundle' ? (bundle.entry ?? []) : [];
    for (const entry of entries) {
      const id = documentReferenceIdIn(entry.response?.location) ?? (entry.resource?.resourceType === 'DocumentReference' ? entry.resource.id : null);
      if (id) return { kind: 'delivered', receipt: `DocumentReference/${id}` };
    }
    // The server committed but did not say where; the search that makes retries safe finds it.
    return (await this.findEarlierDelivery(pkg, extraCa, signal)) ?? retry(`${FHIR_SERVER} accepted the document but it could not be found afterwards.`);
  }

  /** One FHIR call with authorization; anything but a 2xx answer ends the attempt with an outcome. */
  private async send(pkg: DeliveryPackage, extraCa: string | null, signal: AbortSignal, request: Parameters<typeof exchange>[0]): Promise<HttpResponse> {
    const response = await this.authorisedCall(extraCa, signal)(request);
    if (response.status >= 200 && response.status < 300) return response;
    throw stop(this.describeRefusal(response, pkg));
  }

  /** One FHIR call with authorization (a fresh token once after a 401), whatever the status of the answer. */
  private authorisedCall(extraCa: string | null, signal: AbortSignal): AuthorisedCall {
    return async (request) => {
      const authorizer = this.authorizer!;
      for (let renewed = false; ; renewed = true) {
        const authorization = await authorizer.header(signal);
        const headers = { accept: FHIR_JSON, ...request.headers, ...(authorization ? { authorization } : {}) };
        const response = await exchange({ ...request, headers }, { peer: FHIR_SERVER, timeoutMs: this.config.timeoutMs, extraCa, signal });
        if (response.status === 401 && !renewed && authorizer.renew()) continue;
        return response;
      }
    };
  }

  /** `pkg` null (a retraction): the server's words are left out, there is no index to scrub them with. */
  private describeRefusal(response: HttpResponse, pkg: DeliveryPackage | null): NotDelivered {
    const { status } = response;
    const text = pkg ? outcomeText(response.body) : null;
    const said = text && pkg ? `: ${withoutPhi(text, pkg)}` : '.';
    if (status >= 500 || status === 408 || status === 429) {
      const wait = retryAfterMs(response.headers['retry-after']);
      const what = status === 429 ? 'is busy and asked ChartDesk to wait' : status === 408 ? 'gave up waiting for the request' : 'is having a problem';
      return retry(`${FHIR_SERVER} ${what} (HTTP ${status})${said}`, wait);
    }
    switch (status) {
      case 401:
        return failed(
          this.config.auth.type === 'none'
            ? `${FHIR_SERVER} requires sign-in (HTTP 401); set up authentication in the target's settings.`
            : `${FHIR_SERVER} refused ChartDesk's credentials (HTTP 401); check the target's settings.`,
        );
      case 403:
        return failed(`${FHIR_SERVER} does not give ChartDesk the access it needs (HTTP 403): it must be allowed to search and create DocumentReferences and Binaries.`);
      case 404:
        return failed(`${FHIR_SERVER} has no such endpoint (HTTP 404); check the base URL ${this.config.baseUrl}.`);
      case 409:
        // HAPI answers 409 when two writes of the same resource collide; the next attempt finds the winner.
        return retry(`${FHIR_SERVER} reported a conflicting change (HTTP 409)${said}`);
      case 412:
        // On a correction, the replaced DocumentReference changed after it was read (If-Match): read it again.
        if (pkg?.replaces) return retry(`${FHIR_SERVER} changed the document being corrected meanwhile (HTTP 412); ChartDesk will read it again and retry.`);
        return failed(`${FHIR_SERVER} holds more than one DocumentReference with this document's identifier (HTTP 412).`);
      default:
        return failed(`${FHIR_SERVER} refused the document (HTTP ${status})${said}`);
    }
  }
}
