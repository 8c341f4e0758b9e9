import type { DesktopBridge } from '../../shared/api/desktop-bridge.js';
import { isMethodName } from '../../shared/api/contract.js';
import { desktopPageImageUrl } from '../../shared/api/transport.js';
import { asApiResult, asEngineEvent } from './result-shape.js';
import { unavailable, type Transport } from './transport.js';

/** Desktop shell: the preload exposes one function per method; events come over IPC and never drop. */
export const createIpcTransport = (bridge: DesktopBridge): Transport => ({
  kind: 'ipc',
  async call(method, input) {
    if (!isMethodName(method)) return { ok: false, error: { code: 'unknown-method', message: `Unknown method ${method}.` } };
    try {
      const result = asApiResult(await bridge.api[method](input));
      return result ?? { ok: false, error: { code: 'internal', message: 'The station sent an answer ChartDesk does not understand.' } };
    } catch {
      return unavailable('ChartDesk lost contact with its engine. Restart ChartDesk if this keeps happening.');
    }
  },
  listen(onEvent, onConnection) {
    onConnection('open');
    return bridge.onEvent((raw) => {
      const event = asEngineEvent(raw);
      if (event) onEvent(event);
    });
  },
  pageImageUrl: desktopPageImageUrl,
});
