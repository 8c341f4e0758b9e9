import type { FhirAuth } from '../../../../shared/domain/delivery-targets.js';
import { exchange, retryAfterMs } from './http-transport.js';
import { DeliveryStop, failed, retry } from './outcomes.js';

export interface FhirAuthorizer {
  /** The Authorization header value, or null when the server is open. */
  header(signal: AbortSignal): Promise<string | null>;
  /** Called after a 401; true when asking again with a fresh credential could succeed. */
  renew(): boolean;
}

export interface AuthTransport {
  timeoutMs: number;
  extraCa: string | null;
  now?: () => number;
}

const SIGN_IN = 'The sign-in server';

export function createAuthorizer(auth: FhirAuth, transport: AuthTransport): FhirAuthorizer {
  switch (auth.type) {
    case 'none':
      return { header: async () => null, renew: () => false };
    case 'bearer':
      return { header: async () => `Bearer ${auth.token}`, renew: () => false };
    case 'client-credentials':
      return new ClientCredentials(auth, transport);
  }
}

type ClientCredentialsAuth = Extract<FhirAuth, { type: 'client-credentials' }>;

/** Tokens live until shortly before they expire, so a token is never sent as it runs out. */
const EXPIRY_MARGIN_MS = 30_000;
/** RFC 6749 makes expires_in optional; without it, assume a short life rather than forever. */
const DEFAULT_LIFETIME_S = 300;

class ClientCredentials implements FhirAuthorizer {
  private token: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly auth: ClientCredentialsAuth,
    private readonly transport: AuthTransport,
  ) {
    this.now = transport.now ?? Date.now;
  }

  async header(signal: AbortSignal): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return `Bearer ${this.token.value}`;
    // Deliveries running side by side share one token request.
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = null;
    });
    return `Bearer ${await this.pending}`;
  }

  renew(): boolean {
    this.token = null;
    return true;
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.auth.scope) form.set('scope', this.auth.scope);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (this.auth.clientAuth === 'basic') {
      // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
      const basic = `${encodeURIComponent(this.auth.clientId)}:${encodeURIComponent(this.auth.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      form.set('client_id', this.auth.clientId);
      form.set('client_secret', this.auth.clientSecret);
    }
    const response = await exchange(
      { method: 'POST', url: new URL(this.auth.tokenUrl), headers, body: form.toString(), maxResponseBytes: 1_000_000 },
      { peer: SIGN_IN, timeoutMs: this.transport.timeoutMs, extraCa: this.transport.extraCa, signal },
    );
    const { status } = response;
    if (status >= 500 || status === 408 || status === 429) {
      throw new DeliveryStop(retry(`${SIGN_IN} is having a problem (HTTP ${status}).`, retryAfterMs(response.headers['retry-after'])));
    }
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8')) as typeof body;
    } catch {
      body = {};
    }
    if (status >= 400) {
      // The OAuth error code (invalid_client, invalid_scope, ...) is safe to show and says what to fix.
      const code = typeof body.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? ` (${body.error})` : '';
      throw new DeliveryStop(failed(`${SIGN_IN} refused ChartDesk's client id, secret or scope${code}; check the target's settings.`));
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new DeliveryStop(retry(`${SIGN_IN} answered without an access token.`));
    }
    // Some servers send expires_in as a string.
    const expiresIn = Number(body.expires_in);
    const lifetimeS = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S;
    const lifetimeMs = lifetimeS * 1000;
    this.token = { value: body.access_token, renewAt: this.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10) };
    return body.access_token;
  }
}
