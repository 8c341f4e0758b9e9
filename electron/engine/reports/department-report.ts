import {
  BacklogState,
  type BoxesByProject,
  type DayOperatorWork,
  type DeliveryTimes,
  type OperatorWork,
  type ReportRange,
  type ReportSummary,
  type WorkCounts,
} from '../../../shared/domain/reports.js';
import { RejectionReason, rejectionReasonLabels } from '../../../shared/domain/review.js';
import type { Days, Decisions, ReportsRepository } from '../db/repositories/reports.js';
import { percentileByRank } from './percentile.js';
import { reportPeriod, stationTimeZone } from './report-period.js';

/** A back-scanning box with its counts, as the review repository lists it. */
export interface BoxDetail {
  project: string;
  box: string;
  batches: number;
  documents: number;
  outstanding: number;
  verifiedBy: string | null;
  verifiedAt: string | null;
}

export interface ReportSources {
  repository: ReportsRepository;
  boxes(): BoxDetail[];
  now(): Date;
  /** The review policy now (the report states whether four-eyes review is enforced). */
  allowSelfApproval(): boolean;
}

const noWork = (): WorkCounts => ({ scannedBatches: 0, scannedPages: 0, scannedDocuments: 0, indexedDocuments: 0, indexedPages: 0 });
const totalWork = (w: WorkCounts) => w.scannedPages + w.scannedDocuments + w.indexedDocuments + w.indexedPages;
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
/** Scan to delivery as the report shows it: minutes, never negative (a clock set back). */
const minutesOf = (elapsedMs: number) => Math.max(0, elapsedMs / 60_000);
const addWork = (w: WorkCounts, more: WorkCounts) => {
  w.scannedBatches += more.scannedBatches;
  w.scannedPages += more.scannedPages;
  w.scannedDocuments += more.scannedDocuments;
  w.indexedDocuments += more.indexedDocuments;
  w.indexedPages += more.indexedPages;
};

/** An empty name (a row written before names were recorded) reads as a word, not a blank cell. */
const operatorName = (name: string) => name.trim() || 'Unknown';

/** The supervisor's report for a range of days: work, delivery times, QC decisions, and what waits now. */
export function departmentReport(sources: ReportSources, range: ReportRange): ReportSummary {
  const { repository } = sources;
  const period = reportPeriod(range);

  const days = { first: period.days[0]!, last: period.days.at(-1)! };

  const byDay = new Map(period.days.map((day) => [day, noWork()]));
  const byOperator = new Map<string, WorkCounts>();
  const byPair = new Map<string, DayOperatorWork>();
  const totals = noWork();
  for (const row of repository.dailyWork(days)) {
    // Two recorded spellings can read as one name ('' and ' ' are both "Unknown").
    const name = operatorName(row.operator);
    const key = `${row.day}\u0000${name}`;
    if (!byPair.has(key)) byPair.set(key, { day: row.day, operator: name, ...noWork() });
    if (!byOperator.has(name)) byOperator.set(name, noWork());
    for (const w of [byDay.get(row.day), byOperator.get(name), byPair.get(key), totals]) if (w) addWork(w, row);
  }

  const deliveredByDay = new Map(repository.deliveriesByDay(days).map((d) => [d.day, d.documents]));
  const delivered = [...deliveredByDay.values()].reduce((n, d) => n + d, 0);
  const deliveryTimes = (documents: number, over: Days): DeliveryTimes => {
    const minutesFrom = (rank: number) => repository.deliveryTimesFromRank(over, rank).map(minutesOf);
    return { documents, medianMinutes: percentileByRank(documents, 0.5, minutesFrom), p90Minutes: percentileByRank(documents, 0.9, minutesFrom) };
  };

  const decisions = repository.decisions(period.instants);
  const count = (rows: readonly Decisions[]) => rows.reduce((n, d) => n + d.count, 0);
  const rejected = decisions.filter((d) => d.decision === 'rejected');
  const decided = count(decisions);
  const perOperator = new Map<string, { decisions: number; rejected: number }>();
  for (const d of decisions) {
    const name = operatorName(d.operatorName);
    const counts = perOperator.get(name) ?? { decisions: 0, rejected: 0 };
    counts.decisions += d.count;
    if (d.decision === 'rejected') counts.rejected += d.count;
    perOperator.set(name, counts);
  }

  const outbox = Object.fromEntries(BacklogState.options.map((s) => [s, { items: 0, oldestSince: null as string | null }])) as ReportSummary['backlog']['outbox'];
  for (const row of repository.outboxBacklog()) outbox[row.state] = { items: row.items, oldestSince: row.oldestSince };
  const oldest = Object.values(outbox)
    .map((s) => s.oldestSince)
    .filter((at): at is string => at !== null)
    .sort()[0];

  // Which boxes are verified, not their counts (the CSV's box table reads those): a year holds thousands of boxes.
  const boxes = repository.boxStates();
  const projects = new Map<string, BoxesByProject>();
  for (const box of boxes) {
    const p = projects.get(box.project) ?? { project: box.project, boxes: 0, verified: 0, awaiting: 0 };
    p.boxes += 1;
    if (box.verifiedAt) p.verified += 1;
    else p.awaiting += 1;
    projects.set(box.project, p);
  }

  return {
    from: range.from,
    to: range.to,
    timeZone: stationTimeZone(),
    generatedAt: sources.now().toISOString(),
    work: {
      totals,
      byDay: [...byDay].map(([day, w]) => ({ day, ...w })),
      byOperator: [...byOperator].map(([operator, w]): OperatorWork => ({ operator, ...w })).sort((a, b) => totalWork(b) - totalWork(a) || a.operator.localeCompare(b.operator)),
      byDayAndOperator: [...byPair.values()].sort((a, b) => a.day.localeCompare(b.day) || a.operator.localeCompare(b.operator)),
    },
    deliveryTime: {
      ...deliveryTimes(delivered, days),
      byDay: period.days.map((day) => ({ day, ...deliveryTimes(deliveredByDay.get(day) ?? 0, { first: day, last: day }) })),
    },
    rejections: {
      decisions: decided,
      rejected: count(rejected),
      rate: rate(count(rejected), decided),
      byReason: RejectionReason.options.map((reason) => {
        const n = count(rejected.filter((d) => d.reasonCode === reason));
        return { reason, label: rejectionReasonLabels[reason], rejected: n, rate: rate(n, decided) };
      }),
      byOperator: [...perOperator].map(([operator, c]) => ({ operator, ...c, rate: rate(c.rejected, c.decisions) })).sort((a, b) => b.decisions - a.decisions || a.operator.localeCompare(b.operator)),
      selfApprovalAllowed: sources.allowSelfApproval(),
    },
    backlog: { outbox, oldestWaitingSince: oldest ?? null, awaitingReview: repository.awaitingReview() },
    boxes: {
      verified: boxes.filter((b) => b.verifiedAt).length,
      awaiting: boxes.filter((b) => !b.verifiedAt).length,
      verifiedInRange: repository.boxesVerifiedIn(period.instants),
      byProject: [...projects.values()],
    },
  };
}
