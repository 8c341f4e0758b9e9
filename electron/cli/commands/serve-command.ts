import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot } from '../../engine/config/app-root.js';
import { defaultDataDir, defaultOutgoingDir } from '../../engine/config/station-paths.js';
import { outgoingDirBeside } from '../../engine/delivery/default-target.js';
import { ConfigFileError, readStationConfig, stationConfigPath } from '../../engine/config/station-config-file.js';
import { createLogger } from '../../engine/log/logger.js';
import { openStation } from '../../engine/station.js';
import { isLoopbackHost, startStationServer } from '../../server/http-server.js';
import { type TlsIdentity, TlsIdentityError, loadTlsIdentity } from '../../server/tls-identity.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { loadStationKey } from '../station-key.js';
import { crashPointFromEnv, decodeIsolationFromEnv } from '../test-hooks.js';

export const serveUsage = `chartdesk [--data-dir DIR] serve [--drop-dir DIR] [--port N] [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE] [--public-name NAME] [--station NAME] [--settle-ms MS] [--poll-ms MS] [--no-warm] [--config FILE]

Runs the headless station: watches the drop folder and serves the ChartDesk UI to a browser
on this computer, with sign-in. --port 0 picks a free port. A dropped file is taken once it
has not changed for --settle-ms (default 2000); the folder is checked every --poll-ms (500).
--no-warm skips loading the OCR engines at start (a faster start, a slower first scan).
--config FILE applies a station config file (default: chartdesk.json in the data folder).

Other computers: --host 0.0.0.0 (or an address of this computer) is refused unless TLS is
configured with --tls-cert and --tls-key (PEM files; or server.tls in the config file); the
station then serves https only. Browsers must use a name the certificate carries, or one given
with --public-name (repeatable).`;

export async function serveCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'drop-dir': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-name': { type: 'string', multiple: true },
      station: { type: 'string' },
      'poll-ms': { type: 'string' },
      'settle-ms': { type: 'string' },
      'no-warm': { type: 'boolean', default: false },
      config: { type: 'string' },
    },
    strict: true,
  });
  // The listener is settled before the station opens: a refused address changes nothing on disk.
  const configPath = stationConfigPath(global.dataDir, values.config);
  const serverConfig = (await readStationConfig(configPath, values.config !== undefined)).server ?? {};
  const port = values.port !== undefined ? Number(values.port) : (serverConfig.port ?? 4873);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a number from 0 to 65535');
  const host = values.host ?? serverConfig.host ?? '127.0.0.1';
  const tls = await tlsFromOptions(values['tls-cert'], values['tls-key'], serverConfig.tls, dirname(configPath));
  if (!isLoopbackHost(host) && !tls) {
    // Page images and patient data would cross the network in clear text, and the session cookie with them.
    throw new UsageError(
      `refusing to listen on ${host} without TLS: patient data would cross the network unencrypted. ` +
        'Give --tls-cert and --tls-key (PEM files), or server.tls in chartdesk.json, or listen on 127.0.0.1.',
    );
  }

  const log = createLogger({ level: global.verbose ? 'debug' : 'info' });
  const station = await openStation({
    dataDir: global.dataDir,
    key: await loadStationKey(global),
    ...(values['drop-dir'] ? { dropDir: values['drop-dir'] } : {}),
    defaultDropDir: join(global.dataDir, 'drop'),
    // Never inside the data folder: the OS default beside the drop folder, or beside a chosen data folder.
    defaultOutgoingDir: resolve(global.dataDir) === defaultDataDir() ? defaultOutgoingDir() : outgoingDirBeside(global.dataDir),
    warmRecognition: !values['no-warm'],
    ...(values.config ? { configFile: values.config } : {}),
    ...(values.station ? { stationName: values.station } : {}),
    ...(values['poll-ms'] ? { pollIntervalMs: Number(values['poll-ms']) } : {}),
    ...(values['settle-ms'] ? { completeness: { stableForMs: Number(values['settle-ms']), emptyStableForMs: Math.max(Number(values['settle-ms']), 2000) } } : {}),
    log,
    crashPoint: crashPointFromEnv(),
    ...decodeIsolationFromEnv(),
  });
  const server = await startStationServer({
    station,
    rendererDir: join(appRoot(), 'dist', 'renderer'),
    host,
    port,
    log: log.child('http'),
    ...(tls ? { tls } : {}),
    publicNames: [...(values['public-name'] ?? []), ...(serverConfig.publicNames ?? [])],
  });
  const status = station.status();
  const setup = !station.context.accounts.hasAnyUser();
  process.stdout.write(
    [
      `ChartDesk headless station is running at ${server.url}`,
      `  Open that address in a browser${tls ? '' : ' on this computer'} and sign in${setup ? ' (first run: you will create the administrator account)' : ''}.`,
      `  Drop folder: ${status.dropDir}`,
      `  Data folder: ${status.dataDir}`,
      '  Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('Stopping the station...\n');
  await server.close();
  await station.close();
  return 0;
}

/** TLS from the command line (both files) or else the config file (paths relative to it). */
async function tlsFromOptions(
  certFile: string | undefined,
  keyFile: string | undefined,
  fromConfig: { certFile: string; keyFile: string } | undefined,
  configDir: string,
): Promise<TlsIdentity | null> {
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together: give both PEM files');
  try {
    if (certFile && keyFile) return await loadTlsIdentity(resolve(certFile), resolve(keyFile));
    if (fromConfig) return await loadTlsIdentity(resolve(configDir, fromConfig.certFile), resolve(configDir, fromConfig.keyFile));
  } catch (error) {
    if (error instanceof TlsIdentityError) throw new ConfigFileError(error.message);
    throw error;
  }
  return null;
}
