import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appRoot } from '../../engine/config/app-root.js';
import { createLogger } from '../../engine/log/logger.js';
import { openStation } from '../../engine/station.js';
import { isLoopbackHost, startStationServer } from '../../server/http-server.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { crashPointFromEnv } from '../test-hooks.js';

export const serveUsage = `chartdesk [--data-dir DIR] serve [--drop-dir DIR] [--port N] [--host 127.0.0.1] [--station NAME] [--settle-ms MS] [--poll-ms MS] [--no-warm] [--config FILE]

Runs the headless station: watches the drop folder and serves the ChartDesk UI to a browser
on this computer, with sign-in. --port 0 picks a free port. A dropped file is taken once it
has not changed for --settle-ms (default 2000); the folder is checked every --poll-ms (500).
--no-warm skips loading the OCR engines at start (a faster start, a slower first scan).
--config FILE applies a station config file (default: chartdesk.json in the data folder).`;

export async function serveCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'drop-dir': { type: 'string' },
      port: { type: 'string', default: '4873' },
      host: { type: 'string', default: '127.0.0.1' },
      station: { type: 'string' },
      'poll-ms': { type: 'string' },
      'settle-ms': { type: 'string' },
      'no-warm': { type: 'boolean', default: false },
      config: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a number from 0 to 65535');
  if (!isLoopbackHost(values.host)) {
    // Page images and patient data would cross the network in clear text.
    throw new UsageError(`refusing to listen on ${values.host}: only loopback addresses are allowed until TLS is configured`);
  }

  const log = createLogger({ level: global.verbose ? 'debug' : 'info' });
  const station = await openStation({
    dataDir: global.dataDir,
    ...(values['drop-dir'] ? { dropDir: values['drop-dir'] } : {}),
    defaultDropDir: join(global.dataDir, 'drop'),
    defaultOutgoingDir: join(global.dataDir, 'outgoing'),
    warmRecognition: !values['no-warm'],
    ...(values.config ? { configFile: values.config } : {}),
    ...(values.station ? { stationName: values.station } : {}),
    ...(values['poll-ms'] ? { pollIntervalMs: Number(values['poll-ms']) } : {}),
    ...(values['settle-ms'] ? { completeness: { stableForMs: Number(values['settle-ms']), emptyStableForMs: Math.max(Number(values['settle-ms']), 2000) } } : {}),
    log,
    crashPoint: crashPointFromEnv(),
  });
  const server = await startStationServer({
    station,
    rendererDir: join(appRoot(), 'dist', 'renderer'),
    host: values.host,
    port,
    log: log.child('http'),
  });
  const status = station.status();
  const setup = !station.context.accounts.hasAnyUser();
  process.stdout.write(
    [
      `ChartDesk headless station is running at ${server.url}`,
      `  Open that address in a browser on this computer and sign in${setup ? ' (first run: you will create the administrator account)' : ''}.`,
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
