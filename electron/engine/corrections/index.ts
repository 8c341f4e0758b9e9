/** Correcting delivered documents: replacements, retractions, and what the Corrections screen reads. */
import type { DateOrder } from '../../../shared/domain/date-order.js';
import { CorrectionRepository } from '../db/repositories/corrections.js';
import { PatientMergeRepository } from '../db/repositories/patient-merges.js';
import { CorrectionDeliveries } from './correction-delivery.js';
import { CorrectionQueries } from './correction-view.js';
import { type CorrectionDeps, CorrectionService } from './corrections.js';

export { type Actor, CorrectionRefusal, CorrectionService } from './corrections.js';
export { CorrectionDeliveries } from './correction-delivery.js';
export { CorrectionQueries } from './correction-view.js';

export type CorrectionParts = ReturnType<typeof createCorrections>;

export function createCorrections(deps: Omit<CorrectionDeps, 'corrections' | 'deliveries' | 'merges'> & { db: ConstructorParameters<typeof CorrectionRepository>[0]; dateOrder: () => DateOrder }) {
  const corrections = new CorrectionRepository(deps.db);
  const merges = new PatientMergeRepository(deps.db);
  const deliveries = new CorrectionDeliveries(corrections, deps.outbox, deps.audit);
  const service = new CorrectionService({ ...deps, corrections, deliveries, merges });
  const queries = new CorrectionQueries({ ...deps, corrections, service, merges });
  return { repository: corrections, merges, deliveries, service, queries };
}
