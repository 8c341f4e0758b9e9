import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract.js';
import { parseCsv } from '../../support/csv.js';
import { type TestStation, openTestStation } from '../../support/test-station.js';
import { createFirstAdmin, signedInAccount } from '../../support/station-flow.js';

/**
 * The supervisor's report over a known history written straight into the station's database:
 * three days of scanning, indexing, review decisions and deliveries by three operators, with
 * rows just outside the range on both sides. Every expected figure is worked out here from the
 * history, not read back from the engine.
 */
const PASSWORD = 'long enough password';
const ALICE = 'Alice Moreau';
// A comma and quotes (the CSV must quote), and a name a spreadsheet would run as a formula.
const BOB = 'Tran, Bob "BT"';
const CAROL = '=SUM(1,2)';

/** Local wall-clock time in March 2026, as the station's clock reads it. */
const at = (day: number, hour: number, minute = 0, second = 0) => new Date(2026, 2, day, hour, minute, second).toISOString();

interface SeedDocument {
  id: string;
  pages: number;
  deletedPages?: number;
  confirmed?: { by: string; at: string };
}
interface SeedBatch {
  id: string;
  operator: string;
  createdAt: string;
  box?: [string, string];
  documents: SeedDocument[];
}

const batches: SeedBatch[] = [
  { id: 'b0', operator: ALICE, createdAt: at(8, 23, 59, 59), documents: [{ id: 'd0', pages: 6, confirmed: { by: ALICE, at: at(9, 9) } }] },
  {
    id: 'b1',
    operator: ALICE,
    createdAt: at(9, 8, 15),
    box: ['P1', 'BOX-1'],
    documents: [
      { id: 'd1', pages: 2, confirmed: { by: BOB, at: at(9, 10) } },
      { id: 'd2', pages: 2, confirmed: { by: BOB, at: at(10, 8) } },
    ],
  },
  { id: 'b2', operator: BOB, createdAt: at(9, 14, 40), documents: [{ id: 'd3', pages: 3, confirmed: { by: ALICE, at: at(10, 9) } }] },
  {
    id: 'b3',
    operator: ALICE,
    createdAt: at(10, 10),
    box: ['P1', 'BOX-2'],
    documents: [
      { id: 'd4', pages: 1 },
      { id: 'd5', pages: 4, deletedPages: 1, confirmed: { by: CAROL, at: at(11, 12) } },
    ],
  },
  { id: 'b4', operator: CAROL, createdAt: at(11, 23, 50), documents: [{ id: 'd6', pages: 2, confirmed: { by: CAROL, at: at(12, 0, 30) } }] },
  { id: 'b9', operator: BOB, createdAt: at(12, 0), documents: [{ id: 'd9', pages: 1 }] },
];

const outbox: { document: string; target: string; state: string; createdAt: string; deliveredAt?: string }[] = [
  { document: 'd0', target: 't1', state: 'delivered', createdAt: at(9, 9), deliveredAt: at(9, 9, 30) },
  { document: 'd1', target: 't1', state: 'delivered', createdAt: at(9, 10), deliveredAt: at(9, 11, 15) },
  // Two targets: the document arrived when the second one had it.
  { document: 'd1', target: 't2', state: 'delivered', createdAt: at(9, 10), deliveredAt: at(9, 12) },
  { document: 'd2', target: 't1', state: 'delivered', createdAt: at(10, 8), deliveredAt: at(10, 8, 30) },
  // One target has it, the other failed: not delivered yet.
  { document: 'd3', target: 't1', state: 'delivered', createdAt: at(10, 9), deliveredAt: at(10, 9, 5) },
  { document: 'd3', target: 't2', state: 'failed', createdAt: at(10, 9) },
  { document: 'd4', target: 't1', state: 'held', createdAt: at(10, 10, 30) },
  { document: 'd5', target: 't1', state: 'delivered', createdAt: at(11, 12), deliveredAt: at(11, 12, 10) },
  { document: 'd6', target: 't1', state: 'delivered', createdAt: at(12, 0, 30), deliveredAt: at(12, 0, 45) },
  { document: 'd9', target: 't1', state: 'pending', createdAt: at(12, 0, 5) },
];

const decisions: { document: string; decision: 'approved' | 'rejected'; reason?: string; operator: string; at: string }[] = [
  { document: 'd0', decision: 'rejected', reason: 'other', operator: ALICE, at: at(8, 20) },
  { document: 'd1', decision: 'rejected', reason: 'wrong-patient', operator: BOB, at: at(9, 11) },
  { document: 'd1', decision: 'approved', operator: BOB, at: at(9, 15) },
  { document: 'd3', decision: 'rejected', reason: 'poor-image', operator: ALICE, at: at(10, 9, 30) },
  { document: 'd2', decision: 'approved', operator: BOB, at: at(10, 10) },
  { document: 'd5', decision: 'rejected', reason: 'poor-image', operator: CAROL, at: at(11, 13) },
  { document: 'd3', decision: 'rejected', reason: 'missing-pages', operator: ALICE, at: at(11, 14) },
  { document: 'd5', decision: 'approved', operator: CAROL, at: at(12, 1) },
];

const RANGE = { from: '2026-03-09', to: '2026-03-11' };

let test: TestStation;
let tokens: Record<'admin' | 'clerk' | 'reviewer', string>;

async function call<M extends MethodName>(method: M, input: MethodInput<M>, token: string): Promise<MethodOutput<M>> {
  const { result } = await test.station.call(method, input, token);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

function seed() {
  const { db } = test.station.context;
  let seq = 1000;
  let pageSeq = 0;
  for (const b of batches) {
    db.prepare(`INSERT INTO batches (id, seq, status, station, operator, operator_name, created_at, project, box) VALUES (?, ?, 'ready', 'TEST-STATION', ?, ?, ?, ?, ?)`).run(
      b.id,
      seq++,
      b.operator,
      b.operator,
      b.createdAt,
      b.box?.[0] ?? null,
      b.box?.[1] ?? null,
    );
    const pageCount = b.documents.reduce((n, d) => n + d.pages, 0);
    db.prepare(`INSERT INTO source_files (id, batch_id, original_name, format, size_bytes, sha256, page_count, archive_path, received_at) VALUES (?, ?, ?, 'tiff', 1, ?, ?, 'x', ?)`).run(
      `sf-${b.id}`,
      b.id,
      `${b.id}.tif`,
      `sha-${b.id}`,
      pageCount,
      b.createdAt,
    );
    let sequence = 0;
    b.documents.forEach((d, docIndex) => {
      db.prepare(`INSERT INTO documents (id, batch_id, sequence, origin, complete) VALUES (?, ?, ?, 'file', 1)`).run(d.id, b.id, docIndex + 1);
      for (let p = 0; p < d.pages; p++) {
        sequence += 1;
        const pageId = `p${++pageSeq}`;
        db.prepare(
          `INSERT INTO pages (id, batch_id, source_file_id, source_page_number, sequence, width, height, dpi, dpi_assumed, color_mode,
             master_sha256, master_type, view_sha256, thumb_sha256, deleted_at)
           VALUES (?, ?, ?, ?, ?, 100, 100, 200, 0, 'bilevel', 'm', 'image/tiff', 'v', 't', ?)`,
        ).run(pageId, b.id, `sf-${b.id}`, sequence, sequence, p < (d.deletedPages ?? 0) ? b.createdAt : null);
        db.prepare('INSERT INTO document_pages (document_id, page_id, position) VALUES (?, ?, ?)').run(d.id, pageId, p + 1);
      }
      db.prepare('INSERT INTO document_index (document_id, patient_mrn, status, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?)').run(
        d.id,
        '00123456',
        d.confirmed ? 'confirmed' : 'open',
        d.confirmed?.by ?? null,
        d.confirmed?.at ?? null,
      );
    });
    if (b.box) db.prepare('INSERT INTO boxes (project, box) VALUES (?, ?) ON CONFLICT DO NOTHING').run(...b.box);
  }
  outbox.forEach((o, i) => {
    db.prepare(
      `INSERT INTO outbox (id, seq, document_id, target_id, patient_mrn, state, next_attempt_at, created_at, updated_at, delivered_at)
       VALUES (?, ?, ?, ?, '00123456', ?, ?, ?, ?, ?)`,
    ).run(`o${i}`, i + 1, o.document, o.target, o.state, o.createdAt, o.createdAt, o.deliveredAt ?? o.createdAt, o.deliveredAt ?? null);
  });
  for (const d of decisions) {
    const batchId = batches.find((b) => b.documents.some((x) => x.id === d.document))!.id;
    db.prepare(`INSERT INTO review_decisions (document_id, batch_id, decision, reason_code, operator_name, reviewer_id, reviewer_name, at) VALUES (?, ?, ?, ?, ?, 'u-rev', 'Rita Reviewer', ?)`).run(
      d.document,
      batchId,
      d.decision,
      d.reason ?? null,
      d.operator,
      d.at,
    );
  }
  const review = db.prepare(`INSERT INTO document_review (document_id, batch_id, state, operator_name, confirmed_at) VALUES (?, ?, ?, ?, ?)`);
  review.run('d2', 'b1', 'approved', BOB, at(10, 8));
  review.run('d5', 'b3', 'awaiting', CAROL, at(11, 12));
  db.prepare(`UPDATE boxes SET verified_by = 'Rita Reviewer', verified_at = ? WHERE box = 'BOX-1'`).run(at(10, 16));
  db.prepare(`INSERT INTO boxes (project, box, verified_by, verified_at) VALUES ('P2', 'BOX-9', 'Rita Reviewer', ?)`).run(at(1, 12));
}

/** Median and 90th percentile the way a spreadsheet's PERCENTILE.INC works them out. */
function spreadsheetPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = sorted[Math.floor(h)]!;
  const hi = sorted[Math.ceil(h)]!;
  return lo + (h - Math.floor(h)) * (hi - lo);
}
const minutes = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;

beforeAll(async () => {
  test = await openTestStation({ delivery: false });
  const admin = await createFirstAdmin(test.station, PASSWORD, 'Dana Records');
  const signIn = (username: string, role: 'clerk' | 'reviewer') => signedInAccount(test.station, admin, { username, displayName: username, role }, PASSWORD);
  tokens = { admin, clerk: await signIn('clerk1', 'clerk'), reviewer: await signIn('rev1', 'reviewer') };
  test.station.context.transaction(seed);
});

afterAll(async () => test?.close());

describe('reports.summary', () => {
  it('counts pages and documents scanned per batch day and operator, and indexed per confirmation day and clerk', async () => {
    const report = await call('reports.summary', RANGE, tokens.reviewer);
    const zero = { scannedBatches: 0, scannedPages: 0, scannedDocuments: 0, indexedDocuments: 0, indexedPages: 0 };
    // b0 (one second before the range) and b9 (its first second after) are left out; d5's deleted page
    // was scanned but is not part of the indexed document.
    expect(report.work.byDayAndOperator).toEqual([
      { day: '2026-03-09', operator: ALICE, ...zero, scannedBatches: 1, scannedPages: 4, scannedDocuments: 2, indexedDocuments: 1, indexedPages: 6 },
      { day: '2026-03-09', operator: BOB, ...zero, scannedBatches: 1, scannedPages: 3, scannedDocuments: 1, indexedDocuments: 1, indexedPages: 2 },
      { day: '2026-03-10', operator: ALICE, ...zero, scannedBatches: 1, scannedPages: 5, scannedDocuments: 2, indexedDocuments: 1, indexedPages: 3 },
      { day: '2026-03-10', operator: BOB, ...zero, indexedDocuments: 1, indexedPages: 2 },
      { day: '2026-03-11', operator: CAROL, ...zero, scannedBatches: 1, scannedPages: 2, scannedDocuments: 1, indexedDocuments: 1, indexedPages: 3 },
    ]);
    expect(report.work.byDay).toEqual([
      { day: '2026-03-09', scannedBatches: 2, scannedPages: 7, scannedDocuments: 3, indexedDocuments: 2, indexedPages: 8 },
      { day: '2026-03-10', scannedBatches: 1, scannedPages: 5, scannedDocuments: 2, indexedDocuments: 2, indexedPages: 5 },
      { day: '2026-03-11', scannedBatches: 1, scannedPages: 2, scannedDocuments: 1, indexedDocuments: 1, indexedPages: 3 },
    ]);
    expect(report.work.byOperator).toEqual([
      { operator: ALICE, scannedBatches: 2, scannedPages: 9, scannedDocuments: 4, indexedDocuments: 2, indexedPages: 9 },
      { operator: BOB, scannedBatches: 1, scannedPages: 3, scannedDocuments: 1, indexedDocuments: 2, indexedPages: 4 },
      { operator: CAROL, scannedBatches: 1, scannedPages: 2, scannedDocuments: 1, indexedDocuments: 1, indexedPages: 3 },
    ]);
    expect(report.work.totals).toEqual({ scannedBatches: 4, scannedPages: 14, scannedDocuments: 6, indexedDocuments: 5, indexedPages: 16 });
    expect(report.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('measures scan to delivery over documents that reached every target within the range', async () => {
    const report = await call('reports.summary', RANGE, tokens.admin);
    const scanned = (doc: string) => batches.find((b) => b.documents.some((d) => d.id === doc))!.createdAt;
    // d0, d1 (its later target), d2 and d5; d3 still failed at one target, d6 arrived after the range.
    const byDay: Record<string, number[]> = {
      '2026-03-09': [minutes(scanned('d0'), at(9, 9, 30)), minutes(scanned('d1'), at(9, 12))],
      '2026-03-10': [minutes(scanned('d2'), at(10, 8, 30))],
      '2026-03-11': [minutes(scanned('d5'), at(11, 12, 10))],
    };
    const all = Object.values(byDay).flat();
    expect(report.deliveryTime.documents).toBe(4);
    expect(report.deliveryTime.medianMinutes).toBeCloseTo(spreadsheetPercentile(all, 0.5), 6);
    expect(report.deliveryTime.p90Minutes).toBeCloseTo(spreadsheetPercentile(all, 0.9), 6);
    // Four values sorted 225, 570.02, 1455, 1570: the median lies between the middle two.
    expect(report.deliveryTime.medianMinutes).toBeCloseTo((570 + 1 / 60 + 1455) / 2, 6);
    expect(report.deliveryTime.byDay.map((d) => d.day)).toEqual(Object.keys(byDay));
    for (const d of report.deliveryTime.byDay) {
      expect(d.documents).toBe(byDay[d.day]!.length);
      expect(d.medianMinutes).toBeCloseTo(spreadsheetPercentile(byDay[d.day]!, 0.5), 6);
      expect(d.p90Minutes).toBeCloseTo(spreadsheetPercentile(byDay[d.day]!, 0.9), 6);
    }
  });

  it('gives the rejection rate by reason and by the operator who confirmed the document', async () => {
    const { rejections } = await call('reports.summary', RANGE, tokens.reviewer);
    // Six decisions in range (one before, one after are not), four of them rejections.
    expect(rejections).toMatchObject({ decisions: 6, rejected: 4, rate: 4 / 6 });
    expect(rejections.byReason.filter((r) => r.rejected > 0)).toEqual([
      { reason: 'wrong-patient', label: 'Wrong patient', rejected: 1, rate: 1 / 6 },
      { reason: 'missing-pages', label: 'Missing pages', rejected: 1, rate: 1 / 6 },
      { reason: 'poor-image', label: 'Poor image', rejected: 2, rate: 2 / 6 },
    ]);
    // Every reason is listed, so a chart keeps its rows from one range to the next.
    expect(rejections.byReason.map((r) => r.reason)).toEqual(['wrong-patient', 'wrong-document-type', 'missing-pages', 'pages-out-of-order', 'poor-image', 'wrong-orientation', 'other']);
    expect(rejections.byOperator).toEqual([
      { operator: BOB, decisions: 3, rejected: 1, rate: 1 / 3 },
      { operator: ALICE, decisions: 2, rejected: 2, rate: 1 },
      { operator: CAROL, decisions: 1, rejected: 1, rate: 1 },
    ]);
  });

  it('shows the outbox backlog and boxes as they are now', async () => {
    const report = await call('reports.summary', RANGE, tokens.reviewer);
    expect(report.backlog).toEqual({
      outbox: {
        pending: { items: 1, oldestSince: at(12, 0, 5) },
        delivering: { items: 0, oldestSince: null },
        failed: { items: 1, oldestSince: at(10, 9) },
        held: { items: 1, oldestSince: at(10, 10, 30) },
      },
      oldestWaitingSince: at(10, 9),
      awaitingReview: 1,
    });
    expect(report.boxes).toEqual({
      verified: 2,
      awaiting: 1,
      verifiedInRange: 1,
      byProject: [
        { project: 'P1', boxes: 2, verified: 1, awaiting: 1 },
        { project: 'P2', boxes: 1, verified: 1, awaiting: 0 },
      ],
    });
  });

  it('has every day of an empty range, with no rate rather than a zero one', async () => {
    const report = await call('reports.summary', { from: '2025-12-30', to: '2026-01-02' }, tokens.admin);
    expect(report.work.byDay.map((d) => d.day)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(report.work.byDay.every((d) => d.scannedPages === 0 && d.indexedDocuments === 0)).toBe(true);
    expect(report.work.byOperator).toEqual([]);
    expect(report.deliveryTime).toMatchObject({ documents: 0, medianMinutes: null, p90Minutes: null });
    expect(report.rejections).toMatchObject({ decisions: 0, rejected: 0, rate: null });
    expect(report.rejections.byReason.every((r) => r.rate === null)).toBe(true);
  });

  it('refuses clerks, and ranges that end before they start, exceed a year or name no real day', async () => {
    const refused = (await test.station.call('reports.summary', RANGE, tokens.clerk)).result;
    expect(refused.ok || refused.error.code).toBe('forbidden');
    for (const bad of [
      { from: '2026-03-11', to: '2026-03-09' },
      { from: '2024-01-01', to: '2026-01-01' },
      { from: '2026-02-30', to: '2026-03-01' },
    ]) {
      const result = (await test.station.call('reports.summary', bad, tokens.admin)).result;
      expect(result.ok || result.error.code, JSON.stringify(bad)).toBe('invalid-input');
    }
  });
});

describe('reports.csv', () => {
  it('exports a table as RFC 4180 CSV with formula-looking names made inert, and records the export', async () => {
    const before = test.station.context.audit.export('2000-01-01', '2100-12-31').length;
    const csv = await call('reports.csv', { table: 'work-by-operator', ...RANGE }, tokens.reviewer);
    expect(csv.fileName).toBe('chartdesk-work-by-operator-2026-03-09-to-2026-03-11.csv');
    // Bob's comma and quotes are quoted; Carol's name would be a formula in a spreadsheet.
    expect(csv.content).toBe(
      [
        'operator,batches scanned,pages scanned,documents scanned,documents indexed,pages indexed',
        `${ALICE},2,9,4,2,9`,
        '"Tran, Bob ""BT""",1,3,1,2,4',
        `"'=SUM(1,2)",1,2,1,1,3`,
        'Total,4,14,6,5,16',
        '',
      ].join('\r\n'),
    );
    expect(parseCsv(csv.content).map((r) => r[0])).toEqual(['operator', ALICE, BOB, `'${CAROL}`, 'Total']);

    const entries = test.station.context.audit.export('2000-01-01', '2100-12-31');
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({
      action: 'report-exported',
      user: { name: 'rev1' },
      details: { table: 'work-by-operator', from: RANGE.from, to: RANGE.to, rows: 4 },
    });
    expect(test.station.context.audit.verify().ok).toBe(true);
  });

  it('exports each table with the numbers of the summary', async () => {
    const table = async (name: MethodInput<'reports.csv'>['table']) => parseCsv((await call('reports.csv', { table: name, ...RANGE }, tokens.admin)).content);

    expect(await table('work-by-day')).toEqual([
      ['day', 'operator', 'batches scanned', 'pages scanned', 'documents scanned', 'documents indexed', 'pages indexed'],
      ['2026-03-09', ALICE, '1', '4', '2', '1', '6'],
      ['2026-03-09', BOB, '1', '3', '1', '1', '2'],
      ['2026-03-10', ALICE, '1', '5', '2', '1', '3'],
      ['2026-03-10', BOB, '0', '0', '0', '1', '2'],
      ['2026-03-11', `'${CAROL}`, '1', '2', '1', '1', '3'],
    ]);

    const delivery = await table('delivery-time');
    expect(delivery[0]).toEqual(['day', 'documents delivered', 'median minutes', '90th percentile minutes']);
    expect(delivery.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['2026-03-09', '2'],
      ['2026-03-10', '1'],
      ['2026-03-11', '1'],
      ['Total', '4'],
    ]);
    // One decimal: 1455 minutes on the 10th, whatever the percentile.
    expect(delivery[2]!.slice(2)).toEqual(['1455.0', '1455.0']);

    const reasons = await table('rejections-by-reason');
    expect(reasons[0]).toEqual(['reason code', 'reason', 'rejected', 'decisions', 'rejection rate %']);
    expect(reasons.find((r) => r[0] === 'poor-image')).toEqual(['poor-image', 'Poor image', '2', '6', '33.3']);
    expect(reasons.find((r) => r[0] === 'other')).toEqual(['other', 'Other', '0', '6', '0.0']);
    expect(reasons.at(-1)).toEqual(['Total', '', '4', '6', '66.7']);

    expect(await table('rejections-by-operator')).toEqual([
      ['operator', 'decisions', 'rejected', 'rejection rate %'],
      [BOB, '3', '1', '33.3'],
      [ALICE, '2', '2', '100.0'],
      [`'${CAROL}`, '1', '1', '100.0'],
      ['Total', '6', '4', '66.7'],
    ]);

    expect(await table('outbox')).toEqual([
      ['state', 'deliveries', 'oldest queued at'],
      ['waiting', '1', at(12, 0, 5)],
      ['sending', '0', ''],
      ['failed', '1', at(10, 9)],
      ['held', '1', at(10, 10, 30)],
    ]);

    // Box 1's d1 was confirmed before review existed (no review row): outstanding; BOX-2 has an open and an awaiting document.
    expect(await table('boxes')).toEqual([
      ['project', 'box', 'batches', 'documents', 'outstanding documents', 'verified', 'verified by', 'verified at'],
      ['P1', 'BOX-1', '1', '2', '1', 'yes', 'Rita Reviewer', at(10, 16)],
      ['P1', 'BOX-2', '1', '2', '2', 'no', '', ''],
      ['P2', 'BOX-9', '0', '0', '0', 'yes', 'Rita Reviewer', at(1, 12)],
    ]);
  });

  it('refuses a clerk and an unknown table, and records nothing then', async () => {
    const before = test.station.context.audit.export('2000-01-01', '2100-12-31').length;
    const clerk = (await test.station.call('reports.csv', { table: 'outbox', ...RANGE }, tokens.clerk)).result;
    expect(clerk.ok || clerk.error.code).toBe('forbidden');
    const unknown = (await test.station.call('reports.csv', { table: 'patients', ...RANGE }, tokens.admin)).result;
    expect(unknown.ok || unknown.error.code).toBe('invalid-input');
    expect(test.station.context.audit.export('2000-01-01', '2100-12-31')).toHaveLength(before);
  });
});
