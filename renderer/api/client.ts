import { contract, type MethodInput, type MethodName, type MethodOutput } from '../../shared/api/contract.js';
import { desktopBridgeKey } from '../../shared/api/desktop-bridge.js';
import type { EngineEvent } from '../../shared/api/events.js';
import type { ApiError, ApiResult } from '../../shared/api/result.js';
import type { PageImageVariant } from '../../shared/domain/batch.js';
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import type { ConnectionState, Transport } from './transport.js';

export type { ConnectionState } from './transport.js';

/**
 * The renderer's one door to the engine. Inside the desktop shell the preload puts a
 * DesktopBridge on window.chartdesk: use IPC. Anywhere else (a browser on the headless
 * station) use HTTP + WebSocket on the same origin. Nothing else in the renderer knows which.
 */
const pickTransport = (): Transport => {
  const bridge = window[desktopBridgeKey as 'chartdesk'];
  return bridge && bridge.transport === 'ipc' ? createIpcTransport(bridge) : createHttpTransport();
};

const transport = pickTransport();

export const transportKind = transport.kind;

/** `issued`: the call's place in the order calls were made (see `callsMade`). */
type ErrorListener = (method: MethodName, error: ApiError, issued: number) => void;
const errorListeners = new Set<ErrorListener>();
let calls = 0;

/** How many calls were made so far: a refusal of a call made before a sign-in is about the old session. */
export const callsMade = () => calls;

/** Lets the session store hear about expired sessions from any call. */
export const onCallError = (listener: ErrorListener): (() => void) => {
  errorListeners.add(listener);
  return () => errorListeners.delete(listener);
};

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<MethodOutput<M>>> {
  const issued = ++calls;
  const result = await transport.call(method, input);
  if (!result.ok) {
    for (const listener of errorListeners) listener(method, result.error, issued);
    return result;
  }
  if (import.meta.env.DEV) {
    const parsed = contract[method].output.safeParse(result.value);
    if (!parsed.success) console.warn(`[chartdesk] ${method} returned a value that does not match the contract`, parsed.error);
  }
  return result as ApiResult<MethodOutput<M>>;
}

/** Engine events. The stream opens with the first subscriber and closes with the last. */
export const subscribe = (listener: (event: EngineEvent) => void, onConnection: (state: ConnectionState) => void = () => {}): (() => void) => transport.listen(listener, onConnection);

/**
 * Where a page image is served. `revision` changes when the station replaces the image (the
 * upright page replaces the one as scanned once recognition has checked it): over HTTP it is
 * added to the address so the browser fetches the new image instead of showing the one it has.
 */
export const pageImageUrl = (pageId: string, variant: PageImageVariant, revision?: string): string => {
  const url = transport.pageImageUrl(pageId, variant);
  return revision ? `${url}?r=${encodeURIComponent(revision)}` : url;
};
