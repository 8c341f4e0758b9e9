import { sql as intake } from './0001-intake.js';
import { sql as recognition } from './0002-recognition.js';
import { sql as patientIndex } from './0003-patient-index.js';
import { sql as indexing } from './0004-indexing.js';
import { sql as delivery } from './0005-delivery.js';
import { sql as audit } from './0006-audit.js';
import { sql as pageEdges } from './0007-page-edges.js';
import { sql as review } from './0008-review.js';
import { sql as sessionLock } from './0009-session-lock.js';
import { sql as retention } from './0010-retention.js';
import { sql as decodeAttempts } from './0011-decode-attempts.js';
import { sql as quarantineRelease } from './0012-quarantine-release.js';
import { sql as pnmAndBlankText } from './0014-pnm-and-blank-text.js';
import { sql as operatorAttribution } from './0015-operator-attribution.js';
import { sql as auditChain } from './0016-audit-chain.js';
import { sql as hardening } from './0017-hardening.js';
import { sql as correctionsAndPatientSync } from './0018-corrections-and-patient-sync.js';
import { sql as stationDay } from './0019-station-day.js';
import { sql as volume } from './0020-volume.js';
import { sql as auditPatientOnFiling } from './0021-audit-patient-on-filing.js';
import { sql as reportTotals } from './0022-report-totals.js';
import { sql as pageTextIdentifiers } from './0023-page-text-identifiers.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** In order. Append only: a shipped migration is never edited or removed. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'intake', sql: intake },
  { version: 2, name: 'recognition', sql: recognition },
  { version: 3, name: 'patient-index', sql: patientIndex },
  { version: 4, name: 'indexing', sql: indexing },
  { version: 5, name: 'delivery', sql: delivery },
  { version: 6, name: 'audit', sql: audit },
  { version: 7, name: 'page-edges', sql: pageEdges },
  { version: 8, name: 'review', sql: review },
  { version: 9, name: 'session-lock', sql: sessionLock },
  { version: 10, name: 'retention', sql: retention },
  { version: 11, name: 'decode-attempts', sql: decodeAttempts },
  { version: 12, name: 'quarantine-release', sql: quarantineRelease },
  { version: 14, name: 'pnm-and-blank-text', sql: pnmAndBlankText },
  { version: 15, name: 'operator-attribution', sql: operatorAttribution },
  { version: 16, name: 'audit-chain', sql: auditChain },
  { version: 17, name: 'hardening', sql: hardening },
  { version: 18, name: 'corrections-and-patient-sync', sql: correctionsAndPatientSync },
  { version: 19, name: 'station-day', sql: stationDay },
  { version: 20, name: 'volume', sql: volume },
  { version: 21, name: 'audit-patient-on-filing', sql: auditPatientOnFiling },
  { version: 22, name: 'report-totals', sql: reportTotals },
  { version: 23, name: 'page-text-identifiers', sql: pageTextIdentifiers },
];
