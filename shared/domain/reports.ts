import { z } from 'zod';
import { RejectionReason } from './review.js';

const isCalendarDate = (value: string) => {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** A calendar day, as the station's clock counts days. */
export const ReportDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-03-04.')
  .refine(isCalendarDate, 'This day does not exist.');
export type ReportDay = z.infer<typeof ReportDay>;

/** A year and a day: enough for a year-on-year look, small enough to draw one bar per day. */
export const MAX_REPORT_DAYS = 367;

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

const rangeChecked = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((r) => r.from <= r.to, { message: 'The last day is before the first.', path: ['to'] })
    .refine((r) => r.from > r.to || daysBetween(r.from, r.to) <= MAX_REPORT_DAYS, { message: `Choose at most ${MAX_REPORT_DAYS} days.`, path: ['to'] });

/** First and last day, both included. */
export const ReportRange = rangeChecked(z.strictObject({ from: ReportDay, to: ReportDay }));
export type ReportRange = z.infer<typeof ReportRange>;

/** The tables of the report, each exportable as CSV. */
export const ReportTable = z.enum(['work-by-day', 'work-by-operator', 'delivery-time', 'rejections-by-reason', 'rejections-by-operator', 'outbox', 'boxes']);
export type ReportTable = z.infer<typeof ReportTable>;

export const ReportCsvRequest = rangeChecked(z.strictObject({ table: ReportTable, from: ReportDay, to: ReportDay }));
export type ReportCsvRequest = z.infer<typeof ReportCsvRequest>;

const count = z.number().int().nonnegative();

/**
 * Work done: scanned counts by the batch's day and the operator recorded on it (who held the
 * scanner; "Unclaimed" when nobody did); indexed counts by the day a document was confirmed and
 * the clerk who confirmed it.
 */
export const WorkCounts = z.object({
  scannedBatches: count,
  scannedPages: count,
  scannedDocuments: count,
  indexedDocuments: count,
  /** Pages of the confirmed documents (deleted pages not counted). */
  indexedPages: count,
});
export type WorkCounts = z.infer<typeof WorkCounts>;

export const DayWork = WorkCounts.extend({ day: z.string() });
export type DayWork = z.infer<typeof DayWork>;
export const OperatorWork = WorkCounts.extend({ operator: z.string() });
export type OperatorWork = z.infer<typeof OperatorWork>;
export const DayOperatorWork = WorkCounts.extend({ day: z.string(), operator: z.string() });
export type DayOperatorWork = z.infer<typeof DayOperatorWork>;

/** Minutes from scan (the batch's creation) to delivery, over documents delivered in a period. */
export const DeliveryTimes = z.object({
  documents: count,
  medianMinutes: z.number().nonnegative().nullable(),
  p90Minutes: z.number().nonnegative().nullable(),
});
export type DeliveryTimes = z.infer<typeof DeliveryTimes>;

export const RejectionsByReason = z.object({
  reason: RejectionReason,
  label: z.string(),
  rejected: count,
  /** Rejections with this reason among all decisions in the range (null: no decisions). */
  rate: z.number().min(0).max(1).nullable(),
});
export type RejectionsByReason = z.infer<typeof RejectionsByReason>;

/** Decisions on the documents an operator confirmed. */
export const RejectionsByOperator = z.object({ operator: z.string(), decisions: count, rejected: count, rate: z.number().min(0).max(1).nullable() });
export type RejectionsByOperator = z.infer<typeof RejectionsByOperator>;

export const BacklogState = z.enum(['pending', 'delivering', 'failed', 'held']);
export type BacklogState = z.infer<typeof BacklogState>;

export const BoxesByProject = z.object({ project: z.string(), boxes: count, verified: count, awaiting: count });
export type BoxesByProject = z.infer<typeof BoxesByProject>;

export const ReportSummary = z.object({
  from: z.string(),
  to: z.string(),
  /** The zone the station counts days in (the computer's own). */
  timeZone: z.string(),
  generatedAt: z.string(),
  work: z.object({
    totals: WorkCounts,
    /** Every day of the range, oldest first, zeros included (the chart's x axis). */
    byDay: z.array(DayWork),
    /** Most work first. */
    byOperator: z.array(OperatorWork),
    /** Only the pairs with work. */
    byDayAndOperator: z.array(DayOperatorWork),
  }),
  deliveryTime: DeliveryTimes.extend({ byDay: z.array(DeliveryTimes.extend({ day: z.string() })) }),
  rejections: z.object({
    decisions: count,
    rejected: count,
    rate: z.number().min(0).max(1).nullable(),
    byReason: z.array(RejectionsByReason),
    byOperator: z.array(RejectionsByOperator),
    /** The review setting in force now: may someone approve a document they confirmed themselves? */
    selfApprovalAllowed: z.boolean(),
  }),
  /** Now, whatever the range. */
  backlog: z.object({
    outbox: z.record(BacklogState, z.object({ items: count, oldestSince: z.string().nullable() })),
    /** When the longest-waiting delivery that has not arrived was queued. */
    oldestWaitingSince: z.string().nullable(),
    awaitingReview: count,
  }),
  boxes: z.object({
    /** Now. */
    verified: count,
    awaiting: count,
    /** Verified within the range. */
    verifiedInRange: count,
    byProject: z.array(BoxesByProject),
  }),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const ReportCsv = z.object({ fileName: z.string(), content: z.string(), rows: count });
export type ReportCsv = z.infer<typeof ReportCsv>;
