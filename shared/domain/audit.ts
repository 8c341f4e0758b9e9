import { z } from 'zod';
import { ReportDay } from './reports.js';

/**
 * What the Audit screen searches by. Every part is optional; the parts given must all hold.
 * Days are the station's local calendar days, both ends included.
 */
export const AuditFilter = z
  .strictObject({
    /** The name the trail gives the person (their user name, or cli:user@host), any case. */
    person: z.string().trim().min(1).max(200).optional(),
    /** Entries about this patient: naming the MRN, or about a document, page or batch filed under it. */
    mrn: z.string().trim().min(1).max(64).optional(),
    /** Entries about this document or one of its pages. */
    documentId: z.string().trim().min(1).max(64).optional(),
    /** Any of these actions (the engine checks them against the ones it knows). */
    actions: z.array(z.string().min(1).max(64)).max(100).optional(),
    from: ReportDay.optional(),
    to: ReportDay.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The last day is before the first.', path: ['to'] });
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditTrailEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  /** null: the station itself. */
  user: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }).nullable(),
  /** Ids, codes, before/after values of index fields. */
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditTrailEntry = z.infer<typeof AuditTrailEntry>;

export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;

export const AuditSearchInput = z.strictObject({
  filter: AuditFilter,
  /** Entries older than this entry number (the next page); none: the newest. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /**
   * The screen was opened (not refreshed, not paged): recorded in the trail. A search with
   * filters this session has not searched yet is recorded either way.
   */
  opening: z.boolean().default(false),
});
export type AuditSearchInput = z.input<typeof AuditSearchInput>;

export const AuditSearchResult = z.object({
  entries: z.array(AuditTrailEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().positive().nullable(),
  /** Entries matching the filters, all pages. */
  total: z.number().int().nonnegative(),
});
export type AuditSearchResult = z.infer<typeof AuditSearchResult>;

export const AuditSearchOptions = z.object({
  /** Every action the trail records, in the order they were introduced. */
  actions: z.array(z.string()),
  /** The names of everyone the trail names, for the person field's suggestions. */
  people: z.array(z.string()),
});
export type AuditSearchOptions = z.infer<typeof AuditSearchOptions>;

export const AuditExportFormat = z.enum(['csv', 'fhir']);
export type AuditExportFormat = z.infer<typeof AuditExportFormat>;

export const AuditExport = z.object({
  fileName: z.string(),
  contentType: z.string(),
  content: z.string(),
  entries: z.number().int().nonnegative(),
});
export type AuditExport = z.infer<typeof AuditExport>;

export const AuditAnchorSettings = z.object({
  /** Where the station writes the day's anchor; null: not written automatically. */
  folder: z.string().nullable(),
  lastWritten: z.object({ at: z.string(), file: z.string(), seq: z.number().int().nonnegative() }).nullable(),
  lastError: z.string().nullable(),
});
export type AuditAnchorSettings = z.infer<typeof AuditAnchorSettings>;
