import { join } from 'node:path';
import type { Access, MethodName } from '../../shared/api/contract.js';
import type { Role } from '../../shared/domain/user.js';
import { defaultSeparationRules } from '../../shared/domain/separation-rules.js';

/** The password every account made by these tests uses. */
export const MINIMAL_INPUT_PASSWORD = 'long enough password';

/**
 * A minimal input for each method that passes the contract's schema, so the dispatcher
 * reaches the session and role check. Ids point at nothing: an allowed call may fail later
 * (not-found, invalid-input from the handler) but never with forbidden or not-signed-in.
 * Names embed the role so the same table can be sent once per role without collisions;
 * `scratchDir` is a temp folder for methods that take a path.
 *
 * Shared by the engine's role test and the HTTP route test: a new contract method needs one
 * entry here (roles.test.ts fails until it has one).
 */
export const minimalInput = (role: Role | 'none', scratchDir: string): Partial<Record<MethodName, unknown>> => ({
  'session.status': {},
  'session.createAdmin': { username: `late-admin-${role}`, displayName: 'Late', password: MINIMAL_INPUT_PASSWORD },
  'session.signIn': { username: 'nobody', password: 'wrong' },
  'session.signOut': {},
  'session.changePassword': { currentPassword: 'not the current one', newPassword: 'another long password' },
  // Called in contract order: lock, then unlock with the right password, so the session goes on working.
  'session.lock': {},
  'session.unlock': { password: MINIMAL_INPUT_PASSWORD },
  'station.status': {},
  'station.setDropDir': { path: join(scratchDir, `drop-${role}`) },
  'station.setCurrentBox': { box: null },
  'scanner.claim': {},
  'scanner.release': {},
  'batches.list': {},
  'batches.get': { batchId: 'no-such-batch' },
  'batches.getPages': { batchId: 'no-such-batch', pageIds: ['no-such-page'] },
  'pages.ocr': { pageId: 'no-such-page' },
  'patients.search': { query: 'smith' },
  'patients.import': { fileName: 'mpi.csv', content: 'mrn,family,given,birthDate,sex\n' },
  'docTypes.list': {},
  'docTypes.save': { type: { code: 'LOCAL-ROLES', system: 'urn:local', display: 'Roles test', sensitive: false, requiresDateOfService: false, keywords: [] } },
  'documents.indexing': { documentId: 'no-such-document' },
  'documents.setIndex': { documentId: 'no-such-document' },
  'documents.acceptSuggestions': { documentId: 'no-such-document' },
  'documents.confirm': { documentId: 'no-such-document' },
  'documents.reopen': { documentId: 'no-such-document' },
  'documents.revealSensitive': { documentId: 'no-such-document', reason: 'continuity of care' },
  'qc.override': { documentId: 'no-such-document', code: 'patient-mismatch', reason: 'checked by phone' },
  'layout.apply': { batchId: 'no-such-batch', operation: { op: 'delete-page', pageId: 'no-such-page' } },
  'layout.undo': { batchId: 'no-such-batch' },
  'batches.setBox': { batchId: 'no-such-batch', project: 'P1', box: 'B1' },
  'review.queue': {},
  'review.batch': { batchId: 'no-such-batch' },
  'review.decide': { decision: 'approve', documentId: 'no-such-document' },
  'review.approveBatch': { batchId: 'no-such-batch' },
  'boxes.list': {},
  'boxes.verify': { project: 'P1', box: 'no-such-box' },
  'reports.summary': { from: '2026-03-01', to: '2026-03-14' },
  'reports.csv': { table: 'work-by-operator', from: '2026-03-01', to: '2026-03-14' },
  'settings.saveReview': { policy: { required: true, samplePercent: 100, afterRejectionDocuments: 20 } },
  'settings.saveRetention': { retention: { deliveredDays: 7, quarantineDays: 30 } },
  'delivery.overview': {},
  'delivery.retry': { itemId: 'no-such-item' },
  'delivery.hold': { itemId: 'no-such-item' },
  'settings.get': {},
  'settings.saveSeparation': { rules: defaultSeparationRules },
  'settings.saveIdleLock': { seconds: 600 },
  // Disabled: nothing is ever sent to it.
  'settings.saveTarget': { target: { kind: 'folder', id: `minimal-${role}`, path: join(scratchDir, `import-${role}`) }, enabled: false },
  'intake.list': {},
  'quarantine.list': {},
  'quarantine.retry': { quarantineId: 'no-such-entry' },
  'users.list': {},
  'users.create': { username: `made-by-${role}`, displayName: 'Made', role: 'clerk', password: MINIMAL_INPUT_PASSWORD },
  'users.update': { userId: 'no-such-user' },
  'users.resetPassword': { userId: 'no-such-user', password: MINIMAL_INPUT_PASSWORD },
  'settings.dateOrder': {},
  'settings.saveDateOrder': { order: null },
  'quarantine.preview': { quarantineId: 'no-such-entry' },
  'quarantine.previewPage': { quarantineId: 'no-such-entry', page: 1 },
  'quarantine.original': { quarantineId: 'no-such-entry' },
  'quarantine.markHandled': { quarantineId: 'no-such-entry', note: 'rescanned by the ward' },
  'quarantine.delete': { quarantineId: 'no-such-entry', reason: 'test scan of blank paper' },
  'overrideRequests.request': { documentId: 'no-such-document', code: 'poor-image-blur', note: 'the original is this faint' },
  'overrideRequests.queue': {},
  'overrideRequests.decide': { requestId: 'no-such-request', decision: 'decline', reason: 'rescan it please' },
  'overrideRequests.mine': {},
  'overrideRequests.markSeen': { requestIds: [] },
  'overrideRequests.forDocument': { documentId: 'no-such-document' },
  'rescan.mark': { documentId: 'no-such-document', kind: 'replace', pageId: 'no-such-page' },
  'rescan.cancel': { markId: 'no-such-mark' },
  'rescan.armed': {},
  'audit.options': {},
  'audit.search': { filter: {} },
  'audit.export': { filter: { mrn: 'no-such-patient' }, format: 'csv' },
  'audit.anchor': {},
  'audit.anchorSettings': {},
  'audit.saveAnchorFolder': { folder: null },
  'documents.find': {},
  'corrections.start': { documentId: 'no-such-document', reason: 'wrong patient' },
  'corrections.get': { correctionId: 'no-such-correction' },
  'corrections.setIndex': { correctionId: 'no-such-correction', dateOfService: '2026-03-04' },
  'corrections.pages': { correctionId: 'no-such-correction', op: 'remove', pageIds: ['no-such-page'] },
  'corrections.confirm': { correctionId: 'no-such-correction' },
  'corrections.cancel': { correctionId: 'no-such-correction' },
  'corrections.retract': { documentId: 'no-such-document', reason: 'not our patient' },
  'corrections.followMerge': { documentId: 'no-such-document' },
  'corrections.policy': {},
  'corrections.savePolicy': { policy: { secondReviewer: true } },
  'patientSync.get': {},
  'patientSync.save': { config: null },
  'patientSync.run': {},
  'patients.importMerges': { fileName: 'merges.csv', content: 'retiredMrn,survivingMrn\n' },
});

/** Whether the contract's access rule lets a signed-in user of `role` call a method. */
export const mayCall = (access: Access, role: Role) => access === 'public' || access === 'signed-in' || access.includes(role);
