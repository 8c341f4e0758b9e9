import type { Handlers } from '../dispatcher.js';
import type { StationContext } from '../station-context.js';
import { auditHandlers } from './audit-handlers.js';
import { batchHandlers } from './batch-handlers.js';
import { catalogueHandlers } from './catalogue-handlers.js';
import { dateOrderHandlers } from './date-order-handlers.js';
import { correctionHandlers } from './correction-handlers.js';
import { patientSyncHandlers } from './patient-sync-handlers.js';
import { deliveryHandlers } from './delivery-handlers.js';
import { indexingHandlers } from './indexing-handlers.js';
import { intakeHandlers } from './intake-handlers.js';
import { layoutHandlers } from './layout-handlers.js';
import { overrideRequestHandlers } from './override-request-handlers.js';
import { quarantineHandlers } from './quarantine-handlers.js';
import { rescanHandlers } from './rescan-handlers.js';
import { reportsHandlers } from './reports-handlers.js';
import { reviewHandlers } from './review-handlers.js';
import { scannerHandlers } from './scanner-handlers.js';
import { settingsHandlers } from './settings-handlers.js';
import { sessionHandlers } from './session-handlers.js';
import { stationHandlers } from './station-handlers.js';
import { userHandlers } from './user-handlers.js';

/** The contract implemented once, assembled from one handler map per domain. */
export const createHandlers = (ctx: StationContext): Handlers => ({
  ...sessionHandlers(ctx),
  ...stationHandlers(ctx),
  ...scannerHandlers(ctx),
  ...batchHandlers(ctx),
  ...intakeHandlers(ctx),
  ...catalogueHandlers(ctx),
  ...indexingHandlers(ctx),
  ...layoutHandlers(ctx),
  ...reviewHandlers(ctx),
  ...deliveryHandlers(ctx),
  ...reportsHandlers(ctx),
  ...settingsHandlers(ctx),
  ...userHandlers(ctx),
  ...dateOrderHandlers(ctx),
  ...quarantineHandlers(ctx),
  ...overrideRequestHandlers(ctx),
  ...rescanHandlers(ctx),
  ...auditHandlers(ctx),
  ...correctionHandlers(ctx),
  ...patientSyncHandlers(ctx),
});
