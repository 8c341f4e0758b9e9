/**
 * The station under test: the engine as the headless station runs it (drop-folder watcher,
 * recognition, outbox sender), plus the harness clerk. Started as its own process so SIGKILL
 * is a real power cut. The named crash point comes from the environment here, in this entry
 * script only: production entry points never read it.
 *
 *   CHARTDESK_HARNESS_CRASH_AT  an intake or delivery crash point
 *   CHARTDESK_HARNESS_CRASH_ON  which occurrence of it kills (default 1)
 *   CHARTDESK_HARNESS_CORRECT   1: the clerk corrects a delivered document once all are delivered
 */
import { parseArgs } from 'node:util';
import { loadOrCreateKeyFile } from '../../electron/engine/crypto/key-file.js';
import { createLogger } from '../../electron/engine/log/logger.js';
import { openStation } from '../../electron/engine/station.js';
import { startHarnessClerk } from './harness-clerk.js';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'drop-dir': { type: 'string' }, 'key-file': { type: 'string' }, 'fallback-mrn': { type: 'string' } },
  strict: true,
});
const dataDir = values['data-dir'];
const dropDir = values['drop-dir'];
const keyFile = values['key-file'];
const fallbackMrn = values['fallback-mrn'];
if (!dataDir || !dropDir || !keyFile || !fallbackMrn) throw new Error('station-child needs --data-dir, --drop-dir, --key-file and --fallback-mrn');

// Listened for before the station opens: the harness may find the work already done (the last
// life died just after finishing it) and ask this one to stop while it is still starting.
const stopRequested = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));

const crashAt = process.env.CHARTDESK_HARNESS_CRASH_AT;
let crashIn = Number(process.env.CHARTDESK_HARNESS_CRASH_ON ?? '1');
const crashPoint = (point: string) => {
  if (point !== crashAt) return;
  crashIn -= 1;
  if (crashIn <= 0) process.kill(process.pid, 'SIGKILL');
};

const { key } = await loadOrCreateKeyFile(keyFile, { dataDir });
const station = await openStation({
  dataDir,
  key,
  dropDir,
  stationName: 'CRASH-HARNESS',
  watch: true,
  completeness: { stableForMs: 150, emptyStableForMs: 400 },
  pollIntervalMs: 50,
  decodeWorkers: 1,
  fastWorkers: 1,
  ocrWorkers: 1,
  warmRecognition: false,
  deliveryBackoff: { baseMs: 200, maxMs: 2_000 },
  log: createLogger({ level: 'warn' }),
  crashPoint,
  deliveryCrashPoint: crashPoint,
});
const clerk = startHarnessClerk(station, { fallbackMrn, pollMs: 100, correct: process.env.CHARTDESK_HARNESS_CORRECT === '1' });
process.stdout.write('station-child: running\n');

await stopRequested;
await clerk.stop();
await station.close();
process.exit(0);
