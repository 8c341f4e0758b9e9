import { fail, ok } from '../../../../shared/api/result.js';
import type { AuditFilter } from '../../../../shared/domain/audit.js';
import { anchorFileBytes } from '../../audit/anchor-file.js';
import { AuditAction } from '../../audit/audit-actions.js';
import { anchorOf } from '../../audit/audit-anchor.js';
import { canonicalJson } from '../../audit/audit-chain.js';
import { auditCsv } from '../../audit/audit-csv.js';
import { auditEventBundle } from '../../audit/audit-fhir.js';
import type { AuditEntry } from '../../audit/audit-log.js';
import { type AuditQuery, AuditTrailSearch } from '../../audit/audit-search.js';
import { type Caller, type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

type AuditHandlers = Pick<Handlers, 'audit.options' | 'audit.search' | 'audit.export' | 'audit.anchor' | 'audit.anchorSettings' | 'audit.saveAnchorFolder'>;

/**
 * An export travels through the API in one piece; more goes through `chartdesk audit export`.
 * Measured: about 0.4 KB per entry as CSV, 1.8 KB as a FHIR AuditEvent (20 and 36 MB at these caps).
 */
export const MAX_EXPORT_ENTRIES = { csv: 50_000, fhir: 20_000 } as const;

/** Sessions remembered for "already searched this": plenty for one station's users. */
const REMEMBERED_SESSIONS = 1_000;

const known = new Set<string>(AuditAction.options);

const fileStamp = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
};

const entryView = (e: AuditEntry) => ({ seq: e.seq, at: e.at, user: e.user, action: e.action, subject: e.subject, details: e.details, hash: e.hash });

/** The trail, read by administrators and reviewers. Reading it is PHI access, so it is on the record too. */
export function auditHandlers(ctx: StationContext): AuditHandlers {
  const search = new AuditTrailSearch(ctx.db);
  // The filters each session last searched with: paging and refreshing them is not a new look.
  const lastSearched = new Map<string, string>();

  const queryOf = (filter: AuditFilter): AuditQuery | { unknown: string } => {
    const unknown = filter.actions?.find((a) => !known.has(a));
    return unknown ? { unknown } : filter;
  };
  const unknownAction = (action: string) => fail('invalid-input', `"${action}" is not an action the audit trail records.`, { 'filter.actions': 'Choose actions from the list.' });
  const aboutPatient = (filter: AuditFilter) => (filter.mrn ? { subject: { type: 'patient', id: filter.mrn } } : {});

  const recordView = (filter: AuditFilter, caller: Caller, opening: boolean, matches: number) => {
    const session = caller.sessionToken ?? '';
    const filters = canonicalJson(filter);
    if (!opening && lastSearched.get(session) === filters) return;
    lastSearched.delete(session);
    lastSearched.set(session, filters);
    if (lastSearched.size > REMEMBERED_SESSIONS) lastSearched.delete(lastSearched.keys().next().value!);
    ctx.transaction(() => ctx.audit.record({ user: actor(caller), action: 'audit-viewed', ...aboutPatient(filter), details: { filter, matches, ...(opening ? { opening: true } : {}) } }));
  };

  return {
    'audit.options': async () => ok({ actions: [...AuditAction.options], people: search.people() }),

    'audit.search': async (input, caller) => {
      const query = queryOf(input.filter);
      if ('unknown' in query) return unknownAction(query.unknown);
      const page = search.page(query, { before: input.before, limit: input.limit });
      recordView(input.filter, caller, input.opening, page.total);
      return ok({ entries: page.entries.map(entryView), nextBefore: page.nextBefore, total: page.total });
    },

    'audit.export': async (input, caller) => {
      const query = queryOf(input.filter);
      if ('unknown' in query) return unknownAction(query.unknown);
      const total = search.count(query);
      const cap = MAX_EXPORT_ENTRIES[input.format];
      if (total > cap) {
        return fail(
          'conflict',
          `These filters select ${total.toLocaleString('en-US')} entries; an export from this screen takes at most ${cap.toLocaleString('en-US')}. Choose fewer days, or ask an administrator to run chartdesk audit export.`,
        );
      }
      const entries = search.all(query);
      const now = ctx.now();
      const content =
        input.format === 'csv'
          ? auditCsv(entries)
          : // Compact: an audit repository reads it, and indentation would double its size.
            `${JSON.stringify(auditEventBundle(entries, { stationName: ctx.stationName, chainId: ctx.audit.chainId, patientsOf: search.patientsOf(entries.map((e) => e.seq)) }, now))}\n`;
      // Recorded before the file leaves: there is never an export the trail does not show.
      ctx.transaction(() =>
        ctx.audit.record({ user: actor(caller), action: 'audit-exported', ...aboutPatient(input.filter), details: { format: input.format, filter: input.filter, entries: entries.length } }),
      );
      return ok({
        fileName: `chartdesk-audit-${fileStamp(now)}.${input.format === 'csv' ? 'csv' : 'json'}`,
        contentType: input.format === 'csv' ? 'text/csv' : 'application/fhir+json',
        content,
        entries: entries.length,
      });
    },

    'audit.anchor': async () => {
      const now = ctx.now();
      const anchor = anchorOf(ctx.audit, ctx.stationName);
      return ok({ fileName: `chartdesk-audit-anchor-${anchor.chain}-${fileStamp(now)}.json`, content: anchorFileBytes(anchor, now).toString('utf8') });
    },

    'audit.anchorSettings': async () => ok(ctx.auditAnchors.status()),

    'audit.saveAnchorFolder': async (input, caller) => {
      const problem = ctx.transaction(() => {
        const refused = ctx.auditAnchors.setFolder(input.folder);
        if (!refused) ctx.audit.record({ user: actor(caller), action: 'settings-changed', details: { setting: 'audit-anchor-folder', value: input.folder } });
        return refused;
      });
      if (problem) return fail('invalid-input', problem, { folder: problem });
      await ctx.auditAnchors.writeNow();
      return ok(ctx.auditAnchors.status());
    },
  };
}
