import type { RawPatientFields } from './incoming-patient.js';

/**
 * Reads the Patient resources of a FHIR R4 Bundle (searchset, collection or transaction: all
 * carry resources in `entry[].resource`) into the same raw fields a CSV row gives, so both
 * go through one set of checks.
 */

export interface FhirPatientEntry {
  /** Physical line where the entry starts in the JSON text, for the rejection report. */
  line: number;
  fields: RawPatientFields;
  /** Set when the entry cannot be read as a patient at all. */
  error?: string;
}

export interface FhirReadOptions {
  /** The identifier system that holds the MRN; default: the identifier typed MR, else the first. */
  mrnSystem?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class FhirBundleError extends Error {
  override name = 'FhirBundleError';
}

export function fhirPatients(text: string, options: FhirReadOptions = {}): FhirPatientEntry[] {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new FhirBundleError(`the file is not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') throw new FhirBundleError('the JSON is not a FHIR Bundle (resourceType must be "Bundle")');
  const lines = entryStartLines(text);
  const out: FhirPatientEntry[] = [];
  asArray(bundle.entry).forEach((entry, index) => {
    const line = lines[index] ?? 1;
    const resource = isObject(entry) ? entry.resource : undefined;
    // Other resources travel in the same bundles (Encounter, Organization): not ours to judge.
    if (isObject(resource) && resource.resourceType !== 'Patient') return;
    if (!isObject(resource)) {
      out.push({ line, fields: {}, error: 'the entry has no resource' });
      return;
    }
    out.push({ line, fields: patientFields(resource, options) });
  });
  return out;
}

export function mrnOf(patient: Json, options: FhirReadOptions): string | undefined {
  const identifiers = asArray(patient.identifier).filter(isObject);
  if (options.mrnSystem) return asString(identifiers.find((i) => i.system === options.mrnSystem)?.value);
  const typedMr = identifiers.find((i) => asArray(isObject(i.type) ? i.type.coding : undefined).some((c) => isObject(c) && c.code === 'MR'));
  return asString((typedMr ?? identifiers[0])?.value);
}

function patientFields(patient: Json, options: FhirReadOptions): RawPatientFields {
  const names = asArray(patient.name).filter(isObject);
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'maiden') ?? names[0];
  const given = asArray(name?.given)
    .map(asString)
    .filter((g): g is string => !!g);
  const phone = asArray(patient.telecom)
    .filter(isObject)
    .find((t) => t.system === 'phone' && typeof t.value === 'string');
  const address = asArray(patient.address).filter(isObject)[0];
  const addressText =
    asString(address?.text) ?? (address ? [...asArray(address.line).map(asString), asString(address.city), asString(address.postalCode)].filter((p): p is string => !!p).join(', ') : undefined);
  return {
    mrn: mrnOf(patient, options) ?? '',
    family: asString(name?.family) ?? '',
    given: given[0] ?? '',
    middle: given.slice(1).join(' '),
    birthDate: asString(patient.birthDate) ?? '',
    sex: asString(patient.gender) ?? '',
    phone: asString(phone?.value) ?? '',
    address: addressText ?? '',
  };
}

/**
 * Where each element of the root's "entry" array starts, by line. JSON.parse forgets
 * positions, so this walks the text once, tracking only nesting and strings.
 */
export function entryStartLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inEntries = false;
  let lastRootString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      const start = i + 1;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1) lastRootString = text.slice(start, i);
    } else if (c === '{' || c === '[') {
      if (inEntries && depth === 2) lines.push(line);
      if (depth === 1 && c === '[' && lastRootString === 'entry') inEntries = true;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1) inEntries = false;
    }
  }
  return lines;
}
