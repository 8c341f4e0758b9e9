/**
 * The whole surface the renderer gets: one function per contract method and an event
 * subscription. Raw ipcRenderer is never exposed, so page script can reach only the one
 * channel main validates, and only with a method name main knows.
 *
 * Sandboxed preloads cannot load files: scripts/build-shell.mjs bundles this into one CJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { methodNames, type MethodName } from '../../shared/api/contract.js';
import { desktopBridgeKey, type DesktopBridge } from '../../shared/api/desktop-bridge.js';
import type { EngineEvent } from '../../shared/api/events.js';
import type { ApiResult } from '../../shared/api/result.js';
import { ipcChannels } from '../../shared/api/transport.js';

type Api = DesktopBridge['api'];

const api = Object.freeze(
  Object.fromEntries(methodNames.map((name) => [name, (input: unknown): Promise<ApiResult<unknown>> => ipcRenderer.invoke(ipcChannels.call, name, input)])) as Record<MethodName, Api[MethodName]>,
) as Api;

const bridge: DesktopBridge = {
  transport: 'ipc',
  api,
  onEvent(listener) {
    // Only the event payload crosses: the IpcRendererEvent would hand the page ipcRenderer itself.
    const relay = (_event: IpcRendererEvent, payload: EngineEvent) => listener(payload);
    ipcRenderer.on(ipcChannels.event, relay);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, relay);
    };
  },
};

contextBridge.exposeInMainWorld(desktopBridgeKey, bridge);
