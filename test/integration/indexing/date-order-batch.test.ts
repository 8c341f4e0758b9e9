import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPatientsCsv } from '../../../electron/engine/indexing/patient-index/import-patients.js';
import { type DatedLetter, type DatedLetterKind, datedBatchPatients, generateDatedBatch } from '../../../scripts/samples/dated-batch.js';
import { documentText } from '../../../scripts/samples/document-texts.js';
import { type MpiPatient, fakeMpi, mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import type { FakePatient } from '../../../scripts/samples/fake-records.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { type DateOrder, dateOrderOfLocale } from '../../../shared/domain/date-order.js';
import { stationLocale } from '../../../electron/engine/config/date-order-setting.js';
import type { DocumentIndexing } from '../../../shared/domain/indexing.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * The same generated letters printed the US way (month first) and the European way (day first),
 * read by one station under both settings: the patient, the date of service and the QC flags.
 * One station and one OCR pass for the whole file; the setting is changed between checks.
 */
const SEED = 12;
const PASSWORD = 'long enough password';
const printedOrders = ['month-first', 'day-first'] as const;
const patients = datedBatchPatients(SEED);
const asMpi = (p: FakePatient): MpiPatient => ({ ...p, middle: null, encounter: null, phone: null, address: null });

let test: TestStation;
let admin: string;
/** Document id of each letter, by printed order and kind. */
const documents = new Map<string, string>();
let typingTestDocument: string;
let letters: Record<(typeof printedOrders)[number], DatedLetter[]>;

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, admin);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function ingest(name: string, tiff: Buffer): Promise<string> {
  const file = join(test.root, name);
  await writeFile(file, tiff);
  const result = await test.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(`${name}: ${result.outcome}`);
  return result.batchId;
}

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1 });
  const ctx = test.station.context;
  await importPatientsCsv(ctx.patients, [mpiCsv([...Object.values(patients).map(asMpi), ...fakeMpi({ seed: 4, count: 200, lookAlikes: false })])]);
  letters = { 'month-first': await generateDatedBatch({ seed: SEED, dateOrder: 'month-first' }), 'day-first': await generateDatedBatch({ seed: SEED, dateOrder: 'day-first' }) };
  const batches: [string, string][] = [];
  for (const order of printedOrders) {
    for (const letter of letters[order]) batches.push([`${order}/${letter.kind}`, await ingest(`${order}-${letter.kind}.tif`, letter.tiff)]);
  }
  // A page that is no clinical document, cropped to its text.
  const typing = await renderPage({ seed: 5, dpi: 200, title: 'Typing test', lines: ['The quick brown fox jumps over the lazy dog.', 'Pack my box with five dozen liquor jugs.'] });
  const croppedTyping = await sharp(typing.png).extract({ left: 0, top: 0, width: typing.width, height: 500 }).withDensity(200).png().toBuffer();
  const typingBatch = await ingest('typing-test.tif', await writeTiff([croppedTyping], { compression: 'g4', dpi: 200 }));
  await test.station.whenRecognised();
  for (const [key, batchId] of batches) documents.set(key, ctx.recognition.documentsOf(batchId)[0]!.id);
  typingTestDocument = ctx.recognition.documentsOf(typingBatch)[0]!.id;
  const created = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  admin = created.session!.kind === 'signed-in' ? created.session!.token : '';
}, 300_000);

afterAll(async () => test?.close());

const view = (printed: DateOrder, kind: DatedLetterKind): Omit<DocumentIndexing, 'state'> => test.station.context.indexingService.view(documents.get(`${printed}/${kind}`)!)!;
const codes = (v: Omit<DocumentIndexing, 'state'>) => v.qc.map((f) => `${f.code}:${f.severity}`);

describe.each(['month-first', 'day-first'] as const)('a station reading dates %s', (setting) => {
  beforeAll(async () => {
    await call('settings.saveDateOrder', { order: setting });
    expect(test.station.status().dateOrder).toBe(setting);
  });

  it.each(printedOrders)('names the patient whose MRN, name and date of birth are printed %s, and reads the ambiguous date of service in its own order', (printed) => {
    const v = view(printed, 'both-ambiguous');
    const patient = patients['both-ambiguous'];
    const [top] = v.suggestions.patients;
    expect(top!.patient.mrn).toBe(patient.mrn);
    // MRN and name agree either way: the patient is named with confidence.
    expect(top!.confidence).toBe('high');
    const [date] = v.suggestions.datesOfService;
    if (printed === setting) {
      expect(top!.agreed).toEqual(['mrn', 'name', 'birthDate']);
      expect(top!.otherOrder).toEqual([]);
      expect(date).toMatchObject({ date: '2026-09-02', otherReading: '2026-02-09' });
      expect(codes(v).filter((c) => c.startsWith('birth-date') || c.startsWith('patient-mismatch'))).toEqual([]);
    } else {
      // 05/08/1971 printed the other way: it confirms only under the other order, said, not counted.
      expect(top!.agreed).toEqual(['mrn', 'name']);
      expect(top!.otherOrder).toEqual(['birthDate']);
      expect(top!.disagreed).toEqual([]);
      // The date of service is read in the station's order; the suggestion names the other reading.
      expect(date).toMatchObject({ date: '2026-02-09', otherReading: '2026-09-02' });
      expect(codes(v)).toContain('birth-date-other-order:warning');
      expect(codes(v).some((c) => c.startsWith('patient-mismatch'))).toBe(false);
    }
  });

  it.each(printedOrders)('reads dates only one order can mean the same way whatever the setting (printed %s)', (printed) => {
    const v = view(printed, 'unambiguous');
    const [top] = v.suggestions.patients;
    expect(top).toMatchObject({ patient: { mrn: patients.unambiguous.mrn }, confidence: 'high', agreed: ['mrn', 'name', 'birthDate'], otherOrder: [] });
    expect(v.suggestions.datesOfService[0]).toMatchObject({ date: '2026-10-23', otherReading: null });
    expect(codes(v).filter((c) => c.startsWith('birth-date') || c.startsWith('patient-mismatch'))).toEqual([]);
  });

  it.each(printedOrders)('never lets a date of birth read in the other order make a high match with the MRN alone (printed %s)', (printed) => {
    const v = view(printed, 'mrn-and-ambiguous-birth-date');
    const patient = patients['mrn-and-ambiguous-birth-date'];
    const match = v.suggestions.patients.find((m) => m.patient.mrn === patient.mrn)!;
    if (printed === setting) {
      expect(match).toMatchObject({ confidence: 'high', agreed: ['mrn', 'birthDate'] });
      expect(v.suggestions.datesOfService[0]).toMatchObject({ date: '2026-06-03', otherReading: '2026-03-06' });
    } else {
      expect(match).toMatchObject({ confidence: 'weak', agreed: ['mrn'], disagreed: [], otherOrder: ['birthDate'] });
      expect(v.suggestions.patients.some((m) => m.confidence === 'high')).toBe(false);
      expect(v.suggestions.datesOfService[0]).toMatchObject({ date: '2026-03-06', otherReading: '2026-06-03' });
      expect(codes(v)).toContain('birth-date-other-order:warning');
    }
    expect(codes(v).some((c) => c.startsWith('patient-mismatch'))).toBe(false);
  });

  it('says which setting is in force and what the locale alone would give', async () => {
    const locale = stationLocale(process.env);
    expect(await call('settings.dateOrder', {})).toEqual({ order: setting, source: 'settings', localeDefault: dateOrderOfLocale(locale.locale), locale: locale.locale, localeFrom: locale.from });
  });
});

describe('accept suggestions', () => {
  it('does not apply a type marked a guess, and applies one with evidence', async () => {
    const ctx = test.station.context;
    // What the station has learned from its clerks: laboratory reports and discharge summaries.
    ctx.transaction(() => {
      for (const [code, seed] of [
        ['11502-2', 1],
        ['11502-2', 2],
        ['18842-5', 3],
        ['18842-5', 4],
      ] as const) {
        const text = documentText(code, seed);
        ctx.learner.learn(code, `${text.heading}\n${text.body}`);
      }
    });
    const typing = await call('documents.indexing', { documentId: typingTestDocument });
    expect(typing.suggestions.docTypes.length).toBeGreaterThan(0);
    expect(typing.suggestions.docTypes.every((s) => s.guess)).toBe(true);
    const afterA = await call('documents.acceptSuggestions', { documentId: typingTestDocument });
    expect(afterA.index.docType).toBeNull();

    // A letter that names itself in its title is taken.
    const letter = await call('documents.acceptSuggestions', { documentId: documents.get('month-first/unambiguous')! });
    expect(letter.index.docType?.code).toBe('51852-2');
    expect(letter.index.dateOfService).toBe('2026-10-23');
  });
});
