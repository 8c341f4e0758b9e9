import type { MethodName } from './contract.js';
import type { EngineEvent } from './events.js';
import type { ApiResult } from './result.js';

/**
 * What the desktop preload exposes on `window.chartdesk`: one named function per contract
 * method (no raw ipcRenderer, no generic channel), and a subscription to engine events.
 */
export interface DesktopBridge {
  readonly transport: 'ipc';
  readonly api: { readonly [M in MethodName]: (input: unknown) => Promise<ApiResult<unknown>> };
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

export const desktopBridgeKey = 'chartdesk';
