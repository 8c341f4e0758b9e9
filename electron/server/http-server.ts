import { type IncomingMessage, type RequestListener, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { csrfHeader, httpPaths } from '../../shared/api/transport.js';
import type { ApiErrorCode } from '../../shared/api/result.js';
import { PageImageVariant } from '../../shared/domain/batch.js';
import type { Logger } from '../engine/log/logger.js';
import type { Station } from '../engine/station-types.js';
import { setSecurityHeaders } from './security-headers.js';
import { MalformedRequestError, clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie.js';
import { serveAsset } from './static-files.js';
import { type TlsIdentity, certificateHostNames } from './tls-identity.js';

export interface StationServerOptions {
  station: Station;
  rendererDir: string;
  host: string;
  port: number;
  log: Logger;
  /** Serve https with this certificate (required for any address other than loopback). */
  tls?: TlsIdentity;
  /**
   * Further host names browsers use to reach the station (e.g. scan-01.hospital.example when
   * listening on 0.0.0.0). The certificate's own names are accepted without being listed.
   */
  publicNames?: readonly string[];
}

export interface StationServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const statusFor: Partial<Record<ApiErrorCode, number>> = {
  'invalid-input': 400,
  'unknown-method': 404,
  'not-signed-in': 401,
  'bad-credentials': 401,
  'locked-out': 423,
  'session-locked': 423,
  forbidden: 403,
  'setup-already-done': 409,
  'not-found': 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

export const isLoopbackHost = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1' || /^127\./.test(host);

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** A path segment, decoded; a malformed escape (`%E0%A4%A`) is the client's mistake, not ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MalformedRequestError('malformed escape in the path');
  }
}

function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://station.invalid');
  } catch {
    throw new MalformedRequestError('malformed request target');
  }
}

/**
 * Exactly `application/json`, with at most a UTF-8 charset: a prefix match would also take
 * `application/json-seq` or `application/jsonp`, which no page of ours sends.
 */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((p) => p === '' || /^charset=("?)utf-8\1$/.test(p));
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The headless station: the same React UI and the same contract as the desktop app, over
 * HTTP and a WebSocket, on loopback (or https on another address, once TLS is configured).
 * Every call needs a session (the engine's dispatcher checks it); this layer adds what a
 * browser needs: cookies, CSRF and DNS-rebinding defences.
 */
export async function startStationServer(options: StationServerOptions): Promise<StationServer> {
  const { station, log } = options;
  let allowedHosts = new Set<string>();
  // The Secure flag keeps the browser from ever sending the session cookie over plain http.
  const secure = options.tls !== undefined;

  const scheme = options.tls ? 'https:' : 'http:';
  const hostAllowed = (request: IncomingMessage) => allowedHosts.has((request.headers.host ?? '').toLowerCase());
  // Scheme, host and port: http://station:4873 is another origin than https://station:4873.
  const originAllowed = (request: IncomingMessage) => {
    const origin = request.headers.origin;
    if (!origin) return true;
    try {
      const url = new URL(origin);
      const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
      return url.protocol === scheme && allowedHosts.has(`${url.hostname}:${port}`.toLowerCase());
    } catch {
      return false;
    }
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    if (request.method !== 'POST') return sendJson(response, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST.' } });
    // A cross-site form cannot set a custom header or a JSON content type: together with
    // SameSite=Strict cookies this closes CSRF.
    if (request.headers[csrfHeader] !== '1' || !isJsonContentType(request.headers['content-type']) || !originAllowed(request)) {
      return sendJson(response, 403, { ok: false, error: { code: 'forbidden', message: 'This request was refused (cross-site request protection).' } });
    }
    const raw = await readBody(request);
    if (raw === null) return sendJson(response, 413, { ok: false, error: { code: 'invalid-input', message: 'The request is too large.' } });
    let input: unknown;
    try {
      input = raw.length === 0 ? {} : JSON.parse(raw);
    } catch {
      return sendJson(response, 400, { ok: false, error: { code: 'invalid-input', message: 'The request is not valid JSON.' } });
    }
    const outcome = await station.call(method, input, readSessionToken(request));
    if (outcome.session?.kind === 'signed-in') response.setHeader('set-cookie', sessionCookie(outcome.session.token, outcome.session.expiresAt, secure));
    if (outcome.session?.kind === 'signed-out') response.setHeader('set-cookie', clearedSessionCookie(secure));
    const status = outcome.result.ok ? 200 : (statusFor[outcome.result.error.code] ?? 500);
    sendJson(response, status, outcome.result);
  };

  const handlePageImage = async (response: ServerResponse, request: IncomingMessage, pageId: string, variantName: string) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return response.writeHead(405).end();
    // An <img> from another site carries no Origin and no SameSite=Strict cookie; a script's
    // fetch does carry an Origin, and is refused here like an API call.
    if (!originAllowed(request)) return response.writeHead(403).end();
    const token = readSessionToken(request);
    // Checked before the page is looked up, so a stranger cannot tell which page ids exist.
    if (!station.authenticate(token)) return response.writeHead(401).end();
    const variant = PageImageVariant.safeParse(variantName);
    if (!variant.success) return response.writeHead(404).end();
    let image: Awaited<ReturnType<Station['readPageImage']>>;
    try {
      image = await station.readPageImage(pageId, variant.data, token);
    } catch (error) {
      // The stored image failed its integrity check: say so (its id only, never patient data).
      if ((error as { code?: unknown }).code === 'tampered') return sendJson(response, 500, { ok: false, error: { code: 'tampered', message: (error as Error).message } });
      throw error;
    }
    if (!image) return response.writeHead(404).end();
    // 410 Gone: the page exists, its image was removed by retention after delivery (not a fault).
    if ('purged' in image) return sendJson(response, 410, { purged: true, retentionDays: image.retentionDays });
    // Page images are PHI: never cached on disk by the browser.
    response.writeHead(200, { 'content-type': image.contentType, 'cache-control': 'private, no-store' });
    response.end(image.bytes);
  };

  const onRequest: RequestListener = (request, response) => {
    setSecurityHeaders(response);
    if (!hostAllowed(request)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('Unknown host');
      return;
    }
    const work = (async () => {
      const url = requestUrl(request);
      if (url.pathname.startsWith(httpPaths.api) && url.pathname !== httpPaths.events) {
        return handleApi(request, response, decodeSegment(url.pathname.slice(httpPaths.api.length)));
      }
      const image = /^\/files\/pages\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
      if (image) return handlePageImage(response, request, decodeSegment(image[1]!), image[2]!);
      if (request.method !== 'GET' && request.method !== 'HEAD') return response.writeHead(405).end();
      // Source maps show the code as written: only to someone signed in (a developer at the station).
      return serveAsset(options.rendererDir, url.pathname, response, { sourceMaps: url.pathname.endsWith('.map') && station.authenticate(readSessionToken(request)) !== null });
    })();
    work.catch((error: unknown) => {
      if (error instanceof MalformedRequestError) {
        log.warn('http.bad-request', { code: 'malformed-request' });
        if (!response.headersSent) sendJson(response, 400, { ok: false, error: { code: 'invalid-input', message: 'The request is malformed.' } });
        else response.end();
        return;
      }
      log.error('http.request-failed', { code: 'internal' });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (request, socket, head) => {
    let url: URL;
    let token: string | null;
    try {
      url = requestUrl(request);
      token = readSessionToken(request);
    } catch {
      log.warn('http.bad-request', { code: 'malformed-request' });
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    if (url.pathname !== httpPaths.events || !hostAllowed(request) || !originAllowed(request) || !station.authenticate(token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const unsubscribe = station.onEvent((event) => {
        // A session can end while the socket is open: check it on every push.
        if (!station.authenticate(token)) return ws.close(4401, 'session ended');
        ws.send(JSON.stringify(event));
      });
      ws.on('close', unsubscribe);
      ws.on('message', () => undefined);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const publicNames = [...(options.publicNames ?? []), ...(options.tls ? certificateHostNames(options.tls.cert) : [])].map((n) => n.toLowerCase());
  allowedHosts = new Set([hostForUrl, 'localhost', '127.0.0.1', '[::1]', ...publicNames].map((h) => `${h}:${port}`.toLowerCase()));
  // A wildcard address is no place to browse to: name the station by the first public name.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const urlHost = wildcard && publicNames[0] ? publicNames[0] : hostForUrl;

  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}/`,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
