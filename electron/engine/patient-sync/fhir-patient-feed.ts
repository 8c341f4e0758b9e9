import { readFile } from 'node:fs/promises';
import { createAuthorizer, type FhirAuthorizer } from '../delivery/connectors/fhir-auth.js';
import { exchange, type HttpResponse } from '../delivery/connectors/http-transport.js';
import { DeliveryStop } from '../delivery/connectors/outcomes.js';
import type { PatientSyncConfig } from '../../../shared/domain/patient-sync.js';

export type FhirJson = Record<string, unknown> & { resourceType?: string; id?: string };

/** Why a sync could not read the patient feed, in a sentence for the administrator (no patient data). */
export class PatientFeedError extends Error {
  override name = 'PatientFeedError';
}

const PEER = 'The patient index server';
const MAX_PAGES = 100_000;

/**
 * Reads the hospital's FHIR Patient endpoint: the patients changed since a moment
 * (`_lastUpdated=ge`, oldest first), page by page, following the server's `next` links (never
 * to another host: nothing but the configured server is ever contacted) or, for a server that
 * gives none, `_offset`. Uses the delivery targets' HTTP client and sign-in (bearer or OAuth2
 * client credentials, a hospital CA).
 */
export class FhirPatientFeed {
  private authorizer: FhirAuthorizer | null = null;
  private readonly base: URL;

  constructor(
    private readonly config: PatientSyncConfig,
    private readonly options: { now?: () => number } = {},
  ) {
    this.base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  }

  async changedSince(watermark: string | null, signal: AbortSignal): Promise<FhirJson[]> {
    const extraCa = await this.loadCa();
    const first = new URL('Patient', this.base);
    first.searchParams.set('_count', String(this.config.pageSize));
    first.searchParams.set('_sort', '_lastUpdated');
    if (watermark) first.searchParams.set('_lastUpdated', `ge${watermark}`);
    const found: FhirJson[] = [];
    let url: URL | null = first;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const bundle = await this.getJson(url, extraCa, signal);
      if (bundle.resourceType !== 'Bundle') throw new PatientFeedError(`${PEER} answered a Patient search with something other than a FHIR Bundle.`);
      const entries = ((bundle.entry as { resource?: FhirJson }[] | undefined) ?? []).map((e) => e.resource).filter((r): r is FhirJson => r?.resourceType === 'Patient');
      found.push(...entries);
      url = this.nextPage(bundle, first, page, entries.length);
    }
    return found;
  }

  /** One Patient by its reference ("Patient/123"), for a merge whose survivor was not among the changed. */
  async read(reference: string, signal: AbortSignal): Promise<FhirJson | null> {
    const id = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference)?.[1];
    if (!id) return null;
    const resource = await this.getJson(new URL(`Patient/${id}`, this.base), await this.loadCa(), signal, true);
    return resource.resourceType === 'Patient' ? resource : null;
  }

  private nextPage(bundle: FhirJson, first: URL, page: number, count: number): URL | null {
    const next = ((bundle.link as { relation?: string; url?: string }[] | undefined) ?? []).find((l) => l.relation === 'next')?.url;
    if (next) {
      const url = new URL(next, this.base);
      if (url.origin !== this.base.origin) throw new PatientFeedError(`${PEER} pointed to another server for the next page; ChartDesk only reads the configured one.`);
      return url;
    }
    if (count < this.config.pageSize) return null;
    const url = new URL(first);
    url.searchParams.set('_offset', String((page + 1) * this.config.pageSize));
    return url;
  }

  private async getJson(url: URL, extraCa: string | null, signal: AbortSignal, missingIsEmpty = false): Promise<FhirJson> {
    this.authorizer ??= createAuthorizer(this.config.auth, { timeoutMs: this.config.timeoutMs, extraCa, now: this.options.now });
    let response: HttpResponse;
    try {
      for (let renewed = false; ; renewed = true) {
        const authorization = await this.authorizer.header(signal);
        response = await exchange(
          { method: 'GET', url, headers: { accept: 'application/fhir+json', ...(authorization ? { authorization } : {}) }, maxResponseBytes: 256_000_000 },
          { peer: PEER, timeoutMs: this.config.timeoutMs, extraCa, signal },
        );
        if (response.status === 401 && !renewed && this.authorizer.renew()) continue;
        break;
      }
    } catch (error) {
      if (error instanceof DeliveryStop) throw new PatientFeedError(error.outcome.reason.replace("the target's settings", 'the patient sync settings'));
      throw error;
    }
    if (missingIsEmpty && (response.status === 404 || response.status === 410)) return {};
    if (response.status === 401 || response.status === 403) {
      throw new PatientFeedError(`${PEER} refused ChartDesk (HTTP ${response.status}); check the sign-in in the patient sync settings, and that ChartDesk may read Patient resources.`);
    }
    if (response.status < 200 || response.status >= 300) throw new PatientFeedError(`${PEER} answered HTTP ${response.status} to a Patient search; the sync will try again at its next run.`);
    try {
      return JSON.parse(response.body.toString('utf8')) as FhirJson;
    } catch {
      throw new PatientFeedError(`${PEER} answered with something that is not JSON.`);
    }
  }

  private async loadCa(): Promise<string | null> {
    if (!this.config.caFile) return null;
    const pem = await readFile(this.config.caFile, 'utf8').catch(() => null);
    if (!pem?.includes('-----BEGIN CERTIFICATE-----')) throw new PatientFeedError(`The CA certificate file ${this.config.caFile} cannot be read as a PEM certificate.`);
    return pem;
  }
}
