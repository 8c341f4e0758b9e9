import type { DeliveredDocument } from '../../../shared/domain/corrections.js';
import { type Actor, CorrectionRefusal } from '../../engine/corrections/index.js';
import { createLogger } from '../../engine/log/logger.js';
import { type RunningStation, openStation } from '../../engine/station.js';
import { currentCliActor } from '../cli-actor.js';
import { parseCommandLine, runSubcommand } from '../command-line.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { loadStationKey } from '../station-key.js';

export const documentsUsage = `chartdesk [--data-dir DIR] documents list [--mrn M] [--patient TEXT] [--batch B-000123] [--type CODE] [--from DATE] [--to DATE] [--delivered] [--merged] [--json]
       chartdesk [--data-dir DIR] documents correct DOC_ID [--mrn M] [--type CODE] [--dos DATE] --reason TEXT [--override-qc REASON] [--json]
       chartdesk [--data-dir DIR] documents retract DOC_ID --reason TEXT [--json]

list     confirmed documents, newest first, with where each was delivered and whether it was
         corrected (--delivered: only those that reached a target; --merged: only those filed
         under an MRN the hospital has since merged). --from/--to bound the date of service.
correct  replaces a delivered document with a corrected one (patient, type, date of service),
         checked by QC like any document, and queues it for every target the original reached,
         where it replaces the original (FHIR: relatesTo replaces, the old DocumentReference
         marked entered-in-error; folder: an index naming it and a retraction record). As with
         \`process --deliver\`, the operator's explicit choice sends it at once; it is listed for
         review afterwards. --override-qc lets blocking QC findings pass with that reason
         (recorded).
retract  marks a delivered document "entered in error" with nothing in its place (it belongs to
         no patient of this hospital), at every target it reached.
Corrections and retractions are queued: \`chartdesk deliver\` (or the running station) sends them.`;

/** The OS account running the command, attributed in the audit trail as `cli:<user>@<host>` (cli-actor.ts). */
const operator = (): Actor => {
  const by = currentCliActor();
  return { id: by.id, username: by.name, displayName: by.name };
};

async function withStation<T>(global: GlobalOptions, work: (station: RunningStation) => Promise<T>): Promise<T> {
  const station = await openStation({
    dataDir: global.dataDir,
    key: await loadStationKey(global),
    watch: false,
    // Only the database is needed: nothing is recognised, sent or purged by these commands.
    recognition: false,
    delivery: false,
    retentionTimer: false,
    patientSync: false,
    log: createLogger({ level: global.verbose ? 'debug' : 'warn' }),
  });
  try {
    return await work(station);
  } finally {
    await station.close();
  }
}

const line = (d: DeliveredDocument) =>
  [
    d.documentId,
    (d.mrn ?? '-').padEnd(10),
    (d.dateOfService ?? '----------').padEnd(10),
    (d.docType?.code ?? '-').padEnd(8),
    (d.batchLabel ?? '-').padEnd(8),
    d.status.padEnd(16),
    d.deliveries.map((x) => `${x.targetId}:${x.state}`).join(',') || '-',
    d.replacedBy ? `replaced by ${d.replacedBy}` : d.replaces ? `replaces ${d.replaces}` : '',
    d.mergedInto ? `MRN merged into ${d.mergedInto}` : '',
  ]
    .join('  ')
    .trimEnd();

async function listCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseCommandLine(args, { values: ['mrn', 'patient', 'batch', 'type', 'from', 'to', 'limit'], flags: ['delivered', 'merged', 'json'] });
  const limit = Number(values.limit ?? '500');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500');
  for (const date of [values.from, values.to]) if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('dates are written 2026-03-04');
  return withStation(global, async (station) => {
    const documents = station.context.correctionQueries.find({
      ...(values.mrn || values.patient ? { patient: values.mrn ?? values.patient } : {}),
      ...(values.batch ? { batch: values.batch } : {}),
      ...(values.type ? { docTypeCode: values.type } : {}),
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
      deliveredOnly: values.delivered,
      mergedOnly: values.merged,
      limit,
    });
    // --mrn is exact; the patient search it shares with the screen also matches first digits.
    const shown = values.mrn ? documents.filter((d) => d.mrn === values.mrn) : documents;
    if (values.json) process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
    else if (shown.length === 0) process.stdout.write('No document matches.\n');
    else for (const d of shown) process.stdout.write(line(d) + '\n');
    return 0;
  });
}

function report(station: RunningStation, correctionId: string, json: boolean): void {
  const view = station.context.correctionQueries.view(correctionId)!;
  if (json) {
    process.stdout.write(JSON.stringify(view, null, 2) + '\n');
    return;
  }
  const what = view.kind === 'retract' ? 'entered in error' : `replaced by ${view.replacement?.documentId}`;
  process.stdout.write(`${view.original.documentId} ${what}; queued for ${view.deliveries.map((d) => d.targetId).join(', ') || 'no target'} (run chartdesk deliver to send).\n`);
}

async function correctCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { values: ['mrn', 'type', 'dos', 'reason', 'override-qc'], flags: ['json'], positionals: true });
  if (positionals.length !== 1) throw new UsageError('documents correct needs exactly one DOC_ID');
  if (!values.reason || values.reason.trim().length < 5) throw new UsageError('--reason says why, in a few words');
  if (!values.mrn && !values.type && values.dos === undefined) throw new UsageError('say what to correct: --mrn, --type or --dos');
  if (values.dos && !/^\d{4}-\d{2}-\d{2}$/.test(values.dos)) throw new UsageError('--dos is a date like 2026-03-04');
  const documentId = positionals[0]!;
  return withStation(global, async (station) => {
    const corrections = station.context.corrections;
    const actor = operator();
    let correctionId: string | null = null;
    try {
      correctionId = corrections.start(documentId, values.reason!.trim(), actor, 'cli').id;
      corrections.setIndex(
        correctionId,
        { ...(values.mrn ? { patientMrn: values.mrn } : {}), ...(values.type ? { docTypeCode: values.type } : {}), ...(values.dos ? { dateOfService: values.dos } : {}) },
        actor,
      );
      if (values['override-qc']) corrections.overrideBlocking(correctionId, values['override-qc'], actor);
      corrections.confirm(correctionId, actor, { deliverFirst: true });
    } catch (error) {
      if (!(error instanceof CorrectionRefusal)) throw error;
      // Nothing half done is left behind: the original stays as it was delivered.
      if (correctionId) corrections.cancel(correctionId, actor);
      process.stderr.write(`chartdesk: ${documentId} was not corrected: ${error.message}\n`);
      return 1;
    }
    report(station, correctionId, values.json);
    return 0;
  });
}

async function retractCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(args, { values: ['reason'], flags: ['json'], positionals: true });
  if (positionals.length !== 1) throw new UsageError('documents retract needs exactly one DOC_ID');
  if (!values.reason || values.reason.trim().length < 5) throw new UsageError('--reason says why, in a few words');
  return withStation(global, async (station) => {
    try {
      const correction = station.context.corrections.retract(positionals[0]!, values.reason!.trim(), operator(), 'cli');
      report(station, correction.id, values.json);
      return 0;
    } catch (error) {
      if (!(error instanceof CorrectionRefusal)) throw error;
      process.stderr.write(`chartdesk: ${positionals[0]} was not retracted: ${error.message}\n`);
      return 1;
    }
  });
}

export async function documentsCommand(global: GlobalOptions, args: string[]): Promise<number> {
  return runSubcommand('documents', { list: listCommand, correct: correctCommand, retract: retractCommand }, global, args);
}
