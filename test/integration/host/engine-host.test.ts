import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineToShell } from '../../../shared/api/host-protocol.js';
import { type ParentPort, runEngineHost } from '../../../electron/engine/host/engine-host.js';
import { stationKeyFor } from '../../support/station-key.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * The engine host that Electron runs in its utilityProcess, run here under plain Node: a
 * MessagePort stands in for `process.parentPort` (messages are structured-cloned and arrive on
 * later turns, as they do there), the test plays the desktop shell on the other end, and a real
 * station opens on a temp folder.
 */

/** Electron's ParentPort delivers MessageEvents ({ data }); a Node MessagePort delivers the value. */
const asParentPort = (port: MessagePort): ParentPort => ({
  on: (_event, listener) => port.on('message', (data: unknown) => listener({ data })),
  postMessage: (message) => port.postMessage(message),
});

interface ShellEnd {
  send(message: unknown): void;
  next(predicate: (message: EngineToShell) => boolean): Promise<EngineToShell>;
  received: EngineToShell[];
  exited: Promise<number>;
}

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let ports: MessagePort[] = [];

beforeEach(async () => {
  tmp = await makeTempDir('engine-host');
  // The host delivers to ~/ChartDesk/Outgoing on a fresh install: keep that inside the test's folder.
  vi.stubEnv('HOME', tmp.path);
});
afterEach(async () => {
  for (const port of ports) port.close();
  ports = [];
  vi.unstubAllEnvs();
  await tmp.remove();
});

function startHost(argv: string[]): ShellEnd {
  const { port1: engineSide, port2: shellSide } = new MessageChannel();
  ports.push(engineSide, shellSide);
  const received: EngineToShell[] = [];
  const waiters: { predicate: (m: EngineToShell) => boolean; resolve: (m: EngineToShell) => void }[] = [];
  shellSide.on('message', (message: EngineToShell) => {
    received.push(message);
    for (const w of waiters.filter((w) => w.predicate(message))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  runEngineHost(asParentPort(engineSide), { argv: ['/electron', '/app/utility-process-host.js', ...argv], env: {}, exit });
  return {
    send: (message) => shellSide.postMessage(message),
    next: (predicate) => {
      const seen = received.find(predicate);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    received,
    exited,
  };
}

describe('the engine host under plain Node, on a MessagePort', () => {
  it('opens the station on the key the shell sends, answers a call sent before it was ready, and stops on shutdown', async () => {
    const dataDir = join(tmp.path, 'data');
    const key = await stationKeyFor(dataDir);
    const shell = startHost([`--chartdesk-data-dir=${dataDir}`, `--chartdesk-drop-dir=${join(tmp.path, 'scans')}`, '--chartdesk-station-name=Front desk']);

    // Main may pass on a request before the engine is ready: it is answered once the station is open.
    shell.send({ kind: 'call', id: 1, method: 'session.status', input: {}, sessionToken: null });
    shell.send({ kind: 'station-key', key: new Uint8Array(key.exportBytes()) });
    await shell.next((m) => m.kind === 'ready');
    const reply = await shell.next((m) => m.kind === 'reply' && m.id === 1);
    expect(reply).toMatchObject({ kind: 'reply', id: 1, result: { ok: true } });

    shell.send({ kind: 'call', id: 2, method: 'station.status', input: {}, sessionToken: null });
    expect(await shell.next((m) => m.kind === 'reply' && m.id === 2)).toMatchObject({ result: { ok: false, error: { code: 'not-signed-in' } } });

    shell.send({ kind: 'shutdown' });
    expect(await shell.exited).toBe(0);
    expect(existsSync(join(dataDir, 'chartdesk.sqlite'))).toBe(true);
    expect(shell.received.filter((m) => m.kind === 'fatal')).toEqual([]);
  });

  it('refuses a station key of the wrong size with a sentence, and opens on a good one after', async () => {
    const dataDir = join(tmp.path, 'data');
    const shell = startHost([`--chartdesk-data-dir=${dataDir}`, `--chartdesk-drop-dir=${join(tmp.path, 'scans')}`]);
    shell.send({ kind: 'station-key', key: new Uint8Array(16) });
    expect(await shell.next((m) => m.kind === 'fatal')).toEqual({ kind: 'fatal', message: 'The desktop shell sent no usable station key.' });
    shell.send({ kind: 'station-key', key: new Uint8Array((await stationKeyFor(dataDir)).exportBytes()) });
    await shell.next((m) => m.kind === 'ready');
    shell.send({ kind: 'shutdown' });
    expect(await shell.exited).toBe(0);
  });

  it('says what is wrong and exits 1 when the shell gave no data folder', async () => {
    const shell = startHost([]);
    shell.send({ kind: 'station-key', key: new Uint8Array(32) });
    expect(await shell.next((m) => m.kind === 'fatal')).toEqual({ kind: 'fatal', message: 'No data directory was given to the engine (--chartdesk-data-dir).' });
    expect(await shell.exited).toBe(1);
    expect(shell.received.some((m) => m.kind === 'ready')).toBe(false);
  });
});
