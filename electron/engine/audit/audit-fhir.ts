import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-log.js';

/*
 * The trail as FHIR R4 AuditEvent resources, in a Bundle of type "collection": what a records
 * manager's or a hospital's audit repository (an ATNA/BALP store) takes in. Event types are the
 * DICOM audit codes FHIR uses; the ChartDesk action is the subtype, so nothing is lost.
 */

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const ACTION_SYSTEM = 'urn:chartdesk:audit-action';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
/** Where the station's own chain facts ride along (entry number, hash): a URI of our own. */
export const CHAIN_ENTRY_EXTENSION = 'urn:chartdesk:audit-chain-entry';

type EventCode = 'application' | 'audit-log-used' | 'export' | 'import' | 'patient-record' | 'security-alert' | 'authentication' | 'user-security';
const eventTypes: Record<EventCode, { code: string; display: string }> = {
  application: { code: '110100', display: 'Application Activity' },
  'audit-log-used': { code: '110101', display: 'Audit Log Used' },
  export: { code: '110106', display: 'Export' },
  import: { code: '110107', display: 'Import' },
  'patient-record': { code: '110110', display: 'Patient Record' },
  'security-alert': { code: '110113', display: 'Security Alert' },
  authentication: { code: '110114', display: 'User Authentication' },
  'user-security': { code: '110137', display: 'User Security Attributes Changed' },
};

type Crud = 'C' | 'R' | 'U' | 'D' | 'E';
type Outcome = '0' | '4' | '8';

/** The actions the station knows today; an action added later falls back to "Application Activity", execute. */
const actionKinds: Record<string, [EventCode, Crud, Outcome?]> = {
  'sign-in': ['authentication', 'E'],
  'sign-in-failed': ['authentication', 'E', '4'],
  'sign-out': ['authentication', 'E'],
  'account-locked': ['authentication', 'E', '4'],
  'session-locked': ['authentication', 'E'],
  'session-unlocked': ['authentication', 'E'],
  'unlock-failed': ['authentication', 'E', '4'],
  'user-created': ['user-security', 'C'],
  'user-changed': ['user-security', 'U'],
  'document-viewed': ['patient-record', 'R'],
  'index-changed': ['patient-record', 'U'],
  'document-confirmed': ['patient-record', 'U'],
  'document-reopened': ['patient-record', 'U'],
  'qc-overridden': ['patient-record', 'U'],
  'review-approved': ['patient-record', 'U'],
  'review-rejected': ['patient-record', 'U'],
  'box-assigned': ['patient-record', 'U'],
  'box-verified': ['patient-record', 'U'],
  'sensitive-revealed': ['patient-record', 'R'],
  'layout-changed': ['patient-record', 'U'],
  'layout-undone': ['patient-record', 'U'],
  purge: ['patient-record', 'D'],
  'report-exported': ['export', 'R'],
  'audit-exported': ['audit-log-used', 'R'],
  'audit-viewed': ['audit-log-used', 'R'],
  'delivery-queued': ['export', 'C'],
  'delivery-delivered': ['export', 'R'],
  'delivery-failed': ['export', 'R', '4'],
  'delivery-retried': ['export', 'U'],
  'delivery-held': ['export', 'U'],
  'patients-imported': ['import', 'C'],
  'settings-changed': ['application', 'U'],
  'storage-tampered': ['security-alert', 'R', '8'],
  'quarantine-released': ['application', 'U'],
};

const subtypeOf: Record<string, { code: string; display: string }> = {
  'sign-in': { code: '110122', display: 'Login' },
  'sign-in-failed': { code: '110122', display: 'Login' },
  'sign-out': { code: '110123', display: 'Logout' },
};

function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface AuditEventContext {
  stationName: string;
  chainId: string;
  /** The patients each entry concerns (the patient index), by entry number. */
  patientsOf: ReadonlyMap<number, readonly string[]>;
}

const identifier = (system: string, value: string) => ({ identifier: { system, value } });

interface Coding {
  system: string;
  code: string;
  display: string;
}
interface Entity {
  what: { identifier: { system: string; value: string } };
  type: Coding;
  role: Coding;
  detail?: { type: string; valueString: string }[];
}

function subjectEntity(subject: NonNullable<AuditEntry['subject']>): Entity {
  const person = subject.type === 'user' || subject.type === 'patient';
  return {
    what: identifier(`urn:chartdesk:${subject.type}`, subject.id),
    type: { system: ENTITY_TYPE, code: person ? '1' : '2', display: person ? 'Person' : 'System Object' },
    role: subject.type === 'user' ? { system: OBJECT_ROLE, code: '6', display: 'User' } : { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
  };
}

export function auditEventOf(entry: AuditEntry, context: AuditEventContext): Record<string, unknown> {
  const [kind, crud, outcome] = actionKinds[entry.action] ?? ['application', 'E'];
  const station = { display: `ChartDesk station ${context.stationName}`, ...identifier('urn:chartdesk:station', context.stationName) };
  const patients = (context.patientsOf.get(entry.seq) ?? []).filter((mrn) => !(entry.subject?.type === 'patient' && entry.subject.id === mrn));
  const entities: Entity[] = [
    ...(entry.subject ? [subjectEntity(entry.subject)] : []),
    ...patients.map((mrn) => ({
      what: identifier('urn:chartdesk:patient', mrn),
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    })),
  ];
  // The details go once, on the first entity; an entry without any gets one of its own.
  const details = Object.keys(entry.details).length > 0 ? [{ type: 'details', valueString: JSON.stringify(entry.details) }] : [];
  if (details.length > 0) {
    if (entities.length > 0) entities[0]!.detail = details;
    else {
      const other = { system: ENTITY_TYPE, code: '4', display: 'Other' };
      entities.push({ what: identifier('urn:chartdesk:audit-entry', String(entry.seq)), type: other, role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' }, detail: details });
    }
  }
  const subtype = subtypeOf[entry.action];
  return {
    resourceType: 'AuditEvent',
    id: `cd-${context.chainId}-${entry.seq}`,
    extension: [
      {
        url: CHAIN_ENTRY_EXTENSION,
        extension: [
          { url: 'seq', valueInteger: entry.seq },
          { url: 'hash', valueString: entry.hash },
          { url: 'prevHash', valueString: entry.prevHash },
        ],
      },
    ],
    type: { system: DCM, ...eventTypes[kind] },
    subtype: [...(subtype ? [{ system: DCM, ...subtype }] : []), { system: ACTION_SYSTEM, code: entry.action, display: entry.action }],
    action: crud,
    recorded: entry.at,
    outcome: outcome ?? '0',
    agent: [
      entry.user
        ? { who: { ...identifier('urn:chartdesk:user', entry.user.id || entry.user.name), display: entry.user.name }, altId: entry.user.name, requestor: true }
        : { who: station, requestor: true },
    ],
    source: {
      site: context.stationName,
      observer: station,
      type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '4', display: 'Application Server' }],
    },
    ...(entities.length > 0 ? { entity: entities } : {}),
  };
}

/** A Bundle of type collection, one AuditEvent per entry in the order given. */
export function auditEventBundle(entries: readonly AuditEntry[], context: AuditEventContext, now: Date): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    entry: entries.map((entry) => ({ fullUrl: `urn:uuid:${uuidOf(`${context.chainId}|${entry.seq}`)}`, resource: auditEventOf(entry, context) })),
  };
}
