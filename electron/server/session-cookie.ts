import type { IncomingMessage } from 'node:http';

export const sessionCookieName = 'chartdesk_session';

export function readSessionToken(request: IncomingMessage): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === sessionCookieName) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** HttpOnly so page scripts never see the token; SameSite=Strict so other sites cannot ride it. */
export function sessionCookie(token: string, expiresAt: string, secure: boolean): string {
  return [
    `${sessionCookieName}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Expires=${new Date(expiresAt).toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${sessionCookieName}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ');
}
