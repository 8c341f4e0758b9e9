import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type StationServer } from '../../../electron/server/http-server.js';
import { type TestStation, openTestStation, serveTestStation } from '../../support/test-station.js';
import { sampleSetForFile } from '../../support/per-file-fixtures.js';

/** The headless station's HTTP and WebSocket transport, against a real engine on a temp folder. */
let t: TestStation;
let server: StationServer;
const samples = sampleSetForFile();

const api = (method: string, body: unknown, init: { cookie?: string; csrf?: boolean; host?: string; origin?: string } = {}) =>
  fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(init.csrf === false ? {} : { 'x-chartdesk-csrf': '1' }),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(init.origin ? { origin: init.origin } : {}),
    },
    body: JSON.stringify(body),
  });

const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

let adminCookie = '';

beforeAll(async () => {
  t = await openTestStation();
  server = await serveTestStation(t);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('the headless station over HTTP', () => {
  it('serves the UI with a strict content security policy', async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('tells a fresh station that setup is needed, without a session', async () => {
    const response = await api('session.status', {});
    expect(await response.json()).toEqual({ ok: true, value: { setupRequired: true, user: null, stationName: 'TEST-STATION', locked: false, idleLockSeconds: 600 } });
  });

  it('refuses every non-public method without a session', async () => {
    for (const method of ['station.status', 'batches.list', 'batches.get', 'intake.list', 'quarantine.list', 'station.setDropDir']) {
      const body = method === 'batches.get' ? { batchId: 'x' } : method === 'station.setDropDir' ? { path: '/tmp/x' } : {};
      const response = await api(method, body);
      expect(response.status, method).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not-signed-in');
    }
  });

  it('refuses a request without the CSRF header or from another origin', async () => {
    expect((await api('session.status', {}, { csrf: false })).status).toBe(403);
    expect((await api('session.status', {}, { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('refuses a request whose Host header is not this station (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(new URL('/api/session.status', server.url), { method: 'POST', headers: { host: 'evil.example', 'x-chartdesk-csrf': '1', 'content-type': 'application/json' } }, (res) =>
        resolve(res.statusCode!),
      );
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('explains invalid input field by field', async () => {
    const response = await api('session.createAdmin', { username: 'a', displayName: 'Admin', password: 'short' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe('invalid-input');
    expect(Object.keys(body.error.fields).sort()).toEqual(['password', 'username']);
  });

  it('creates the first administrator, signs them in with an HttpOnly SameSite cookie, and only once', async () => {
    const response = await api('session.createAdmin', { username: 'admin', displayName: 'Records Admin', password: 'a long enough password' });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    adminCookie = cookieOf(response);
    const again = await api('session.createAdmin', { username: 'admin2', displayName: 'Second', password: 'a long enough password' });
    expect(again.status).toBe(409);
    const status = (await (await api('session.status', {}, { cookie: adminCookie })).json()) as { value: { user: { username: string } } };
    expect(status.value.user.username).toBe('admin');
  });

  it('gives a signed-in user batches and page images, and refuses images to strangers', async () => {
    await t.station.ingestFile(samples.path('letter-g4.tif'), { removeSource: false });
    const list = (await (await api('batches.list', {}, { cookie: adminCookie })).json()) as { value: { batches: { id: string }[] } };
    const batch = (await (await api('batches.get', { batchId: list.value.batches[0]!.id }, { cookie: adminCookie })).json()) as {
      value: { pages: { id: string }[] };
    };
    expect(batch.value.pages).toHaveLength(3);
    const url = new URL(`/files/pages/${batch.value.pages[0]!.id}/thumb`, server.url);
    const image = await fetch(url, { headers: { cookie: adminCookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toContain('no-store');
    expect((await fetch(url)).status).toBe(401);
  });

  it('lets only an administrator change the drop folder', async () => {
    await t.station.context.accounts.createUser({ username: 'clerk', displayName: 'Clerk', password: 'another long password', role: 'clerk' });
    const clerkCookie = cookieOf(await api('session.signIn', { username: 'clerk', password: 'another long password' }));
    const refused = await api('station.setDropDir', { path: join(t.root, 'other-drop') }, { cookie: clerkCookie });
    expect(refused.status).toBe(403);
    const allowed = await api('station.setDropDir', { path: join(t.root, 'other-drop') }, { cookie: adminCookie });
    expect(allowed.status).toBe(200);
  });

  it('says the same thing for a wrong password and an unknown user, and locks after repeated failures', async () => {
    const wrong = (await (await api('session.signIn', { username: 'clerk', password: 'nope' })).json()) as { error: { message: string } };
    const unknown = (await (await api('session.signIn', { username: 'nobody', password: 'nope' })).json()) as { error: { message: string } };
    expect(wrong.error.message).toBe(unknown.error.message);
    for (let i = 0; i < 4; i++) await api('session.signIn', { username: 'clerk', password: 'nope' });
    const locked = await api('session.signIn', { username: 'clerk', password: 'another long password' });
    expect(locked.status).toBe(423);
  });

  it('pushes engine events over the WebSocket to a signed-in browser only', async () => {
    const wsUrl = server.url.replace('http', 'ws') + 'api/events';
    const stranger = new WebSocket(wsUrl);
    const strangerOutcome = await new Promise<string>((resolve) => {
      stranger.on('open', () => resolve('open'));
      stranger.on('error', () => resolve('refused'));
    });
    expect(strangerOutcome).toBe('refused');

    const socket = new WebSocket(wsUrl, { headers: { cookie: adminCookie } });
    await new Promise((resolve) => socket.on('open', resolve));
    const received = new Promise<{ type: string }>((resolve) => socket.on('message', (data) => resolve(JSON.parse(data.toString()))));
    await t.station.ingestFile(samples.path('consent-form.png'), { removeSource: false });
    expect((await received).type).toBe('batch.created');
    socket.close();
  });

  it('ends the session on sign-out', async () => {
    const response = await api('session.signOut', {}, { cookie: adminCookie });
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await api('batches.list', {}, { cookie: adminCookie })).status).toBe(401);
  });
});
