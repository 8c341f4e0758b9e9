/**
 * The engine's side of the desktop shell's channel: waits for the station key, opens the station,
 * answers 'ready', relays calls, and shuts down on request. Plain Node: it must not import
 * 'electron' (the engine also runs headless). utility-process-host.ts runs it on Electron's
 * `process.parentPort`; tests run it under plain Node on a MessagePort.
 */
import type { EngineToShell } from '../../../shared/api/host-protocol.js';
import { defaultOutgoingDir } from '../config/station-paths.js';
import { StationKey } from '../crypto/station-key.js';
import { openStation } from '../station.js';
import type { Station } from '../station-types.js';
import { createHostDispatcher } from './host-dispatch.js';
import { parseHostOptions } from './host-options.js';

/** The slice of Electron's ParentPort this host uses. */
export interface ParentPort {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** What the host takes from its process, passed in so a test can run it without ending the test's own. */
export interface EngineHostProcess {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Ends the engine (the entry: process.exit). */
  exit(code: number): void;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function runEngineHost(port: ParentPort, host: EngineHostProcess): void {
  const post = (message: EngineToShell): void => port.postMessage(message);
  const exitSoon = (code: number): void => {
    // Give the last postMessage a moment to leave before the process goes.
    setTimeout(() => host.exit(code), 200).unref();
  };

  let dispatch: ((message: unknown) => void) | null = null;
  const early: unknown[] = [];
  let closing = false;
  let receiveKey: (key: StationKey) => void = () => undefined;
  const keyArrived = new Promise<StationKey>((resolve) => (receiveKey = resolve));

  const opening: Promise<Station | null> = (async () => {
    try {
      const options = parseHostOptions(host.argv, host.env);
      const nativeBinding = host.env.CHARTDESK_SQLITE_BINDING;
      const key = await keyArrived;
      return await openStation({
        ...options,
        key,
        watch: true,
        warmRecognition: true,
        defaultOutgoingDir: defaultOutgoingDir(),
        ...(nativeBinding ? { sqliteNativeBinding: nativeBinding } : {}),
      });
    } catch (error) {
      // The message is for the clerk's support call (path, lock, migration), not patient data.
      post({ kind: 'fatal', message: describe(error) });
      exitSoon(1);
      return null;
    }
  })();

  // A shutdown during startup waits for the open to finish, so migrations are never cut halfway.
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    try {
      await (await opening)?.close();
    } finally {
      host.exit(0);
    }
  };

  // Listen before the station is open: main holds requests until 'ready', but 'shutdown' may come early.
  port.on('message', ({ data }) => {
    const kind = (data as { kind?: unknown } | null)?.kind;
    if (kind === 'station-key') {
      const key = (data as { key?: unknown }).key;
      if (key instanceof Uint8Array && key.length === 32) receiveKey(StationKey.fromBytes(key));
      else post({ kind: 'fatal', message: 'The desktop shell sent no usable station key.' });
    } else if (kind === 'shutdown') void shutdown();
    else if (dispatch) dispatch(data);
    else early.push(data);
  });

  void opening.then((station) => {
    if (!station || closing) return;
    const dispatcher = createHostDispatcher(station, post, shutdown);
    dispatch = (message) => void dispatcher.handle(message);
    post({ kind: 'ready' });
    for (const message of early.splice(0)) dispatch(message);
  });
}
