import { request as httpRequest } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/engine/log/logger.js';
import { type StationServer, isJsonContentType, startStationServer } from '../../../electron/server/http-server.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/** Issue 18, items 8 and 10 (the transport's share): malformed requests, origins, content types, source maps, sign-in over an old cookie. */
let t: TestStation;
let server: StationServer;
const logLines: { level: string; event: string }[] = [];
let adminCookie = '';
const PASSWORD = 'records station 2026';

/** A raw request: fetch would refuse to send some of these (a malformed path, odd headers). */
const raw = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  new Promise<{ status: number; body: string; setCookie: string | undefined }>((resolve, reject) => {
    const url = new URL(server.url);
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, setCookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1', ...headers }, body: JSON.stringify(body) });
const cookieOf = (setCookie: string | undefined) => setCookie!.split(';')[0]!;
const userOf = async (cookie: string) => (JSON.parse((await post('session.status', {}, { cookie })).body) as { value: { user: { username: string } | null } }).value.user?.username ?? null;

beforeAll(async () => {
  t = await openTestStation({ delivery: false });
  const rendererDir = join(t.root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ChartDesk</title>');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1);\n//# sourceMappingURL=index-abc.js.map\n');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js.map'), '{"version":3,"sources":["../../renderer/main.tsx"],"sourcesContent":["// the code as written"]}');
  const log = createLogger({ write: (line) => logLines.push(JSON.parse(line) as { level: string; event: string }) });
  server = await startStationServer({ station: t.station, rendererDir, host: '127.0.0.1', port: 0, log });
  const created = await post('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD });
  adminCookie = cookieOf(created.setCookie);
  await t.station.context.accounts.createUser({ username: 'clerk', displayName: 'Cleo', password: 'the clerk has her own', role: 'clerk' });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('malformed requests are the client’s error (item 8)', () => {
  it('answers 400 to a malformed escape in an API path, a page path and a session cookie, and logs it as a client error', async () => {
    logLines.length = 0;
    expect((await post('%E0%A4%A', {}, { cookie: adminCookie })).status).toBe(400);
    expect((await raw('/files/pages/%E0%A4%A/view', { headers: { cookie: adminCookie } })).status).toBe(400);
    expect((await post('session.status', {}, { cookie: 'chartdesk_session=%E0%A4%A' })).status).toBe(400);
    expect(logLines.filter((l) => l.event === 'http.bad-request' && l.level === 'warn')).toHaveLength(3);
    expect(logLines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('cross-site defences (item 10)', () => {
  it('compares the scheme of the Origin, not only its host and port', async () => {
    const port = new URL(server.url).port;
    expect((await post('session.status', {}, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    expect((await post('session.status', {}, { origin: `https://127.0.0.1:${port}` })).status).toBe(403);
    expect((await post('session.status', {}, { origin: `ws://127.0.0.1:${port}` })).status).toBe(403);
  });

  it('takes exactly application/json, with at most a UTF-8 charset', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      expect(isJsonContentType(type), type).toBe(true);
      expect((await post('session.status', {}, { 'content-type': type })).status, type).toBe(200);
    }
    for (const type of ['application/json-patch+json', 'application/jsonp', 'application/json; charset=latin1', 'application/json; boundary=x', 'text/plain']) {
      expect(isJsonContentType(type), type).toBe(false);
      expect((await post('session.status', {}, { 'content-type': type })).status, type).toBe(403);
    }
  });

  it('serves source maps only to someone signed in', async () => {
    const script = await raw('/assets/index-abc.js');
    expect(script.status).toBe(200);
    const stranger = await raw('/assets/index-abc.js.map');
    expect(stranger.status).toBe(404);
    expect(stranger.body).not.toContain('the code as written');
    const signedIn = await raw('/assets/index-abc.js.map', { headers: { cookie: adminCookie } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toContain('the code as written');
  });

  it('a sign-in ends the session whose cookie the browser already held', async () => {
    const first = cookieOf((await post('session.signIn', { username: 'admin', password: PASSWORD })).setCookie);
    expect(await userOf(first)).toBe('admin');
    const second = await post('session.signIn', { username: 'clerk', password: 'the clerk has her own' }, { cookie: first });
    expect(second.status).toBe(200);
    const replacement = cookieOf(second.setCookie);
    expect(replacement).not.toBe(first);
    expect(await userOf(replacement)).toBe('clerk');
    expect(await userOf(first)).toBeNull();
  });

  it('treats two session cookies (one planted at another path) as no session', async () => {
    // Someone signed in as themselves and planted their cookie at a deeper path, which the
    // browser sends first: the station must not take the request as theirs.
    const planted = cookieOf((await post('session.signIn', { username: 'clerk', password: 'the clerk has her own' })).setCookie);
    expect(await userOf(planted)).toBe('clerk');
    expect(await userOf(`${planted}; ${adminCookie}`)).toBeNull();
    expect(await userOf(adminCookie)).toBe('admin');
  });
});
