import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { ImportRejection, ImportSummary, PatientSource } from '../../../../shared/domain/patient.js';
import { csvRecords } from './csv-records.js';
import { type FhirReadOptions, fhirPatients } from './fhir-patients.js';
import { type IncomingPatient, type RawPatientFields, checkPatient } from './incoming-patient.js';
import type { PatientIndex } from './patient-index.js';

/**
 * Loading an MPI extract: every good record is written (by MRN: new ones inserted, known ones
 * updated), every bad one is reported with its line and the reason, and the rest still loads.
 * Writes go in batches, each its own transaction: big enough that a million rows load in
 * seconds, small enough that the UI's readers are never held up for long.
 */

export class PatientImportError extends Error {
  override name = 'PatientImportError';
}

export interface ImportOptions extends FhirReadOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** Called after each batch with the records read so far. */
  onProgress?: (recordsRead: number) => void;
  now?: () => Date;
}

const REQUIRED_COLUMNS = ['mrn', 'family', 'given', 'birthDate', 'sex'] as const;
const OPTIONAL_COLUMNS = ['middle', 'encounter', 'phone', 'address'] as const;
const KNOWN_COLUMNS: readonly (keyof RawPatientFields)[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** Collects checked patients into batches and writes each in one transaction. */
class BatchWriter {
  private pending: IncomingPatient[] = [];
  readonly summary: ImportSummary = { inserted: 0, updated: 0, unchanged: 0, rejected: [] };
  private read = 0;

  constructor(
    private readonly index: PatientIndex,
    private readonly source: PatientSource,
    private readonly options: ImportOptions,
  ) {}

  add(line: number, raw: RawPatientFields | null, error?: string): void {
    this.read++;
    const checked = error || !raw ? { ok: false as const, reason: error ?? 'unreadable record' } : checkPatient(raw, this.options.now?.());
    if (!checked.ok) this.reject({ line, reason: checked.reason });
    else this.pending.push(checked.patient);
    if (this.pending.length >= (this.options.batchSize ?? 5000)) this.flush();
  }

  reject(rejection: ImportRejection): void {
    this.summary.rejected.push(rejection);
  }

  flush(): void {
    if (this.pending.length > 0) {
      const outcome = this.index.writeBatch(this.pending, this.source, (this.options.now?.() ?? new Date()).toISOString());
      this.summary.inserted += outcome.inserted;
      this.summary.updated += outcome.updated;
      this.summary.unchanged += outcome.unchanged;
      this.pending = [];
    }
    this.options.onProgress?.(this.read);
  }
}

/** Imports a CSV extract: header `mrn,family,given,birthDate,sex` (any order, more columns allowed). */
export async function importPatientsCsv(index: PatientIndex, input: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, options: ImportOptions = {}): Promise<ImportSummary> {
  const writer = new BatchWriter(index, 'csv', options);
  let columns: (keyof RawPatientFields | null)[] | null = null;
  for await (const record of csvRecords(input)) {
    if (!columns) {
      columns = headerColumns(record.fields);
      continue;
    }
    if (record.error) writer.add(record.line, null, record.error);
    else if (record.fields.length !== columns.length) {
      writer.add(record.line, null, `expected ${columns.length} columns, found ${record.fields.length}`);
    } else {
      const raw: RawPatientFields = {};
      columns.forEach((column, i) => {
        if (column) raw[column] = record.fields[i];
      });
      writer.add(record.line, raw);
    }
  }
  if (!columns) throw new PatientImportError('the file is empty: a CSV extract needs a header line');
  writer.flush();
  return writer.summary;
}

function headerColumns(fields: string[]): (keyof RawPatientFields | null)[] {
  const byLowerName = new Map(KNOWN_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns = fields.map((f) => byLowerName.get(f.trim().toLowerCase()) ?? null);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new PatientImportError(`the header line lacks the column(s) ${missing.join(', ')} (it needs ${REQUIRED_COLUMNS.join(',')})`);
  const repeated = columns.filter((c, i) => c && columns.indexOf(c) !== i);
  if (repeated.length > 0) throw new PatientImportError(`the header line names ${repeated[0]} twice`);
  return columns;
}

/** Imports the Patient resources of a FHIR R4 Bundle (JSON text). */
export async function importFhirBundle(index: PatientIndex, json: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const writer = new BatchWriter(index, 'fhir', options);
  for (const entry of fhirPatients(json, options)) writer.add(entry.line, entry.fields, entry.error);
  writer.flush();
  return writer.summary;
}

export type ImportFormat = 'csv' | 'fhir-json';

/** CSV or FHIR JSON, told apart by the first character that is not a BOM or white space. */
export async function detectImportFormat(path: string): Promise<ImportFormat> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') ? 'fhir-json' : 'csv';
  } finally {
    await handle.close();
  }
}

export async function importPatientFile(index: PatientIndex, path: string, options: ImportOptions = {}): Promise<ImportSummary & { format: ImportFormat }> {
  const format = await detectImportFormat(path);
  const summary = await withLargePageCache(index, async () =>
    format === 'fhir-json'
      ? importFhirBundle(index, await readFile(path, 'utf8'), options)
      : importPatientsCsv(index, createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>, options),
  );
  return { format, ...summary };
}

/**
 * Postings arrive in patient order but are stored in term order, so a big import writes all over
 * the postings B-tree; SQLite's default 2 MB page cache would send most of those writes to the
 * OS. The cache is raised for the import only and put back afterwards.
 */
async function withLargePageCache<T>(index: PatientIndex, work: () => Promise<T>): Promise<T> {
  const previous = index.db.pragma('cache_size', { simple: true }) as number;
  index.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    index.db.pragma(`cache_size = ${previous}`);
  }
}

/** Negative: KiB rather than pages. 256 MiB holds the whole index of a million patients. */
const IMPORT_CACHE_KIB = -262_144;
