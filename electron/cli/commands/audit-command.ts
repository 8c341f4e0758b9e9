import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AuditVerification, AuditLog, auditCsv } from '../../engine/audit/index.js';
import { writeFileDurably } from '../../engine/storage/durable-file.js';
import { currentCliActor } from '../cli-actor.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabase } from '../station-key.js';

export const auditUsage = `chartdesk [--data-dir DIR] audit verify
       chartdesk [--data-dir DIR] audit export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]

verify  recomputes the audit trail's hash chain and reports whether it is intact, or names the
        first entry that was altered, removed, inserted or moved (exit status 1).
export  writes the entries dated from..to (local days, both included) as CSV (columns seq, at,
        user, action, subject type, subject id, details, hash) to FILE or standard output.
        The export is itself recorded in the audit trail. The audit trail names patients:
        treat the file as patient information.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function openAudit(global: GlobalOptions): Promise<{ audit: AuditLog; close: () => void }> {
  const db = await openStationDatabase(global);
  return { audit: new AuditLog(db), close: () => db.close() };
}

export function describeProblem(result: Exclude<AuditVerification, { ok: true }>): string {
  const { seq, problem } = result;
  switch (problem) {
    case 'altered':
      return `Audit entry ${seq} was altered`;
    case 'missing':
      return `Audit entry ${seq} is missing (deleted)`;
    case 'broken-link':
      return `Audit entry ${seq} does not follow from entry ${seq - 1} (an entry was inserted, removed or rewritten)`;
    case 'out-of-order':
      return `Audit entry ${seq} is dated before entry ${seq - 1} (entries were reordered or inserted)`;
  }
}

async function verifyCommand(global: GlobalOptions, args: string[]): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false, strict: true });
  const { audit, close } = await openAudit(global);
  try {
    const result = audit.verify();
    if (result.ok) {
      process.stdout.write(`Audit trail intact: ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}\n`);
      return 0;
    }
    process.stdout.write(`${describeProblem(result)}\n`);
    return 1;
  } finally {
    close();
  }
}

async function exportCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
    strict: true,
  });
  const { from, to } = values;
  if (!from || !to) throw new UsageError('audit export needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  if (!DAY.test(from) || !DAY.test(to)) throw new UsageError('--from and --to are dates: YYYY-MM-DD');
  const out = values.out ? resolve(values.out) : null;
  const { audit, close } = await openAudit(global);
  try {
    let entries;
    try {
      entries = audit.export(from, to);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(error.message);
      throw error;
    }
    const check = audit.verify();
    if (!check.ok) process.stderr.write(`chartdesk: warning: ${describeProblem(check)}; exporting anyway\n`);
    // Recorded before the file is written: there is never an export the trail does not show.
    audit.record({
      user: currentCliActor(),
      action: 'audit-exported',
      details: { from, to, entries: entries.length, out: out ?? 'stdout', via: 'chartdesk audit export' },
    });
    const csv = auditCsv(entries);
    if (out) {
      await writeFileDurably(out, Buffer.from(csv, 'utf8'));
      process.stderr.write(`Exported ${entries.length} audit ${entries.length === 1 ? 'entry' : 'entries'} to ${out}\n`);
    } else {
      process.stdout.write(csv);
    }
    return 0;
  } finally {
    close();
  }
}

export async function auditCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify') return verifyCommand(global, rest);
  if (sub === 'export') return exportCommand(global, rest);
  throw new UsageError(sub ? `unknown audit command "${sub}" (verify or export)` : 'audit needs verify or export');
}
