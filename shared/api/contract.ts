import { z } from 'zod';
import { BatchDetail, BatchSummary } from '../domain/batch.js';
import { BatchFilter } from '../domain/document-state.js';
import { IntakeRecord, QuarantineEntry } from '../domain/intake.js';
import { DeliveryItem, DeliveryOverview } from '../domain/delivery.js';
import { DocumentType } from '../domain/document-types.js';
import { DocumentIndexing, LayoutOperation, SetIndexInput } from '../domain/indexing.js';
import { ImportSummary, PatientSearchResult } from '../domain/patient.js';
import { StationStatus } from '../domain/station.js';
import { DateOrder, DateOrderSetting } from '../domain/date-order.js';
import { RetentionSettings } from '../domain/retention.js';
import { ReportCsv, ReportCsvRequest, ReportRange, ReportSummary } from '../domain/reports.js';
import { BoxLabel, BoxStatus, ReviewDecision, ReviewPolicy, ReviewQueueEntry, ReviewQueueFilter } from '../domain/review.js';
import { ReviewBatch, ReviewDocument } from '../domain/review-queue.js';
import { MyOverrideRequests, OverrideDecisionInput, OverrideRequest, OverrideRequestInput } from '../domain/override-requests.js';
import { FileBytes, QuarantineDeleteInput, QuarantineNoteInput, QuarantinePageInput, QuarantinePreview } from '../domain/quarantine-desk.js';
import { RescanMark, RescanMarkInput } from '../domain/rescan.js';
import { AuditAnchorSettings, AuditExport, AuditExportFormat, AuditFilter, AuditSearchInput, AuditSearchOptions, AuditSearchResult } from '../domain/audit.js';
import {
  CorrectionIndexInput,
  CorrectionPagesInput,
  CorrectionPolicy,
  CorrectionRef,
  CorrectionView,
  DeliveredDocument,
  FindDocumentsInput,
  RetractInput,
  StartCorrectionInput,
} from '../domain/corrections.js';
import { MergeFileSummary, PatientSyncConfig, PatientSyncSettings, PatientSyncStatus } from '../domain/patient-sync.js';
import { TargetConfig } from '../domain/delivery-targets.js';
import { SeparationRules } from '../domain/separation-rules.js';
import { StationSettings } from '../domain/settings.js';
import { DisplayName, IdleLockSeconds, NewPassword, Role, SessionUser, UserAccount, Username } from '../domain/user.js';

/**
 * Who may call a method. 'public' methods work before sign-in (they are the sign-in);
 * everything else needs a session, and the listed roles if any.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** Callable while the session is locked (idle lock); every other method is refused then. */
  whileLocked?: true;
}

const method = <I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>) => spec;
const NoInput = z.strictObject({});
const Empty = z.object({});

/**
 * Why a screen reads a patient's record: 'open' when a person opens it (recorded in the audit
 * trail, once per opening), 'refresh' when the screen fetches again what it already shows
 * (recognition progress, events; not recorded, unless this session never opened it).
 */
export const ReadPurpose = z.enum(['open', 'refresh']);
export type ReadPurpose = z.infer<typeof ReadPurpose>;
const purpose = ReadPurpose.default('open');

/** The most pages batches.getPages returns at once; a screen that needs more fetches the batch whole. */
export const maxPagesPerFetch = 200;

const SessionStatus = z.object({
  /** True until the first administrator account exists. */
  setupRequired: z.boolean(),
  user: SessionUser.nullable(),
  stationName: z.string(),
  /** The signed-in user's screen is locked: show the lock screen, not the sign-in. */
  locked: z.boolean(),
  /** Lock the screen after this long without keyboard or mouse. */
  idleLockSeconds: IdleLockSeconds,
});

/**
 * The one API of ChartDesk. The engine implements it once (electron/engine/api); IPC
 * (desktop) and HTTP/WebSocket (headless station) carry it; the renderer calls it by name.
 */
export const contract = {
  'session.status': method({ input: NoInput, output: SessionStatus, access: 'public', whileLocked: true }),
  'session.createAdmin': method({
    input: z.strictObject({ username: Username, displayName: DisplayName, password: NewPassword }),
    output: SessionUser,
    access: 'public',
  }),
  'session.signIn': method({
    input: z.strictObject({ username: z.string().max(64), password: z.string().max(256) }),
    output: SessionUser,
    access: 'public',
  }),
  'session.signOut': method({ input: NoInput, output: Empty, access: 'public', whileLocked: true }),
  /** The idle lock: the session stays, but refuses everything except unlock, status and sign-out. */
  'session.lock': method({ input: NoInput, output: Empty, access: 'signed-in' }),
  /** Resumes a locked session with its user's password; wrong passwords count towards the lockout. */
  'session.unlock': method({ input: z.strictObject({ password: z.string().max(256) }), output: SessionUser, access: 'signed-in', whileLocked: true }),
  /** Any signed-in user changes their own password; their other sessions end. */
  'session.changePassword': method({
    input: z.strictObject({ currentPassword: z.string().max(256), newPassword: NewPassword }),
    output: Empty,
    access: 'signed-in',
  }),

  'users.list': method({ input: NoInput, output: z.object({ users: z.array(UserAccount) }), access: ['admin'] }),
  'users.create': method({
    input: z.strictObject({ username: Username, displayName: DisplayName, role: Role, password: NewPassword }),
    output: UserAccount,
    access: ['admin'],
  }),
  /** The last enabled administrator cannot be demoted or disabled; nobody can disable themself. */
  'users.update': method({
    input: z.strictObject({ userId: z.string().min(1).max(64), displayName: DisplayName.optional(), role: Role.optional(), disabled: z.boolean().optional() }),
    output: UserAccount,
    access: ['admin'],
  }),
  /** Sets a new password and unlocks the account; the user's open sessions end. */
  'users.resetPassword': method({
    input: z.strictObject({ userId: z.string().min(1).max(64), password: NewPassword }),
    output: UserAccount,
    access: ['admin'],
  }),

  'station.status': method({ input: NoInput, output: StationStatus, access: 'signed-in' }),
  'station.setDropDir': method({
    input: z.strictObject({ path: z.string().trim().min(1).max(4096) }),
    output: StationStatus,
    access: ['admin'],
  }),

  /**
   * Back-scanning: files new batches under this project and box (null: day-to-day scanning).
   * Starting a box claims the scanner for the caller (see scanner.claim; takeOver likewise).
   */
  'station.setCurrentBox': method({
    input: z.strictObject({ box: z.object({ project: BoxLabel, box: BoxLabel }).strict().nullable(), takeOver: z.boolean().default(false) }),
    output: StationStatus,
    access: ['admin', 'clerk'],
  }),

  /**
   * "Scan as me": files that land from now on are credited to the caller. Refused ('conflict')
   * while another person holds the scanner, unless takeOver says the caller confirmed taking it
   * over; a take-over is recorded in the audit trail with whom it was taken from.
   */
  'scanner.claim': method({ input: z.strictObject({ takeOver: z.boolean().default(false) }), output: StationStatus, access: ['admin', 'clerk'] }),
  /** Hands the scanner back (only its holder can): files that land are unclaimed until someone claims it. */
  'scanner.release': method({ input: NoInput, output: StationStatus, access: 'signed-in' }),

  'batches.list': method({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100), filter: BatchFilter.default('all') }),
    output: z.object({ batches: z.array(BatchSummary) }),
    access: 'signed-in',
  }),
  'batches.get': method({
    input: z.strictObject({ batchId: z.string().min(1).max(64), purpose }),
    output: BatchDetail,
    access: 'signed-in',
  }),
  /**
   * The batch as batches.get answers it, with only the pages asked for (those that still exist):
   * what a screen holding a 500-page batch fetches when recognition reports a few of its pages.
   * Its documents come whole (they are few, and a page's result can change any of them).
   */
  'batches.getPages': method({
    input: z.strictObject({ batchId: z.string().min(1).max(64), pageIds: z.array(z.string().min(1).max(64)).min(1).max(maxPagesPerFetch), purpose }),
    output: BatchDetail,
    access: 'signed-in',
  }),

  'pages.ocr': method({
    input: z.strictObject({ pageId: z.string().min(1).max(64), purpose }),
    output: z.object({
      status: z.enum(['pending', 'done', 'failed']),
      text: z.string().nullable(),
      confidence: z.number().nullable(),
      words: z.array(
        z.object({
          text: z.string(),
          confidence: z.number(),
          line: z.number().int(),
          box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
        }),
      ),
    }),
    access: 'signed-in',
  }),

  'patients.search': method({
    input: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(50).default(10) }),
    output: z.object({ results: z.array(PatientSearchResult) }),
    access: 'signed-in',
  }),
  'patients.import': method({
    input: z.strictObject({ fileName: z.string().max(255), content: z.string().max(200 * 1024 * 1024) }),
    output: ImportSummary,
    access: ['admin'],
  }),

  'docTypes.list': method({ input: NoInput, output: z.object({ types: z.array(DocumentType) }), access: 'signed-in' }),
  'docTypes.save': method({ input: z.strictObject({ type: DocumentType }), output: z.object({ types: z.array(DocumentType) }), access: ['admin'] }),

  'documents.indexing': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64), purpose }),
    output: DocumentIndexing,
    access: ['admin', 'clerk', 'reviewer'],
  }),
  'documents.setIndex': method({ input: SetIndexInput, output: DocumentIndexing, access: ['admin', 'clerk'] }),
  /** Takes the best suggestions: a high-confidence patient, the best type that is not a guess, the top date. */
  'documents.acceptSuggestions': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64) }),
    output: DocumentIndexing,
    access: ['admin', 'clerk'],
  }),
  'documents.confirm': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64) }),
    output: DocumentIndexing,
    access: ['admin', 'clerk'],
  }),
  'documents.reopen': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64) }),
    output: DocumentIndexing,
    access: ['admin', 'clerk'],
  }),
  /** Unblurs a sensitive document's pages for this session; the reason goes to the audit trail. */
  'documents.revealSensitive': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64), reason: z.string().trim().min(5, 'Say why in a few words.').max(500) }),
    output: z.object({ documentId: z.string(), revealed: z.literal(true) }),
    access: 'signed-in',
  }),
  /** Lets a blocking QC finding pass, with a typed reason; recorded with who and when. */
  'qc.override': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64), code: z.string().min(1).max(64), reason: z.string().trim().min(5, 'Say why in a few words.').max(500) }),
    output: DocumentIndexing,
    access: ['admin', 'reviewer'],
  }),

  /** Back-scanning: which project and box the batch's paper came from (null clears). */
  'batches.setBox': method({
    input: z.strictObject({ batchId: z.string().min(1).max(64), project: BoxLabel.nullable(), box: BoxLabel.nullable() }),
    output: BatchDetail,
    access: ['admin', 'clerk'],
  }),

  /** Batches with documents awaiting QC review, oldest first. */
  'review.queue': method({
    input: ReviewQueueFilter,
    output: z.object({ entries: z.array(ReviewQueueEntry), policy: ReviewPolicy }),
    access: ['admin', 'reviewer'],
  }),
  /** A batch's reviewable documents with index data and QC flags (PHI access, recorded). */
  'review.batch': method({ input: z.strictObject({ batchId: z.string().min(1).max(64), purpose }), output: ReviewBatch, access: ['admin', 'reviewer'] }),
  /** Approval releases the document to the outbox; a rejection sends it back to the clerk with the reason. */
  'review.decide': method({ input: ReviewDecision, output: ReviewDocument, access: ['admin', 'reviewer'] }),
  /** Approves every document of the batch still awaiting review (after the reviewer looked through them). */
  'review.approveBatch': method({
    input: z.strictObject({ batchId: z.string().min(1).max(64) }),
    output: z.object({ approved: z.number().int().nonnegative() }),
    access: ['admin', 'reviewer'],
  }),
  'boxes.list': method({ input: NoInput, output: z.object({ boxes: z.array(BoxStatus) }), access: 'signed-in' }),
  /** Marks a box verified (its paper may be scheduled for destruction); refused while any document in it is outstanding. */
  'boxes.verify': method({ input: z.strictObject({ project: BoxLabel, box: BoxLabel }), output: BoxStatus, access: ['admin', 'reviewer'] }),

  /** The supervisor's numbers for a range of days (inclusive, on the station's clock); supervisors are admins or reviewers. */
  'reports.summary': method({ input: ReportRange, output: ReportSummary, access: ['admin', 'reviewer'] }),
  /** One table of the report as CSV; each export is recorded in the audit trail. */
  'reports.csv': method({ input: ReportCsvRequest, output: ReportCsv, access: ['admin', 'reviewer'] }),

  'layout.apply': method({
    input: z.strictObject({ batchId: z.string().min(1).max(64), operation: LayoutOperation }),
    output: BatchDetail,
    access: ['admin', 'clerk'],
  }),
  'layout.undo': method({ input: z.strictObject({ batchId: z.string().min(1).max(64) }), output: BatchDetail, access: ['admin', 'clerk'] }),

  'delivery.overview': method({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    output: DeliveryOverview,
    access: 'signed-in',
  }),
  /** Puts a failed or held delivery back in line now. */
  'delivery.retry': method({ input: z.strictObject({ itemId: z.string().min(1).max(64) }), output: DeliveryItem, access: ['admin'] }),
  /** Keeps a delivery from going out until released. */
  'delivery.hold': method({ input: z.strictObject({ itemId: z.string().min(1).max(64) }), output: DeliveryItem, access: ['admin'] }),

  /** Separation rules and delivery targets (secrets masked); the schemas live in shared/domain (docs/architecture.md, "The contract and where its schemas live"). */
  'settings.get': method({ input: NoInput, output: StationSettings, access: ['admin'] }),
  'settings.saveSeparation': method({ input: z.strictObject({ rules: SeparationRules }), output: StationSettings, access: ['admin'] }),
  'settings.saveReview': method({ input: z.strictObject({ policy: ReviewPolicy }), output: StationSettings, access: ['admin'] }),
  /** How long the station keeps images and PDFs after delivery, and quarantined files (0: until an admin deletes them). */
  'settings.saveRetention': method({ input: z.strictObject({ retention: RetentionSettings }), output: StationSettings, access: ['admin'] }),
  'settings.saveIdleLock': method({
    input: z.strictObject({ seconds: IdleLockSeconds }),
    output: z.object({ idleLockSeconds: IdleLockSeconds }),
    access: ['admin'],
  }),
  /** How the station reads dates, where that comes from, and what the computer's locale alone would give. */
  'settings.dateOrder': method({ input: NoInput, output: DateOrderSetting, access: 'signed-in' }),
  /** null: follow the computer's locale. Refused while the config file or the command line sets the order. */
  'settings.saveDateOrder': method({ input: z.strictObject({ order: DateOrder.nullable() }), output: DateOrderSetting, access: ['admin'] }),
  /** A masked secret sent back (SECRET_MASK) keeps the saved one. */
  'settings.saveTarget': method({
    input: z.strictObject({ target: TargetConfig, enabled: z.boolean() }),
    output: StationSettings,
    access: ['admin'],
  }),

  'intake.list': method({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    output: z.object({ records: z.array(IntakeRecord) }),
    access: 'signed-in',
  }),
  'quarantine.list': method({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    /** `unhandled`: entries still waiting for an administrator, station-wide (what the badge counts). */
    output: z.object({ entries: z.array(QuarantineEntry), unhandled: z.number().int().nonnegative() }),
    access: 'signed-in',
  }),
  /** Sends a file set aside for a timeout, a memory cap or a crash back to intake, to be read again. */
  'quarantine.retry': method({
    input: z.strictObject({ quarantineId: z.string().min(1).max(100) }),
    output: z.object({ entry: QuarantineEntry, droppedAs: z.string() }),
    access: ['admin'],
  }),

  /** Decodes a quarantined file again, in an isolate, to show its pages where it can (recorded). */
  'quarantine.preview': method({ input: z.strictObject({ quarantineId: z.string().min(1).max(100) }), output: QuarantinePreview, access: ['admin'] }),
  'quarantine.previewPage': method({ input: QuarantinePageInput, output: FileBytes, access: ['admin'] }),
  /** The file as it arrived, to save elsewhere (recorded before it leaves the station). */
  'quarantine.original': method({ input: z.strictObject({ quarantineId: z.string().min(1).max(100) }), output: FileBytes, access: ['admin'] }),
  'quarantine.markHandled': method({ input: QuarantineNoteInput, output: QuarantineEntry, access: ['admin'] }),
  /** Deletes the entry's stored file with a reason; the entry stays on record, marked. */
  'quarantine.delete': method({ input: QuarantineDeleteInput, output: QuarantineEntry, access: ['admin'] }),

  /** A clerk asks a reviewer to let a blocking finding pass, with a note. */
  'overrideRequests.request': method({ input: OverrideRequestInput, output: OverrideRequest, access: ['admin', 'clerk'] }),
  /** Requests waiting for a reviewer, oldest first (those no longer needed are left out). */
  'overrideRequests.queue': method({ input: NoInput, output: z.object({ requests: z.array(OverrideRequest) }), access: ['admin', 'reviewer'] }),
  /** Grants (the finding is overridden with the reason) or declines (the reason goes back to the clerk). */
  'overrideRequests.decide': method({ input: OverrideDecisionInput, output: OverrideRequest, access: ['admin', 'reviewer'] }),
  /** The signed-in clerk's requests and how many answers they have not seen. */
  'overrideRequests.mine': method({ input: NoInput, output: MyOverrideRequests, access: ['admin', 'clerk'] }),
  /** The clerk has seen these answers (their badge stops counting them). */
  'overrideRequests.markSeen': method({
    input: z.strictObject({ requestIds: z.array(z.string().min(1).max(64)).max(100) }),
    output: z.object({ unseen: z.number().int().nonnegative() }),
    access: ['admin', 'clerk'],
  }),
  'overrideRequests.forDocument': method({
    input: z.strictObject({ documentId: z.string().min(1).max(64) }),
    output: z.object({ requests: z.array(OverrideRequest) }),
    access: ['admin', 'clerk', 'reviewer'],
  }),

  /** Marks a document so the next file dropped at the station replaces a page or adds pages after it. */
  'rescan.mark': method({ input: RescanMarkInput, output: RescanMark, access: ['admin', 'clerk', 'reviewer'] }),
  'rescan.cancel': method({ input: z.strictObject({ markId: z.string().min(1).max(64) }), output: RescanMark, access: ['admin', 'clerk', 'reviewer'] }),
  /** The mark the next dropped file will answer, if any, and the one that ended last (what became of it). */
  'rescan.armed': method({ input: NoInput, output: z.object({ mark: RescanMark.nullable(), lastEnded: RescanMark.nullable() }), access: 'signed-in' }),
  /** The actions and people the Audit screen offers as filters (staff names only, no patient data). */
  'audit.options': method({ input: NoInput, output: AuditSearchOptions, access: ['admin', 'reviewer'] }),
  /** One page of the audit trail, newest first. Opening the screen, and each new search, is itself recorded. */
  'audit.search': method({ input: AuditSearchInput, output: AuditSearchResult, access: ['admin', 'reviewer'] }),
  /** Everything the filters select, as CSV or as a FHIR R4 Bundle of AuditEvents; the export is recorded. */
  'audit.export': method({ input: z.strictObject({ filter: AuditFilter, format: AuditExportFormat }), output: AuditExport, access: ['admin', 'reviewer'] }),
  /** The head of the audit chain now, as an anchor file to keep off the station. */
  'audit.anchor': method({ input: NoInput, output: z.object({ fileName: z.string(), content: z.string() }), access: ['admin'] }),
  'audit.anchorSettings': method({ input: NoInput, output: AuditAnchorSettings, access: ['admin'] }),
  /** Where the station writes the day's anchor (null: nowhere); writes today's at once. */
  'audit.saveAnchorFolder': method({
    input: z.strictObject({ folder: z.string().trim().min(1).max(4096).nullable() }),
    output: AuditAnchorSettings,
    access: ['admin'],
  }),
  /** Confirmed documents by patient, MRN, date of service, type or batch, with their deliveries and corrections. */
  'documents.find': method({ input: FindDocumentsInput, output: z.object({ documents: z.array(DeliveredDocument) }), access: ['admin', 'reviewer'] }),
  /** Reopens a delivered document with a reason: its replacement takes its place, open, to be corrected. */
  'corrections.start': method({ input: StartCorrectionInput, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** A correction with its replacement's QC findings and deliveries (PHI access, recorded). */
  'corrections.get': method({ input: z.strictObject({ correctionId: z.string().min(1).max(64), purpose }), output: CorrectionView, access: ['admin', 'reviewer'] }),
  'corrections.setIndex': method({ input: CorrectionIndexInput, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** Splits pages off into a new document (for a clerk to index), removes a page, or restores one. */
  'corrections.pages': method({ input: CorrectionPagesInput, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** Sends the replacement (after QC; a second reviewer approves it unless Settings say otherwise). */
  'corrections.confirm': method({ input: CorrectionRef, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** Puts the original back as delivered; only before the correction was sent. */
  'corrections.cancel': method({ input: CorrectionRef, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** "Entered in error" with no replacement, sent to every target the document reached. */
  'corrections.retract': method({ input: RetractInput, output: CorrectionView, access: ['admin', 'reviewer'] }),
  /** One step for a document delivered under an MRN a merge retired: its replacement, filed under the survivor, is sent. */
  'corrections.followMerge': method({ input: z.strictObject({ documentId: z.string().min(1).max(64) }), output: CorrectionView, access: ['admin', 'reviewer'] }),
  'corrections.policy': method({ input: NoInput, output: CorrectionPolicy, access: ['admin', 'reviewer'] }),
  'corrections.savePolicy': method({ input: z.strictObject({ policy: CorrectionPolicy }), output: CorrectionPolicy, access: ['admin'] }),

  /** The scheduled sync from the hospital's FHIR Patient endpoint: its settings (secrets masked) and status line. */
  'patientSync.get': method({ input: NoInput, output: PatientSyncSettings, access: ['admin'] }),
  /** Saves (or, with null, removes) the sync settings; a masked secret sent back keeps the saved one. */
  'patientSync.save': method({ input: z.strictObject({ config: PatientSyncConfig.nullable() }), output: PatientSyncSettings, access: ['admin'] }),
  /** Syncs now; answers with the status once the run is over. */
  'patientSync.run': method({ input: NoInput, output: PatientSyncStatus, access: ['admin'] }),
  /** A merge file (retiredMrn,survivingMrn) exported from the hospital's ADT feed. */
  'patients.importMerges': method({ input: z.strictObject({ fileName: z.string().max(255), content: z.string().max(50 * 1024 * 1024) }), output: MergeFileSummary, access: ['admin'] }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
