import type { EngineEvent } from '../../shared/api/events.js';
import { csrfHeader, httpPaths } from '../../shared/api/transport.js';
import { asApiResult, asEngineEvent } from './result-shape.js';
import { unavailable, type ConnectionState, type Transport } from './transport.js';

/** Reconnect delays (ms): quick at first, then at most every 10 s, with a little jitter. */
const backoff = (attempt: number) => Math.min(10_000, 500 * 2 ** attempt) * (0.8 + Math.random() * 0.4);

/** Headless station: POST /api/<method> with a JSON body; events over a same-origin WebSocket. */
export const createHttpTransport = (): Transport => {
  const eventListeners = new Set<(event: EngineEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let state: ConnectionState = 'connecting';

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const eventsUrl = () => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}${httpPaths.events}`;
  };

  const open = () => {
    retryTimer = null;
    let ws: WebSocket;
    try {
      ws = new WebSocket(eventsUrl());
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const event = asEngineEvent(data);
      if (event) for (const listener of eventListeners) listener(event);
    };
    ws.onclose = () => {
      if (socket !== ws) return; // closed on purpose
      socket = null;
      scheduleRetry();
    };
    ws.onerror = () => {
      // onclose follows and schedules the retry.
    };
  };

  const scheduleRetry = () => {
    if (eventListeners.size === 0) return;
    setState('reconnecting');
    retryTimer = setTimeout(open, backoff(attempt++));
  };

  const close = () => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const ws = socket;
    socket = null;
    ws?.close();
    attempt = 0;
    state = 'connecting';
  };

  return {
    kind: 'http',
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`${httpPaths.api}${method}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', [csrfHeader]: '1' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return unavailable();
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return response.ok
          ? { ok: false, error: { code: 'internal', message: 'The station sent an answer ChartDesk does not understand.' } }
          : unavailable(`The station answered with an error (HTTP ${response.status}). Try again in a moment.`);
      }
      return asApiResult(body) ?? { ok: false, error: { code: 'internal', message: 'The station sent an answer ChartDesk does not understand.' } };
    },
    listen(onEvent, onConnection) {
      eventListeners.add(onEvent);
      connectionListeners.add(onConnection);
      onConnection(state);
      if (!socket && !retryTimer) open();
      return () => {
        eventListeners.delete(onEvent);
        connectionListeners.delete(onConnection);
        if (eventListeners.size === 0) close();
      };
    },
    pageImageUrl: httpPaths.pageImage,
  };
};
