import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../shared/api/events.js';
import type { EngineToShell } from '../../../shared/api/host-protocol.js';
import { createHostDispatcher } from '../../../electron/engine/host/host-dispatch.js';
import { parseHostOptions } from '../../../electron/engine/host/host-options.js';
import { engineHostArgs, engineLaunchOptions } from '../../../electron/main/shell-paths.js';
import type { Station } from '../../../electron/engine/station-types.js';

const fakeStation = (overrides: Partial<Station> = {}) => {
  let emit: (event: EngineEvent) => void = () => {};
  const station: Station = {
    dataDir: '/data',
    call: vi.fn(async () => ({ result: { ok: true as const, value: 'v' } })),
    readPageImage: vi.fn(async () => null),
    authenticate: () => null,
    onEvent: (listener) => {
      emit = listener;
      return () => {
        emit = () => {};
      };
    },
    close: vi.fn(async () => {}),
    ...overrides,
  };
  return { station, emit: (event: EngineEvent) => emit(event) };
};

describe('host options', () => {
  it('round-trips what main passes to the host', () => {
    const launch = engineLaunchOptions({ CHARTDESK_DROP_DIR: '/scans in', CHARTDESK_STATION_NAME: 'Front desk' }, '/home/u/.config/ChartDesk', 'en-GB');
    expect(launch).toEqual({ dataDir: '/home/u/.config/ChartDesk', dropDir: '/scans in', stationName: 'Front desk', systemLocale: 'en-GB' });
    const argv = ['/electron', '/app/host.js', ...engineHostArgs(launch)];
    expect(parseHostOptions(argv)).toEqual(launch);
  });

  it('lets CHARTDESK_DATA_DIR override the user data folder and ignores blanks', () => {
    expect(engineLaunchOptions({ CHARTDESK_DATA_DIR: '/tmp/x', CHARTDESK_DROP_DIR: '  ' }, '/ud')).toEqual({ dataDir: '/tmp/x' });
  });

  it('fails with a sentence when no data dir is given', () => {
    expect(() => parseHostOptions(['/electron', '/host.js'])).toThrow(/data directory/);
  });
});

describe('host dispatcher', () => {
  it('answers calls with the result and session change, keyed by id', async () => {
    const { station } = fakeStation({
      call: vi.fn(async () => ({ result: { ok: true as const, value: 1 }, session: { kind: 'signed-out' as const } })),
    });
    const posted: EngineToShell[] = [];
    const dispatcher = createHostDispatcher(
      station,
      (m) => posted.push(m),
      async () => {},
    );
    await dispatcher.handle({ kind: 'call', id: 9, method: 'session.signOut', input: {}, sessionToken: 'tok' });
    expect(station.call).toHaveBeenCalledWith('session.signOut', {}, 'tok');
    expect(posted).toEqual([{ kind: 'reply', id: 9, result: { ok: true, value: 1 }, session: { kind: 'signed-out' } }]);
  });

  it('turns a throwing handler into an internal error without its (possibly PHI) message', async () => {
    const { station } = fakeStation({
      call: vi.fn(async () => {
        throw new RangeError('patient DOE, JOHN MRN 123');
      }),
    });
    const posted: EngineToShell[] = [];
    await createHostDispatcher(
      station,
      (m) => posted.push(m),
      async () => {},
    ).handle({ kind: 'call', id: 1, method: 'x', input: {}, sessionToken: null });
    expect(posted[0]).toMatchObject({ kind: 'reply', id: 1, result: { ok: false, error: { code: 'internal' } } });
    expect(JSON.stringify(posted)).not.toContain('DOE');
  });

  it('sends page images as exact-length copies', async () => {
    const pool = Buffer.alloc(100, 7);
    const { station } = fakeStation({ readPageImage: vi.fn(async () => ({ contentType: 'image/webp', bytes: pool.subarray(10, 13) })) });
    const posted: EngineToShell[] = [];
    await createHostDispatcher(
      station,
      (m) => posted.push(m),
      async () => {},
    ).handle({ kind: 'page-image', id: 2, pageId: 'p', variant: 'view', sessionToken: 't' });
    const reply = posted[0] as Extract<EngineToShell, { kind: 'page-image-reply' }>;
    const image = reply.image as { bytes: Uint8Array } | null;
    expect(image?.bytes.byteLength).toBe(3);
    expect(image?.bytes.buffer.byteLength).toBe(3);
  });

  it('forwards station events and stops on shutdown', async () => {
    const { station, emit } = fakeStation();
    const posted: EngineToShell[] = [];
    const onShutdown = vi.fn(async () => {});
    const dispatcher = createHostDispatcher(station, (m) => posted.push(m), onShutdown);
    emit({ type: 'batch.created', batchId: 'b1' });
    await dispatcher.handle({ kind: 'shutdown' });
    emit({ type: 'station.changed' });
    expect(posted).toEqual([{ kind: 'event', event: { type: 'batch.created', batchId: 'b1' } }]);
    expect(onShutdown).toHaveBeenCalledOnce();
  });

  it('ignores malformed messages', async () => {
    const { station } = fakeStation();
    const posted: EngineToShell[] = [];
    const dispatcher = createHostDispatcher(
      station,
      (m) => posted.push(m),
      async () => {},
    );
    for (const junk of [null, 1, 'call', {}, { kind: 'bogus' }]) await dispatcher.handle(junk);
    expect(posted).toEqual([]);
    expect(station.call).not.toHaveBeenCalled();
  });
});
