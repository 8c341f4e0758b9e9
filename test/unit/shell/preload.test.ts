/**
 * The preload against a fake 'electron': what the page gets on window.chartdesk, and that it is
 * named functions over the one checked channel, never ipcRenderer itself.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../shared/api/contract.js';
import { desktopBridgeKey, type DesktopBridge } from '../../../shared/api/desktop-bridge.js';
import { ipcChannels } from '../../../shared/api/transport.js';

const h = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' })),
    on: vi.fn(),
    once: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
    removeListener: vi.fn(),
    removeAllListeners: vi.fn(),
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => h.exposed.push([key, value]) },
  ipcRenderer: h.ipcRenderer,
}));

let bridge: DesktopBridge;

beforeAll(async () => {
  await import('../../../electron/preload/preload.js');
  bridge = h.exposed[0]![1] as DesktopBridge;
});

/** Every value reachable from the bridge (own properties, any depth). */
const reachable = (root: unknown): unknown[] => {
  const seen = new Set<unknown>();
  const walk = (value: unknown) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value as object)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) walk(descriptor.value);
    }
  };
  walk(root);
  return [...seen];
};

describe('preload bridge', () => {
  it('exposes one object, under the one key the renderer reads', () => {
    expect(h.exposed.map(([key]) => key)).toEqual([desktopBridgeKey]);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onEvent', 'transport']);
    expect(bridge.transport).toBe('ipc');
  });

  it('offers exactly one named function per contract method, frozen', () => {
    expect(Object.keys(bridge.api).sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) expect(typeof bridge.api[name], name).toBe('function');
    expect(Object.isFrozen(bridge.api)).toBe(true);
  });

  it('never hands the page ipcRenderer or any of its functions', () => {
    const ipcParts = new Set<unknown>([h.ipcRenderer, ...Object.values(h.ipcRenderer)]);
    const leaked = reachable(bridge).filter((value) => ipcParts.has(value));
    expect(leaked).toEqual([]);
  });

  it('sends each call on the one checked channel, with the method name fixed by the function', async () => {
    h.ipcRenderer.invoke.mockClear();
    const result = await bridge.api['batches.list']({ limit: 5 });
    expect(result).toEqual({ ok: true, value: 'from main' });
    expect(h.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(ipcChannels.call, 'batches.list', { limit: 5 });
    // Extra arguments from page script do not change the channel or the method.
    await (bridge.api['session.status'] as (...args: unknown[]) => Promise<unknown>)({}, 'chartdesk:other', 'users.create');
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannels.call, 'session.status', {});
  });

  it('passes engine events on without the IPC event object, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onEvent(listener);
    expect(h.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, relay] = h.ipcRenderer.on.mock.calls[0] as [string, (...args: unknown[]) => void];
    expect(channel).toBe(ipcChannels.event);
    const ipcEvent = { sender: h.ipcRenderer, senderId: 0, ports: [] };
    relay(ipcEvent, { type: 'batch.created', batchId: 'b1' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'batch.created', batchId: 'b1' });
    unsubscribe();
    expect(h.ipcRenderer.removeListener).toHaveBeenCalledWith(ipcChannels.event, relay);
  });

  it('uses no other IPC primitive', () => {
    for (const name of ['once', 'send', 'sendSync', 'removeAllListeners'] as const) expect(h.ipcRenderer[name], name).not.toHaveBeenCalled();
  });
});
