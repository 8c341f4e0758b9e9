import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { DeliveryStop, failed, type NotDelivered, retry, seconds } from './outcomes.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers?: Record<string, string>;
  body?: Buffer | string;
  signal: AbortSignal;
  /** A server that answers endlessly must not fill the station's memory. */
  maxResponseBytes: number;
}

/** Why no HTTP answer came back; `tls` means the server was reached but not trusted. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'aborted' | 'network' | 'tls' | 'too-large',
    readonly code: string,
  ) {
    super(`${kind} (${code})`);
    this.name = 'TransportError';
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|DEPTH_ZERO/;

/**
 * One HTTP exchange over node:http(s). Node's own `fetch` cannot take a CA without the undici
 * package (not a dependency of the app), while `https.request` takes `ca` directly.
 * No keep-alive: deliveries are minutes apart, and a reused socket the server has already
 * closed would turn a healthy attempt into a spurious retry.
 */
export function sendHttp(req: HttpRequest, extraCa: string | null): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (req.signal.aborted) return reject(new TransportError('aborted', 'ABORT'));
    const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    const headers: Record<string, string> = { ...req.headers, connection: 'close' };
    if (body) headers['content-length'] = String(body.length);
    const options = {
      method: req.method,
      headers,
      signal: req.signal,
      agent: false as const,
      ...(req.url.protocol === 'https:' && extraCa ? { ca: [...rootCertificates, extraCa] } : {}),
    };
    const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(req.url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxResponseBytes) {
          request.destroy(new TransportError('too-large', 'TOO_LARGE'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', (error) => reject(classify(error, req.signal)));
      response.on('aborted', () => reject(new TransportError('network', 'ECONNRESET')));
    });
    request.on('error', (error) => reject(classify(error, req.signal)));
    request.end(body);
  });
}

function classify(error: unknown, signal: AbortSignal): TransportError {
  if (error instanceof TransportError) return error;
  if (signal.aborted) return new TransportError('aborted', 'ABORT');
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name ?? 'ERROR';
  return new TransportError(TLS_CODES.test(code) ? 'tls' : 'network', code);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface ExchangeOptions {
  /** How the reason names the other side: "The FHIR server", "The sign-in server". */
  peer: string;
  timeoutMs: number;
  extraCa: string | null;
  /** The sender's signal: when it fires, the attempt was stopped rather than timed out. */
  signal: AbortSignal;
}

/**
 * An HTTP exchange whose failures to get any answer are already delivery outcomes: each is
 * transient (`retry`) except a certificate the station does not trust, which settings must fix.
 */
export async function exchange(req: Omit<HttpRequest, 'signal'>, options: ExchangeOptions): Promise<HttpResponse> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  try {
    return await sendHttp({ ...req, signal }, options.extraCa);
  } catch (error) {
    const transport = error instanceof TransportError ? error : new TransportError('network', (error as Error).name);
    throw new DeliveryStop(transportOutcome(transport, options));
  }
}

function transportOutcome(error: TransportError, options: ExchangeOptions): NotDelivered {
  switch (error.kind) {
    case 'aborted':
      return options.signal.aborted ? retry(`Delivery was stopped before ${lower(options.peer)} answered.`) : retry(`${options.peer} did not answer within ${seconds(options.timeoutMs)}.`);
    case 'tls':
      return failed(`${options.peer} presented a certificate this station does not trust (${error.code}); add the hospital's CA certificate file to the target's settings.`);
    case 'too-large':
      return retry(`${options.peer} sent an answer larger than expected; it was not read.`);
    default:
      return error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH'
        ? retry(`${options.peer} is not reachable (${error.code}).`)
        : retry(`The connection to ${lower(options.peer)} was lost before it answered (${error.code}).`);
  }
}

const lower = (peer: string) => peer.charAt(0).toLowerCase() + peer.slice(1);
