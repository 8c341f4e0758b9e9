import { create } from 'zustand';
import type { MethodInput } from '../../shared/api/contract.js';
import type { DeliveryTargetSetting } from '../../shared/domain/delivery-targets.js';
import type { CoverSheetFormat, SeparationRules } from '../../shared/domain/separation-rules.js';
import type { StationSettings } from '../../shared/domain/settings.js';
import { call } from '../api/client.js';
import { requestCounter } from '../lib/schedule.js';
import type { FormErrors } from './session.js';
import { onSignedOut } from './session.js';

/**
 * Settings → Separation rules and Delivery targets (administrators only). The forms check with
 * the schemas the engine checks with (shared/domain/separation-rules.ts, delivery-targets.ts).
 */
export type { StationSettings };
export type TargetRow = DeliveryTargetSetting;

/** Labels for the cover-sheet formats, in the order the engine keeps them. */
export const COVER_SHEET_FORMATS: readonly { value: CoverSheetFormat; label: string }[] = [
  { value: 'QRCode', label: 'QR Code' },
  { value: 'DataMatrix', label: 'Data Matrix' },
  { value: 'PDF417', label: 'PDF417' },
  { value: 'Aztec', label: 'Aztec' },
];

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
  saveTarget(target: MethodInput<'settings.saveTarget'>['target'], enabled: boolean, savedText: string): Promise<boolean>;
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

/**
 * Splits the engine's field errors into what a form shows next to fields and what it shows on
 * top. Refused at the boundary, a path starts with the input's key ("target.baseUrl"); refused by
 * the handler, it does not.
 */
const formErrors = (error: { message: string; fields?: Record<string, string> | undefined }, inputKey: string, known: (path: string) => boolean): FormErrors => {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [keyed, sentence] of Object.entries(error.fields ?? {})) {
    const path = keyed.startsWith(`${inputKey}.`) ? keyed.slice(inputKey.length + 1) : keyed;
    if (known(path)) fields[path] = asSentence(sentence);
    else other.push(path === '_' ? asSentence(sentence) : `${path}: ${asSentence(sentence)}`);
  }
  const message = other.length > 0 ? `${error.message} ${other.join(' ')}` : Object.keys(fields).length > 0 ? null : error.message;
  return { message, fields };
};

const separationPaths = ['separatorValues', 'coverSheetFormats', 'mrnPattern'];
const targetPaths = ['id', 'path', 'timeoutMs', 'index', 'baseUrl', 'patientIdentifierSystem', 'documentIdentifierSystem', 'attachment', 'auth', 'caFile'];
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
      set({ separationSave: { saving: false, errors: formErrors(result.error, 'rules', under(separationPaths)), saved: null } });
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
      set({ targetSave: { saving: false, errors: formErrors(result.error, 'target', under(targetPaths)), saved: null } });
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
