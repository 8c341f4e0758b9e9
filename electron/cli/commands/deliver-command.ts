import { parseArgs } from 'node:util';
import { type OutboxItem, pagesItWaitsFor } from '../../engine/db/repositories/outbox.js';
import { createLogger } from '../../engine/log/logger.js';
import { openStation } from '../../engine/station.js';
import type { GlobalOptions } from '../global-options.js';
import { loadStationKey } from '../station-key.js';

export const deliverUsage = `chartdesk [--data-dir DIR] deliver [--wait] [--json]

Sends what the outbox holds (confirmed documents, corrections, retractions) to their targets,
as the running station would. Without --wait: every delivery that is due is tried once. With
--wait: returns when the queue is empty or every remaining delivery has failed for now (tried
in this run and waiting to be retried, or failed until someone acts). A document whose pages
OCR has not finished reading is read first, so what leaves is searchable. Failed and held
deliveries are not retried (an administrator releases them in Delivery).
--json   prints each delivery's outcome on standard output, as JSON.
Exit status: 0 when nothing is left to send, 1 when some delivery is still pending or failed.`;

export interface DeliveryOutcomeReport {
  itemId: string;
  documentId: string;
  targetId: string;
  action: OutboxItem['action'];
  state: OutboxItem['state'];
  attempts: number;
  lastError: string | null;
  receipt: string | null;
}

export async function deliverCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { wait: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, strict: true });
  const station = await openStation({
    dataDir: global.dataDir,
    key: await loadStationKey(global),
    watch: false,
    warmRecognition: false,
    ocrWorkers: 1,
    retentionTimer: false,
    patientSync: false,
    log: createLogger({ level: global.verbose ? 'debug' : 'warn' }),
  });
  try {
    const outbox = station.context.outbox;
    const open = () => outbox.list(['pending', 'delivering', 'failed', 'held'], 100_000);
    const startedWith = new Map(open().map((i) => [i.id, i.attempts]));
    const startedAt = new Date().toISOString();
    const triedHere = (i: OutboxItem) => i.attempts > (startedWith.get(i.id) ?? 0);
    // Done: nothing on its way, and each pending row either tried in this run (and waiting to be
    // retried, with --wait) or, without --wait, not due when the run began.
    const settled = () =>
      open().every((i) => {
        if (i.state === 'failed' || i.state === 'held') return true;
        if (i.state === 'delivering') return false;
        if (triedHere(i)) return values.wait ? i.nextAttemptAt > new Date().toISOString() : true;
        return !values.wait && (i.nextAttemptAt > startedAt || pagesItWaitsFor(i, () => outbox.pagesAwaitingText(i.documentId)) > 0);
      });
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!settled()) return;
        off();
        resolve();
      };
      const off = station.onEvent((event) => {
        if (event.type === 'delivery.changed' || event.type === 'recognition.progress') check();
      });
      station.context.kickDelivery();
      check();
    });
    const reports: DeliveryOutcomeReport[] = [...startedWith.keys(), ...outbox.list(['pending', 'delivering'], 100_000).map((i) => i.id)]
      .filter((id, index, all) => all.indexOf(id) === index)
      .map((id) => outbox.get(id)!)
      .map((i) => ({ itemId: i.id, documentId: i.documentId, targetId: i.targetId, action: i.action, state: i.state, attempts: i.attempts, lastError: i.lastError, receipt: i.receipt }));
    if (values.json) process.stdout.write(JSON.stringify(reports, null, 2) + '\n');
    else {
      for (const r of reports) process.stdout.write(`${r.state.padEnd(10)} ${r.action.padEnd(8)} ${r.documentId} -> ${r.targetId}${r.lastError ? `  (${r.lastError})` : ''}\n`);
      const delivered = reports.filter((r) => r.state === 'delivered').length;
      process.stdout.write(`${delivered} delivered, ${reports.length - delivered} not delivered.\n`);
    }
    return reports.every((r) => r.state === 'delivered') ? 0 : 1;
  } finally {
    await station.close();
  }
}
