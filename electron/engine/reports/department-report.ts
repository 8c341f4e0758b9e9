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
import { UNCLAIMED } from '../../../shared/domain/batch.js';
import { RejectionReason, rejectionReasonLabels } from '../../../shared/domain/review.js';
import type { ReportsRepository } from '../db/repositories/reports.js';
import { median, percentile } from './percentile.js';
import { localDay, reportPeriod, stationTimeZone } from './report-period.js';

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
const minutesBetween = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);

const deliveryTimes = (minutes: readonly number[]): DeliveryTimes => ({ documents: minutes.length, medianMinutes: median(minutes), p90Minutes: percentile(minutes, 0.9) });

/** An empty name (a row written before names were recorded) reads as a word, not a blank cell. */
const operatorName = (name: string) => name.trim() || 'Unknown';

/** The supervisor's report for a range of days: work, delivery times, QC decisions, and what waits now. */
export function departmentReport(sources: ReportSources, range: ReportRange): ReportSummary {
  const { repository } = sources;
  const period = reportPeriod(range);

  const byDay = new Map(period.days.map((day) => [day, noWork()]));
  const byOperator = new Map<string, WorkCounts>();
  const byPair = new Map<string, DayOperatorWork>();
  const totals = noWork();
  const add = (iso: string, operator: string, change: (w: WorkCounts) => void) => {
    const day = localDay(iso);
    const name = operatorName(operator);
    const key = `${day}\u0000${name}`;
    if (!byPair.has(key)) byPair.set(key, { day, operator: name, ...noWork() });
    if (!byOperator.has(name)) byOperator.set(name, noWork());
    for (const w of [byDay.get(day), byOperator.get(name), byPair.get(key), totals]) if (w) change(w);
  };
  for (const b of repository.scannedBatches(period.instants)) {
    // A batch nobody had claimed counts under "Unclaimed", never under a guessed name.
    add(b.createdAt, b.operator ?? UNCLAIMED, (w) => {
      w.scannedBatches += 1;
      w.scannedPages += b.pages;
      w.scannedDocuments += b.documents;
    });
  }
  for (const d of repository.confirmedDocuments(period.instants)) {
    add(d.confirmedAt, d.confirmedBy, (w) => {
      w.indexedDocuments += 1;
      w.indexedPages += d.pages;
    });
  }

  const minutesByDay = new Map<string, number[]>(period.days.map((day) => [day, []]));
  const allMinutes: number[] = [];
  for (const d of repository.deliveredDocuments(period.instants)) {
    const minutes = minutesBetween(d.scannedAt, d.deliveredAt);
    allMinutes.push(minutes);
    minutesByDay.get(localDay(d.deliveredAt))?.push(minutes);
  }

  const decisions = repository.decisions(period.instants);
  const rejected = decisions.filter((d) => d.decision === 'rejected');
  const perOperator = new Map<string, { decisions: number; rejected: number }>();
  for (const d of decisions) {
    const name = operatorName(d.operatorName);
    const counts = perOperator.get(name) ?? { decisions: 0, rejected: 0 };
    counts.decisions += 1;
    if (d.decision === 'rejected') counts.rejected += 1;
    perOperator.set(name, counts);
  }

  const outbox = Object.fromEntries(BacklogState.options.map((s) => [s, { items: 0, oldestSince: null as string | null }])) as ReportSummary['backlog']['outbox'];
  for (const row of repository.outboxBacklog()) outbox[row.state] = { items: row.items, oldestSince: row.oldestSince };
  const oldest = Object.values(outbox)
    .map((s) => s.oldestSince)
    .filter((at): at is string => at !== null)
    .sort()[0];

  const boxes = sources.boxes();
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
    deliveryTime: { ...deliveryTimes(allMinutes), byDay: [...minutesByDay].map(([day, minutes]) => ({ day, ...deliveryTimes(minutes) })) },
    rejections: {
      decisions: decisions.length,
      rejected: rejected.length,
      rate: rate(rejected.length, decisions.length),
      byReason: RejectionReason.options.map((reason) => {
        const n = rejected.filter((d) => d.reasonCode === reason).length;
        return { reason, label: rejectionReasonLabels[reason], rejected: n, rate: rate(n, decisions.length) };
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
