import type { IncomingMessage } from 'node:http';

export const sessionCookieName = 'chartdesk_session';

/** A request the client got wrong (a malformed escape in its path or cookie): answered 400, logged as the client's. */
export class MalformedRequestError extends Error {
  override name = 'MalformedRequestError';
}

/**
 * The session token the browser sent. The station sets one cookie, at Path=/; two of them mean
 * someone else set one (another path, a planted cookie), and the request counts as signed out
 * rather than guess which is real.
 */
export function readSessionToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  const tokens: string[] = [];
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== sessionCookieName) continue;
    try {
      tokens.push(decodeURIComponent(rest.join('=')));
    } catch {
      throw new MalformedRequestError('malformed session cookie');
    }
  }
  return tokens.length === 1 ? tokens[0]! : null;
}

/** HttpOnly so page scripts never see the token; SameSite=Strict so other sites cannot ride it. */
export function sessionCookie(token: string, expiresAt: string, secure: boolean): string {
  return [`${sessionCookieName}=${encodeURIComponent(token)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Expires=${new Date(expiresAt).toUTCString()}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${sessionCookieName}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
