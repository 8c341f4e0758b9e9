/**
 * Every route of the headless station, tried over real HTTP on loopback the ways a stranger, a
 * user of the wrong role and another web site would try it. The methods come from the contract,
 * so a method added tomorrow is covered without touching this file.
 */
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type MethodName, contract, methodNames } from '../../../shared/api/contract.js';
import { csrfHeader, httpPaths } from '../../../shared/api/transport.js';
import type { Role } from '../../../shared/domain/user.js';
import { type StationServer } from '../../../electron/server/http-server.js';
import { MINIMAL_INPUT_PASSWORD, mayCall, minimalInput } from '../../support/minimal-inputs.js';
import { type TestStation, openTestStation, serveTestStation } from '../../support/test-station.js';

const roles = ['admin', 'clerk', 'reviewer'] as const satisfies readonly Role[];
const refusalCodes = /^(forbidden|not-signed-in)$/;
/** Not valid for any method: a refusal must not depend on what was sent. */
const junkInput = { junk: 'x'.repeat(40) };

let t: TestStation;
let server: StationServer;
let origin: string;
let inputs: Partial<Record<MethodName, unknown>>;
const cookies = {} as Record<Role, string>;
let pageImagePath: string;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** node:http rather than fetch, because fetch will not send a forged Host header. */
const send = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });

interface CallOptions {
  cookie?: string;
  csrf?: string | null;
  contentType?: string;
  host?: string;
  origin?: string;
  httpMethod?: string;
}

const callApi = (method: string, input: unknown, options: CallOptions = {}) =>
  send(
    options.httpMethod ?? 'POST',
    `${httpPaths.api}${method}`,
    {
      'content-type': options.contentType ?? 'application/json',
      ...(options.csrf === null ? {} : { [csrfHeader]: options.csrf ?? '1' }),
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.host ? { host: options.host } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    },
    JSON.stringify(input),
  );

const errorCode = (reply: Reply): string => {
  const parsed = JSON.parse(reply.body.toString('utf8')) as { ok: boolean; error?: { code: string } };
  return parsed.ok ? 'ok' : parsed.error!.code;
};

const cookieOf = (reply: Reply): string => {
  const header = reply.headers['set-cookie']?.[0];
  if (!header) throw new Error(`no session cookie: ${reply.status} ${reply.body.toString('utf8')}`);
  return header.split(';')[0]!;
};

const signIn = async (username: string) => cookieOf(await callApi('session.signIn', { username, password: MINIMAL_INPUT_PASSWORD }));

/**
 * Some allowed calls end or lock the session they were made with (sign-out, lock): after each
 * one the role's session is checked and replaced if it no longer works. Signing in per call
 * instead would cost a scrypt hash each.
 */
const keepSession = async (role: Role) => {
  if ((await callApi('station.status', {}, { cookie: cookies[role] })).status !== 200) cookies[role] = await signIn(role);
};

/**
 * A caller the method would otherwise serve: nobody for a public method, else a user of a role
 * it allows. A refusal seen with this caller can only come from the check under test.
 */
const welcomeCaller = (method: MethodName): CallOptions => {
  const access = contract[method].access;
  if (access === 'public') return {};
  const role = roles.find((r) => mayCall(access, r));
  if (!role) throw new Error(`${method} allows no role`);
  return { cookie: cookies[role] };
};

const hostileHosts = () => ['evil.example', `evil.example:${new URL(server.url).port}`, `127.0.0.1.evil.example:${new URL(server.url).port}`];
const hostileOrigins = () => ['http://evil.example', `http://evil.example:${new URL(server.url).port}`, 'null', `http://127.0.0.1:${Number(new URL(server.url).port) + 1}`];

beforeAll(async () => {
  t = await openTestStation();
  server = await serveTestStation(t);
  origin = new URL(server.url).origin;
  inputs = minimalInput('none', join(t.root, 'scratch'));

  cookies.admin = cookieOf(await callApi('session.createAdmin', { username: 'admin', displayName: 'Route Admin', password: MINIMAL_INPUT_PASSWORD }));
  for (const role of ['clerk', 'reviewer'] as const) {
    const created = await callApi('users.create', { username: role, displayName: `Route ${role}`, role, password: MINIMAL_INPUT_PASSWORD }, { cookie: cookies.admin });
    expect(created.status, created.body.toString('utf8')).toBe(200);
    cookies[role] = await signIn(role);
  }

  // One real page, so the image route has something to refuse.
  const scan = join(t.root, 'page.png');
  await sharp({ create: { width: 320, height: 420, channels: 3, background: '#ffffff' } })
    .png()
    .toFile(scan);
  const ingested = await t.station.ingestFile(scan, { removeSource: false });
  if (ingested.outcome !== 'ingested') throw new Error(`the test page was not ingested: ${ingested.outcome}`);
  const batch = JSON.parse((await callApi('batches.get', { batchId: ingested.batchId }, { cookie: cookies.admin })).body.toString('utf8')) as {
    value: { pages: { id: string }[] };
  };
  pageImagePath = httpPaths.pageImage(batch.value.pages[0]!.id, 'thumb');
});

afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('every contract method over HTTP', () => {
  it('the sessions used below are real: each role can read the station status', async () => {
    for (const role of roles) expect((await callApi('station.status', {}, { cookie: cookies[role] })).status, role).toBe(200);
  });

  for (const method of methodNames) {
    const access = contract[method].access;

    describe(method, () => {
      if (access === 'public') {
        it('is public: answered without a session', async () => {
          const reply = await callApi(method, inputs[method] ?? {});
          expect(errorCode(reply)).not.toMatch(refusalCodes);
        });
      } else {
        it('refuses a caller without a session (401), whatever the input', async () => {
          for (const input of [inputs[method] ?? {}, junkInput]) {
            const reply = await callApi(method, input);
            expect(reply.status).toBe(401);
            expect(errorCode(reply)).toBe('not-signed-in');
          }
        });

        it('refuses a session cookie the station did not issue (401)', async () => {
          const reply = await callApi(method, inputs[method] ?? {}, { cookie: 'chartdesk_session=forged-token-value' });
          expect(reply.status).toBe(401);
        });
      }

      for (const role of roles) {
        if (mayCall(access, role)) {
          it(`lets a ${role} past the session and role check`, async () => {
            const reply = await callApi(method, inputs[method] ?? {}, { cookie: cookies[role] });
            expect(errorCode(reply)).not.toMatch(refusalCodes);
            await keepSession(role);
          });
        } else {
          it(`refuses a ${role} (403), whatever the input`, async () => {
            for (const input of [inputs[method] ?? {}, junkInput]) {
              const reply = await callApi(method, input, { cookie: cookies[role] });
              expect(reply.status).toBe(403);
              expect(errorCode(reply)).toBe('forbidden');
            }
          });
        }
      }

      it('refuses a request without the CSRF header, with a wrong one, or not sent as JSON (403)', async () => {
        for (const options of [{ csrf: null }, { csrf: '0' }, { csrf: 'true' }, { contentType: 'text/plain' }, { contentType: 'application/x-www-form-urlencoded' }]) {
          const reply = await callApi(method, inputs[method] ?? {}, { ...welcomeCaller(method), ...options });
          expect(reply.status, JSON.stringify(options)).toBe(403);
          expect(errorCode(reply)).toBe('forbidden');
        }
      });

      it('refuses GET (a link or an <img> cannot call it)', async () => {
        const reply = await callApi(method, undefined, { ...welcomeCaller(method), httpMethod: 'GET' });
        expect(reply.status).toBe(405);
      });

      it('refuses a foreign Host header (421) and a foreign Origin (403)', async () => {
        for (const host of hostileHosts()) {
          expect((await callApi(method, inputs[method] ?? {}, { ...welcomeCaller(method), host })).status, host).toBe(421);
        }
        for (const foreign of hostileOrigins()) {
          expect((await callApi(method, inputs[method] ?? {}, { ...welcomeCaller(method), origin: foreign })).status, foreign).toBe(403);
        }
      });
    });
  }
});

describe(`GET ${httpPaths.pageImage(':pageId', 'thumb')}`, () => {
  const getImage = (headers: Record<string, string> = {}, method = 'GET') => send(method, pageImagePath, headers);

  it('serves the page to every signed-in role, from this origin', async () => {
    for (const role of roles) {
      const reply = await getImage({ cookie: cookies[role], origin });
      expect(reply.status, role).toBe(200);
      expect(reply.body.length).toBeGreaterThan(0);
    }
  });

  it('refuses a caller without a session, or with a forged one (401), and says nothing about the page', async () => {
    for (const headers of [{}, { cookie: 'chartdesk_session=forged-token-value' }] as Array<Record<string, string>>) {
      const reply = await getImage(headers);
      expect(reply.status).toBe(401);
      expect(reply.body.length).toBe(0);
    }
    // The same answer for a page that does not exist: page ids cannot be probed.
    expect((await send('GET', httpPaths.pageImage('no-such-page', 'thumb'), {})).status).toBe(401);
  });

  it('refuses a foreign Host (421), a foreign Origin (403) and methods other than GET', async () => {
    for (const host of hostileHosts()) expect((await getImage({ cookie: cookies.admin, host })).status, host).toBe(421);
    for (const foreign of hostileOrigins()) expect((await getImage({ cookie: cookies.admin, origin: foreign })).status, foreign).toBe(403);
    expect((await getImage({ cookie: cookies.admin }, 'POST')).status).toBe(405);
  });
});

describe(`WebSocket ${httpPaths.events}`, () => {
  /** 'open', or the HTTP status the handshake was refused with. */
  const connect = (headers: Record<string, string>, wsOrigin?: string) =>
    new Promise<number | 'open'>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}${httpPaths.events.slice(1)}`, { headers, ...(wsOrigin ? { origin: wsOrigin } : {}) });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode!));
      socket.on('error', (error) => reject(error));
    });

  it('opens for every signed-in role, also when Host and Origin are given explicitly', async () => {
    for (const role of roles) expect(await connect({ cookie: cookies[role] }, origin), role).toBe('open');
    // The refusals below set the same header: this shows the client really sends it.
    expect(await connect({ cookie: cookies.admin, host: new URL(server.url).host }, origin)).toBe('open');
  });

  it('refuses a caller without a session, or with a forged one (401)', async () => {
    expect(await connect({})).toBe(401);
    expect(await connect({ cookie: 'chartdesk_session=forged-token-value' })).toBe(401);
  });

  it('refuses a foreign Host or Origin', async () => {
    for (const host of hostileHosts()) expect(await connect({ cookie: cookies.admin, host }), host).toBe(401);
    for (const foreign of hostileOrigins()) expect(await connect({ cookie: cookies.admin }, foreign), foreign).toBe(401);
  });
});
