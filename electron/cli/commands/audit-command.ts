import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type FoundAnchor, findAnchors, newestAnchorOf } from '../../engine/audit/anchor-sources.js';
import { anchorFileBytes } from '../../engine/audit/anchor-file.js';
import { anchorOf, compareWithAnchor } from '../../engine/audit/audit-anchor.js';
import { type AuditVerification, AuditLog, auditCsv } from '../../engine/audit/index.js';
import { readStationConfig } from '../../engine/config/station-config-file.js';
import { writeFileDurably } from '../../engine/storage/durable-file.js';
import { currentCliActor } from '../cli-actor.js';
import { runSubcommand } from '../command-line.js';
import { type GlobalOptions, UsageError } from '../global-options.js';
import { openStationDatabaseAndKey } from '../station-key.js';

export const auditUsage = `chartdesk [--data-dir DIR] audit verify [--anchor FILE|FOLDER|TOKEN]
       chartdesk [--data-dir DIR] audit anchor [--out FILE]
       chartdesk [--data-dir DIR] audit export --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE.csv]

verify  recomputes the audit trail's chain (SHA-256 links, and the HMAC under this station's key
        from where keying started) and reports whether it is intact, or names the first entry
        that was altered, removed, inserted, moved or rewritten without the key (exit status 1).
        With --anchor, also compares the trail with an anchor taken earlier: an anchor file
        (audit anchor, or the daily anchor folder), a folder target's import folder (the newest
        anchor among its index files is used) or a token (cda1-...) copied from a repository.
        A trail shorter than the anchor, or differing from it, exits 1.
anchor  writes the head of the audit trail (its last entry number and MAC) as an anchor file to
        FILE or standard output. Keep it somewhere this station cannot write.
export  writes the entries dated from..to (local days, both included) as CSV (columns seq, at,
        user, action, subject type, subject id, details, hash) to FILE or standard output.
        The export is itself recorded in the audit trail. The audit trail names patients:
        treat the file as patient information.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function openAudit(global: GlobalOptions): Promise<{ audit: AuditLog; close: () => void }> {
  const { db, key } = await openStationDatabaseAndKey(global);
  return { audit: new AuditLog(db, key.auditChainKey()), close: () => db.close() };
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
    case 'not-keyed':
      return `Audit entry ${seq} was rewritten without this station's key (its hash is recomputed, its MAC is missing)`;
    case 'keying-start-missing':
      return 'The record of where the keyed audit chain starts was removed';
    case 'keying-start-moved':
      return `The keyed audit chain starts at entry ${seq}, but the trail ends before it (entries were removed, or the start of keying was moved)`;
  }
}

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/** What an intact trail is made of: keyed entries, and those from before keying started. */
function describeIntact(total: number, keyedFrom: number): string {
  if (keyedFrom === 1) return `Audit trail intact: ${entries(total)}, keyed with this station's key`;
  if (total < keyedFrom) return `Audit trail intact: ${entries(total)}, all from before keying started (hash chain only); keying starts at entry ${keyedFrom}`;
  return `Audit trail intact: ${entries(total)}; entries ${keyedFrom} to ${total} are keyed with this station's key, entries 1 to ${keyedFrom - 1} are from before keying started (hash chain only)`;
}

/** The anchor to compare with, or a sentence saying why there is none. */
async function anchorToCompare(location: string, chainId: string): Promise<{ newest: FoundAnchor } | { sentence: string }> {
  let search;
  try {
    search = await findAnchors(location);
  } catch (error) {
    return { sentence: `The anchor ${location} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).` };
  }
  const newest = newestAnchorOf(chainId, search.found);
  if (newest) return { newest };
  const others = search.found.length;
  const read = search.filesRead > 0 ? ` (${search.filesRead} ${search.filesRead === 1 ? 'file' : 'files'} read)` : '';
  return {
    sentence:
      others > 0
        ? `No anchor of this station's audit trail was found in ${location}${read}: the ${others === 1 ? 'anchor there belongs' : `${others} anchors there belong`} to another station.`
        : `No audit anchor was found in ${location}${read}.`,
  };
}

async function verifyCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { anchor: { type: 'string' } }, allowPositionals: false, strict: true });
  const location = values.anchor === undefined ? null : values.anchor.trim();
  if (location === '') throw new UsageError('--anchor needs an anchor file, a folder or a token');
  const { audit, close } = await openAudit(global);
  try {
    const lines: string[] = [];
    let ok = true;
    const result = audit.verify();
    if (result.ok) lines.push(describeIntact(result.entries, audit.chainStart()!.keyedFrom));
    else {
      ok = false;
      lines.push(describeProblem(result));
    }
    if (location !== null) {
      const found = await anchorToCompare(/^cda1-/.test(location) ? location : resolve(location), audit.chainId);
      if ('newest' in found) {
        const comparison = compareWithAnchor(audit, found.newest.anchor, found.newest.source);
        ok &&= comparison.ok;
        lines.push(comparison.sentence);
      } else {
        ok = false;
        lines.push(found.sentence);
      }
    }
    process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    return ok ? 0 : 1;
  } finally {
    close();
  }
}

async function anchorCommand(global: GlobalOptions, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: false, strict: true });
  const out = values.out ? resolve(values.out) : null;
  const config = await readStationConfig(join(global.dataDir, 'chartdesk.json'), false);
  const { audit, close } = await openAudit(global);
  try {
    const check = audit.verify();
    if (!check.ok) process.stderr.write(`chartdesk: warning: ${describeProblem(check)}; the anchor records the trail as it is\n`);
    const anchor = anchorOf(audit, config.station?.name ?? hostname());
    const bytes = anchorFileBytes(anchor, new Date());
    if (out) {
      await writeFileDurably(out, bytes);
      process.stderr.write(`Wrote the audit anchor (entry ${anchor.seq}) to ${out}\n`);
    } else process.stdout.write(bytes);
    return 0;
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
  return runSubcommand('audit', { verify: verifyCommand, anchor: anchorCommand, export: exportCommand }, global, args);
}
