import { ok } from '../../../../shared/api/result.js';
import { ReportsRepository } from '../../db/repositories/reports.js';
import { type ReportSources, departmentReport, reportCsv } from '../../reports/index.js';
import { type Handlers, actor } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';

/** The supervisor's numbers. Counts and names of staff only: no patient data, so viewing is not a PHI access. */
export function reportsHandlers(ctx: StationContext): Pick<Handlers, 'reports.summary' | 'reports.csv'> {
  const sources: ReportSources = {
    repository: new ReportsRepository(ctx.db),
    boxes: () => ctx.review.boxes(),
    now: () => ctx.now(),
    allowSelfApproval: () => ctx.reviewGate.policy().allowSelfApproval,
  };
  return {
    'reports.summary': async (range) => ok(departmentReport(sources, range)),

    'reports.csv': async (input, caller) => {
      const range = { from: input.from, to: input.to };
      // Read before the write transaction: a year's report should not hold the station's write lock.
      const csv = reportCsv(input.table, departmentReport(sources, range), sources.boxes());
      // The file leaves the station: who took which numbers is on the record.
      ctx.transaction(() => ctx.audit.record({ user: actor(caller), action: 'report-exported', details: { table: input.table, ...range, rows: csv.rows } }));
      return ok(csv);
    },
  };
}
