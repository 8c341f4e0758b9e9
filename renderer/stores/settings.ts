import { create } from 'zustand';
import type { MethodOutput } from '../../shared/api/contract.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import type { FormErrors } from './session.js';
import { onSignedOut } from './session.js';
import { IndexField } from '../../shared/domain/delivery.js';

/**
 * Settings → Separation rules and Delivery targets (administrators only). The engine validates
 * with its own schemas (electron/engine/config/station-config-file.ts and
 * electron/engine/delivery/delivery-package.ts); the types below mirror them for the forms.
 */
export type StationSettings = MethodOutput<'settings.get'>;
export type SeparationRules = StationSettings['separation'];

/** What the engine sends back in place of a saved token or client secret; sending it back keeps the secret. */
export const SECRET_MASK = '********';

/** The engine's default patient-label rule (electron/engine/separation/mrn-pattern.ts). */
export const DEFAULT_MRN_PATTERN = '^(?:MRN[:=]?\\s*)?(\\d{6,10})$';

export const COVER_SHEET_FORMATS = [
  { value: 'QRCode', label: 'QR Code' },
  { value: 'DataMatrix', label: 'Data Matrix' },
  { value: 'PDF417', label: 'PDF417' },
  { value: 'Aztec', label: 'Aztec' },
] as const;

/** Index fields an import processor may ask for in a delimited index file. */
export const INDEX_FIELDS = IndexField.options;
export type { IndexField };
export type IndexColumn = IndexField | { field: IndexField; header: string };

export type FolderIndexLayout =
  | { format: 'json' }
  | { format: 'delimited'; extension: string; delimiter: string; quote: string; header: boolean; lineEnding: 'crlf' | 'lf'; columns: IndexColumn[] };

export interface FolderTarget {
  kind: 'folder';
  id: string;
  path: string;
  index: FolderIndexLayout;
  timeoutMs: number;
}

export type FhirAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string; clientAuth: 'basic' | 'body' };

export interface FhirTarget {
  kind: 'fhir';
  id: string;
  baseUrl: string;
  documentIdentifierSystem: string;
  patientIdentifierSystem: string;
  attachment: 'binary' | 'inline';
  /** Not edited on this screen (set in chartdesk.json); kept as they are when a target is saved. */
  category?: unknown;
  author?: unknown;
  custodian?: unknown;
  auth: FhirAuth;
  caFile?: string;
  timeoutMs: number;
}

export type TargetConfig = FolderTarget | FhirTarget;

export interface TargetRow {
  id: string;
  enabled: boolean;
  /** Null when the saved configuration is of a kind this screen does not know. */
  config: TargetConfig | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Narrows a target's configuration as the engine sends it, filling in the schema's defaults: a
 * target saved by the station itself (the first-run local folder) or by an older version may
 * leave them out. The engine has validated everything else.
 */
export function asTarget(config: unknown): TargetConfig | null {
  if (!isRecord(config) || typeof config['id'] !== 'string') return null;
  if (config['kind'] === 'folder' && typeof config['path'] === 'string') {
    const index = isRecord(config['index']) && config['index']['format'] === 'delimited' ? config['index'] : null;
    return {
      ...(config as unknown as FolderTarget),
      index: index
        ? {
            format: 'delimited',
            extension: typeof index['extension'] === 'string' ? index['extension'] : 'csv',
            delimiter: typeof index['delimiter'] === 'string' ? index['delimiter'] : ',',
            quote: typeof index['quote'] === 'string' ? index['quote'] : '"',
            header: typeof index['header'] === 'boolean' ? index['header'] : true,
            lineEnding: index['lineEnding'] === 'lf' ? 'lf' : 'crlf',
            columns: Array.isArray(index['columns']) ? (index['columns'] as IndexColumn[]) : [],
          }
        : { format: 'json' },
      timeoutMs: typeof config['timeoutMs'] === 'number' ? config['timeoutMs'] : 120_000,
    };
  }
  if (config['kind'] === 'fhir' && typeof config['baseUrl'] === 'string') {
    const auth = isRecord(config['auth']) ? (config['auth'] as unknown as FhirAuth) : { type: 'none' as const };
    return {
      ...(config as unknown as FhirTarget),
      documentIdentifierSystem: typeof config['documentIdentifierSystem'] === 'string' ? config['documentIdentifierSystem'] : 'urn:chartdesk:document',
      patientIdentifierSystem: typeof config['patientIdentifierSystem'] === 'string' ? config['patientIdentifierSystem'] : '',
      attachment: config['attachment'] === 'inline' ? 'inline' : 'binary',
      auth: auth.type === 'client-credentials' ? { ...auth, clientAuth: auth.clientAuth === 'body' ? 'body' : 'basic' } : auth,
      timeoutMs: typeof config['timeoutMs'] === 'number' ? config['timeoutMs'] : 30_000,
    };
  }
  return null;
}

export const targetRows = (settings: StationSettings | null): TargetRow[] =>
  (settings?.targets ?? []).map((t) => ({ id: t.id, enabled: t.enabled, config: asTarget(t.config) }));

/** The MRN a barcode value yields under `pattern`, as the engine reads patient labels (mrnFromBarcode). */
export type MrnTest = { kind: 'mrn'; mrn: string } | { kind: 'no-match' } | { kind: 'no-group' } | { kind: 'invalid-pattern' };

export function testMrnPattern(pattern: string, value: string): MrnTest {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'i');
  } catch {
    return { kind: 'invalid-pattern' };
  }
  const match = re.exec(value.trim());
  if (!match) return { kind: 'no-match' };
  const mrn = match[1];
  return mrn === undefined ? { kind: 'no-group' } : { kind: 'mrn', mrn };
}

/** The engine's refusal for a pattern: it must compile and have a capturing group. */
export function mrnPatternProblem(pattern: string): string | null {
  if (!pattern.trim()) return 'Enter the pattern patient labels follow.';
  if (pattern.length > 200) return 'Keep the pattern under 200 characters.';
  try {
    new RegExp(pattern, 'i');
  } catch {
    return 'This is not a valid regular expression.';
  }
  if (!/\((?!\?)/.test(pattern)) return 'Put the MRN in a capturing group, e.g. (\\d{6,10}).';
  return null;
}

const noErrors: FormErrors = { message: null, fields: {} };

export interface SaveState {
  saving: boolean;
  errors: FormErrors;
  /** Sentence confirming the last successful save. */
  saved: string | null;
}

const idle: SaveState = { saving: false, errors: noErrors, saved: null };

interface SettingsState {
  settings: StationSettings | null;
  loadError: string | null;
  separationSave: SaveState;
  targetSave: SaveState;
  /** Target whose enabled switch is being saved from the list, and the value asked for. */
  toggling: { id: string; enabled: boolean } | null;
  toggleError: string | null;

  load(): Promise<void>;
  saveSeparation(rules: SeparationRules): Promise<boolean>;
  saveTarget(target: TargetConfig, enabled: boolean, savedText: string): Promise<boolean>;
  setEnabled(row: TargetRow, enabled: boolean): Promise<void>;
  clearSeparationSave(): void;
  clearTargetSave(): void;
}

const requests = requestCounter();
let inFlight: Promise<void> | null = null;

/** The engine's schema messages start lower-case ("the import folder must be an absolute path"). */
const asSentence = (text: string) => {
  const t = text.trim();
  return t ? `${t[0]!.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : t;
};

/** Splits the engine's field errors into what a form shows next to fields and what it shows on top. */
const formErrors = (error: { message: string; fields?: Record<string, string> | undefined }, known: (path: string) => boolean): FormErrors => {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [path, sentence] of Object.entries(error.fields ?? {})) {
    if (known(path)) fields[path] = asSentence(sentence);
    else other.push(path === '_' ? asSentence(sentence) : `${path}: ${asSentence(sentence)}`);
  }
  const message = other.length > 0 ? `${error.message} ${other.join(' ')}` : Object.keys(fields).length > 0 ? null : error.message;
  return { message, fields };
};

const separationPaths = ['separatorValues', 'coverSheetFormats', 'mrnPattern'];
const targetPaths = [
  'id',
  'path',
  'timeoutMs',
  'index',
  'baseUrl',
  'patientIdentifierSystem',
  'documentIdentifierSystem',
  'attachment',
  'auth',
  'caFile',
];
const under = (roots: string[]) => (path: string) => roots.some((root) => path === root || path.startsWith(`${root}.`));

export const useSettings = create<SettingsState>((set, get) => ({
  settings: null,
  loadError: null,
  separationSave: idle,
  targetSave: idle,
  toggling: null,
  toggleError: null,

  load() {
    // Both panels ask at mount; one request answers both.
    if (inFlight) return inFlight;
    const n = requests.next();
    inFlight = (async () => {
      const result = await call('settings.get', {});
      inFlight = null;
      if (!requests.isLatest(n)) return;
      if (result.ok) set({ settings: result.value, loadError: null });
      else set({ loadError: result.error.message });
    })();
    return inFlight;
  },

  async saveSeparation(rules) {
    set({ separationSave: { saving: true, errors: noErrors, saved: null } });
    const n = requests.next();
    const result = await call('settings.saveSeparation', { rules });
    if (!result.ok) {
      set({ separationSave: { saving: false, errors: formErrors(result.error, under(separationPaths)), saved: null } });
      return false;
    }
    if (requests.isLatest(n)) set({ settings: result.value });
    set({ separationSave: { saving: false, errors: noErrors, saved: 'Saved. Pages read from now on are separated with these rules.' } });
    return true;
  },

  async saveTarget(target, enabled, savedText) {
    set({ targetSave: { saving: true, errors: noErrors, saved: null }, toggleError: null });
    const n = requests.next();
    const result = await call('settings.saveTarget', { target, enabled });
    if (!result.ok) {
      set({ targetSave: { saving: false, errors: formErrors(result.error, under(targetPaths)), saved: null } });
      return false;
    }
    if (requests.isLatest(n)) set({ settings: result.value });
    set({ targetSave: { saving: false, errors: noErrors, saved: savedText } });
    return true;
  },

  async setEnabled(row, enabled) {
    if (!row.config || get().toggling) return;
    set({ toggling: { id: row.id, enabled }, toggleError: null, targetSave: idle });
    const n = requests.next();
    // The configuration goes back as it came: masked secrets mean "keep the saved one".
    const result = await call('settings.saveTarget', { target: row.config, enabled });
    if (!result.ok) {
      set({ toggling: null });
      set({ toggleError: `${row.id} could not be ${enabled ? 'enabled' : 'disabled'}: ${result.error.message}` });
      return;
    }
    set(requests.isLatest(n) ? { settings: result.value, toggling: null } : { toggling: null });
  },

  clearSeparationSave() {
    set({ separationSave: idle });
  },

  clearTargetSave() {
    set({ targetSave: idle });
  },
}));

onSignedOut(() => {
  requests.next();
  inFlight = null;
  useSettings.setState({ settings: null, loadError: null, separationSave: idle, targetSave: idle, toggling: null, toggleError: null });
});
