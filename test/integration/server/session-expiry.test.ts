import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contract, methodNames } from '../../../shared/api/contract.js';
import { type StationServer } from '../../../electron/server/http-server.js';
import { MINIMAL_INPUT_PASSWORD, minimalInput } from '../../support/minimal-inputs.js';
import { type TestStation, openTestStation, serveTestStation } from '../../support/test-station.js';

/**
 * Sessions of the headless station end after 8 idle hours and 24 hours in all, and a locked
 * session (idle lock) is refused like an ended one except for unlocking. Time is the station's
 * injected clock, moved by the test: nothing sleeps.
 */
const HOUR = 60 * 60_000;

let t: TestStation;
let server: StationServer;
let clock: number;
let cookie: string;
let pageId: string;

const api = (method: string, body: unknown, withCookie = cookie) =>
  fetch(new URL(`/api/${method}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chartdesk-csrf': '1', cookie: withCookie },
    body: JSON.stringify(body),
  });
const codeOf = async (response: Response) => {
  const body = (await response.json()) as { ok: boolean; error?: { code: string } };
  return body.ok ? 'ok' : body.error!.code;
};

/** Opens the event stream with the session cookie: 'open', or the HTTP status it was refused with. */
const openEvents = () =>
  new Promise<number | 'open'>((resolve) => {
    const socket = new WebSocket(server.url.replace('http', 'ws') + 'api/events', { headers: { cookie } });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => undefined);
  });

const pageImage = async () => {
  const response = await fetch(new URL(`/files/pages/${encodeURIComponent(pageId)}/thumb`, server.url), { headers: { cookie } });
  return { status: response.status, bytes: (await response.arrayBuffer()).byteLength };
};

/** Every method a signed-in user may call, answered for this session: method -> [HTTP status, code]. */
async function answersToEveryMethod(): Promise<Map<string, [number, string]>> {
  const inputs = minimalInput('admin', t.root);
  const answers = new Map<string, [number, string]>();
  for (const method of methodNames) {
    // Public methods work without a session; sign-out and unlock change it.
    if (contract[method].access === 'public' || method === 'session.unlock' || method === 'session.lock') continue;
    const response = await api(method, inputs[method]);
    answers.set(method, [response.status, await codeOf(response)]);
  }
  return answers;
}

async function expectEverythingRefused(status: number, code: string) {
  for (const [method, answer] of await answersToEveryMethod()) expect(answer, method).toEqual([status, code]);
  expect(await openEvents()).toBe(401);
  const image = await pageImage();
  expect(image.status).not.toBe(200);
  expect(image.bytes).toBe(0);
}

beforeEach(async () => {
  clock = Date.parse('2026-03-02T08:00:00.000Z');
  t = await openTestStation({ now: () => new Date(clock) });
  server = await serveTestStation(t);

  const created = await api('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: MINIMAL_INPUT_PASSWORD }, '');
  expect(created.status).toBe(200);
  cookie = created.headers.get('set-cookie')!.split(';')[0]!;

  // One real page, so the page-image route has something it would otherwise serve.
  const scan = join(t.root, 'scan.png');
  await sharp({ create: { width: 400, height: 520, channels: 3, background: '#ffffff' } })
    .composite([{ input: { create: { width: 300, height: 20, channels: 3, background: '#000000' } }, top: 100, left: 50 }])
    .png()
    .toFile(scan);
  const ingest = await t.station.ingestFile(scan, { removeSource: false });
  if (ingest.outcome !== 'ingested') throw new Error(`the test scan was not ingested: ${ingest.outcome}`);
  const batch = (await (await api('batches.get', { batchId: ingest.batchId })).json()) as { value: { pages: { id: string }[] } };
  pageId = batch.value.pages[0]!.id;

  // A live session gets everything: the refusals below are the session's end, not the test's inputs.
  for (const [method, [status, code]] of await answersToEveryMethod()) expect([status, code], method).not.toEqual([401, 'not-signed-in']);
  expect(await openEvents()).toBe('open');
  expect(await pageImage()).toMatchObject({ status: 200 });
});

afterEach(async () => {
  await server?.close();
  await t?.close();
});

describe('session expiry in the headless station', () => {
  it('ends a session after 8 idle hours: every API call, the events and page images are refused with 401', async () => {
    // The idle lock would lock the silent session first; as long as the session itself it only locks.
    expect(await codeOf(await api('settings.saveIdleLock', { seconds: 8 * 3600 }))).toBe('ok');
    clock += 8 * HOUR - 60_000;
    expect(await codeOf(await api('station.status', {}))).toBe('ok');
    clock += 8 * HOUR + 1000;
    await expectEverythingRefused(401, 'not-signed-in');
    // The session is gone for good, not just asleep: going back in time does not revive it.
    clock -= 8 * HOUR;
    expect(await codeOf(await api('station.status', {}))).toBe('not-signed-in');
    expect(await (await api('session.status', {})).json()).toMatchObject({ ok: true, value: { user: null, locked: false } });
  });

  it('ends a session 24 hours after sign-in however busy it was', async () => {
    expect(await codeOf(await api('settings.saveIdleLock', { seconds: 8 * 3600 }))).toBe('ok');
    for (let hours = 4; hours < 24; hours += 4) {
      clock += 4 * HOUR;
      expect(await codeOf(await api('station.status', {})), `after ${hours} h`).toBe('ok');
    }
    clock += 4 * HOUR;
    await expectEverythingRefused(401, 'not-signed-in');
  });

  it('refuses a locked session with 423 session-locked, and events and page images with it, until it is unlocked', async () => {
    expect(await codeOf(await api('session.lock', {}))).toBe('ok');
    for (const [method, answer] of await answersToEveryMethod()) {
      if (method === 'session.status' || method === 'session.signOut') continue;
      expect(answer, method).toEqual([423, 'session-locked']);
    }
    expect(await openEvents()).toBe(401);
    expect((await pageImage()).bytes).toBe(0);
    expect(await (await api('session.status', {})).json()).toMatchObject({ ok: true, value: { locked: true, user: { username: 'admin' } } });

    const wrong = await api('session.unlock', { password: 'not it at all' });
    expect([wrong.status, await codeOf(wrong)]).toEqual([401, 'bad-credentials']);
    expect(await codeOf(await api('session.unlock', { password: MINIMAL_INPUT_PASSWORD }))).toBe('ok');
    expect(await openEvents()).toBe('open');
    expect(await pageImage()).toMatchObject({ status: 200 });
  });
});
