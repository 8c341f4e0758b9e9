import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TextIdentifiers, asOf, readTextIdentifiers, readingOf, textLines } from '../../../electron/engine/indexing/page-text-identifiers.js';
import { findBirthDates, findMrns, findNames } from '../../../electron/engine/indexing/patient-index/ocr-identifiers.js';
import { renderPage, writeTiff } from '../../../scripts/samples/index.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import type { DateOrder } from '../../../shared/domain/date-order.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';

/**
 * What a page's OCR text says about its patient is read once, in the transaction that commits the
 * text, and kept (migration 0023); QC and the indexing screen use the kept reading, and a reading
 * made under another date order (or year) is read again, never used.
 */
const PASSWORD = 'long enough password';
let test: TestStation;
let admin: string;
let pageId: string;
let documentId: string;
let batchId: string;
/** After each recognition commit: pages with text, and those of them without a kept reading. */
const atCommits: { withText: number; unread: number }[] = [];

interface KeptRow {
  reader_version: number;
  date_order: string;
  read_year: number;
  identifiers: string;
}
const kept = (): KeptRow | undefined => test.station.context.db.prepare('SELECT * FROM page_text_identifiers WHERE page_id = ?').get(pageId) as KeptRow | undefined;
const text = () => (test.station.context.db.prepare('SELECT ocr_text AS t FROM page_recognition WHERE page_id = ?').get(pageId) as { t: string | null }).t;

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, admin);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

beforeAll(async () => {
  test = await openTestStation({ recognition: true, ocrWorkers: 1 });
  const { db } = test.station.context;
  test.station.onEvent((e) => {
    if (e.type !== 'recognition.progress') return;
    const counts = db
      .prepare(
        `SELECT COUNT(*) AS withText, SUM(i.page_id IS NULL) AS unread FROM page_recognition r LEFT JOIN page_text_identifiers i ON i.page_id = r.page_id
         WHERE r.ocr_status = 'done' AND trim(coalesce(r.ocr_text, '')) != ''`,
      )
      .get() as { withText: number; unread: number | null };
    atCommits.push({ withText: counts.withText, unread: counts.unread ?? 0 });
  });
  // A letter header cropped to its text: 07/03/1984 is 3 July month first and 7 March day first.
  const page = await renderPage({ seed: 7, dpi: 200, title: 'Clinic letter', lines: ['Name: OBRIEN, Mary', 'DOB: 07/03/1984', 'MRN: 00123456', 'Seen in clinic today.'] });
  const cropped = await sharp(page.png).extract({ left: 0, top: 0, width: page.width, height: 700 }).withDensity(200).png().toBuffer();
  const file = join(test.root, 'letter.tif');
  await writeFile(file, await writeTiff([cropped], { compression: 'g4', dpi: 200 }));
  const result = await test.station.ingestFile(file, { removeSource: false });
  if (result.outcome !== 'ingested') throw new Error(`not ingested: ${result.outcome}`);
  batchId = result.batchId;
  await test.station.whenRecognised();
  const document = test.station.context.recognition.documentsOf(batchId)[0]!;
  documentId = document.id;
  pageId = document.pageIds[0]!;
  const created = await test.station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: PASSWORD }, null);
  admin = created.session!.kind === 'signed-in' ? created.session!.token : '';
}, 300_000);

afterAll(async () => test?.close());

const order = () => test.station.status().dateOrder;
const freshRead = (o: DateOrder): TextIdentifiers => readTextIdentifiers(textLines(text()), readingOf(o, new Date()));

describe('the patient identifiers read from a page text', () => {
  it('are written in the transaction that commits the text: no commit ever left a page with text unread', () => {
    expect(atCommits.some((c) => c.withText > 0)).toBe(true);
    expect(atCommits.filter((c) => c.unread > 0)).toEqual([]);
  });

  it('equal a fresh read of the text, under the station date order and year', () => {
    const row = kept()!;
    expect(row).toMatchObject({ reader_version: 1, date_order: order(), read_year: new Date().getUTCFullYear() });
    const stored = JSON.parse(row.identifiers) as TextIdentifiers;
    expect(stored).toEqual(freshRead(order()));
    // The page says something, so the comparison is not of two empty readings.
    expect(stored.printedMrns).toEqual(['00123456']);
    expect(stored.birthDates.map((d) => d.text)).toEqual(['07/03/1984']);
  });

  it('are what QC and the indexing screen use: a kept reading changed behind their back changes the findings', () => {
    const before = test.station.context.indexingService.view(documentId)!;
    expect(before.qc.map((f) => f.code)).not.toContain('patient-mismatch-two-patients');
    const tampered: TextIdentifiers = { ...(JSON.parse(kept()!.identifiers) as TextIdentifiers), printedMrns: ['00123456', '00999999'] };
    test.station.context.db.prepare('UPDATE page_text_identifiers SET identifiers = ? WHERE page_id = ?').run(JSON.stringify(tampered), pageId);
    const after = test.station.context.indexingService.view(documentId)!;
    expect(after.evidence.mrns.map((m) => m.value)).toContain('00999999');
    expect(after.qc.map((f) => f.code)).toContain('patient-mismatch-two-patients');
    const listed = test.station.context.indexingService.qcOfBatch(batchId).get(documentId)!;
    expect(listed.map((f) => f.code)).toContain('patient-mismatch-two-patients');
  });

  it('are dropped when the text changes, and read again from the new text', () => {
    const { db } = test.station.context;
    const original = text()!;
    db.prepare('UPDATE page_recognition SET ocr_text = ? WHERE page_id = ?').run(original.replace('00123456', '00777777'), pageId);
    expect(kept()).toBeUndefined();
    const view = test.station.context.indexingService.view(documentId)!;
    expect(view.evidence.mrns.map((m) => m.value)).toContain('00777777');
    expect(view.qc.map((f) => f.code)).not.toContain('patient-mismatch-two-patients');
    expect(JSON.parse(kept()!.identifiers)).toEqual(freshRead(order()));
    db.prepare('UPDATE page_recognition SET ocr_text = ? WHERE page_id = ?').run(original, pageId);
  });

  // Three changes, so that at least two of them change the order whatever the station started with.
  it.each(['month-first', 'day-first', 'month-first'] as const)('are read again, and kept, after the date order changes to %s', async (setting) => {
    await call('settings.saveDateOrder', { order: setting });
    expect(order()).toBe(setting);
    const view = test.station.context.indexingService.view(documentId)!;
    const expected = setting === 'month-first' ? { date: '1984-07-03', otherReading: '1984-03-07' } : { date: '1984-03-07', otherReading: '1984-07-03' };
    expect(view.evidence.birthDates).toEqual([{ text: '07/03/1984', ...expected }]);
    expect(kept()).toMatchObject({ date_order: setting });
    expect(JSON.parse(kept()!.identifiers)).toEqual(freshRead(setting));
  });
});

describe('a reading kept for the year, taken as of a day', () => {
  const lines = ['Name: SMITH, Ann', 'DOB: 11/12/25  MRN: 00654321', 'DOB 03/04/2026', 'Born 12/31/2026'];
  const directRead = (o: DateOrder, today: Date): TextIdentifiers => ({
    printedMrns: findMrns(lines)
      .filter((m) => m.labelled)
      .map((m) => m.value),
    birthDates: findBirthDates(lines, o, today)
      .filter((d) => d.labelled)
      .map(({ text: t, date, otherReading }) => ({ text: t, date, otherReading })),
    names: findNames(lines)
      .filter((n) => n.labelled)
      .map((n) => n.text),
  });
  const days = ['2026-01-01', '2026-03-04', '2026-04-02', '2026-11-12', '2026-12-30', '2026-12-31', '2025-11-11'];

  it.each(['month-first', 'day-first'] as const)('is what a read bounded by that day gives (%s)', (o) => {
    for (const day of days) {
      const today = new Date(`${day}T08:00:00Z`);
      expect(asOf(readTextIdentifiers(lines, readingOf(o, today)), today), day).toEqual(directRead(o, today));
    }
  });
});
