/**
 * Entry of the engine inside Electron's utilityProcess. Plain Node: it must not import 'electron'
 * (the engine also runs headless); Electron's `process.parentPort` is declared locally instead.
 */
import type { EngineToShell } from '../../../shared/api/host-protocol.js';
import { defaultOutgoingDir } from '../config/station-paths.js';
import { StationKey } from '../crypto/station-key.js';
import { openStation } from '../station.js';
import type { Station } from '../station-types.js';
import { createHostDispatcher } from './host-dispatch.js';
import { parseHostOptions } from './host-options.js';

/** The slice of Electron's ParentPort this host uses. */
interface ParentPort {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const post = (message: EngineToShell): void => {
  parentPort?.postMessage(message);
};

const exitSoon = (code: number): void => {
  // Give the last postMessage a moment to leave before the process goes.
  setTimeout(() => process.exit(code), 200).unref();
};

const run = (port: ParentPort): void => {
  let dispatch: ((message: unknown) => void) | null = null;
  const early: unknown[] = [];
  let closing = false;
  let receiveKey: (key: StationKey) => void = () => undefined;
  const keyArrived = new Promise<StationKey>((resolve) => (receiveKey = resolve));

  const opening: Promise<Station | null> = (async () => {
    try {
      const options = parseHostOptions(process.argv, process.env);
      const nativeBinding = process.env.CHARTDESK_SQLITE_BINDING;
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
      process.exit(0);
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
};

process.on('uncaughtException', (error) => {
  // Logged by class only (messages may carry PHI); exiting lets main restart a clean engine.
  console.error(`[chartdesk:engine] uncaught ${error.name}`);
  process.exit(70);
});

if (parentPort) {
  run(parentPort);
} else {
  console.error('utility-process-host must be started by the ChartDesk desktop shell (Electron utilityProcess).');
  process.exitCode = 64;
}
