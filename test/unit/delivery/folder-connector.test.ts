import { existsSync, readFileSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderConnector } from '../../../electron/engine/delivery/connectors/folder-connector.js';
import { type DeliveryPackage } from '../../../electron/engine/delivery/delivery-package.js';
import { FolderTargetConfig, TargetConfig } from '../../../shared/domain/delivery-targets.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { expectNoPhi, writePackage } from './delivery-fixture.js';

/** Every rename the connector makes, with what the import folder looked like at that instant. */
const renames = vi.hoisted(() => [] as { from: string; to: string; pdfCompleteBefore: boolean | null }[]);
const watch = vi.hoisted(() => ({ pdfPath: '', pdfBytes: null as Buffer | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      const isIndex = !to.endsWith('.pdf');
      const pdfCompleteBefore = isIndex && watch.pdfBytes ? existsSync(watch.pdfPath) && readFileSync(watch.pdfPath).equals(watch.pdfBytes) : null;
      renames.push({ from, to, pdfCompleteBefore });
      return actual.rename(from, to);
    },
  };
});

let work: { path: string; remove: () => Promise<void> };
let share: string;
let pkg: DeliveryPackage;

beforeEach(async () => {
  work = await makeTempDir('folder-connector');
  share = join(work.path, 'import');
  await mkdir(share);
  pkg = await writePackage(work.path, 'doc-0001');
  renames.length = 0;
  watch.pdfPath = join(share, 'doc-0001.pdf');
  watch.pdfBytes = pkg.pdf.bytes;
});
afterEach(async () => {
  await chmod(share, 0o755).catch(() => undefined);
  await work.remove();
});

const connector = (settings: Record<string, unknown> = {}) => new FolderConnector(FolderTargetConfig.parse({ kind: 'folder', id: 'him-import', path: share, ...settings }));
const deliver = (c: FolderConnector, p = pkg) => c.deliver(p, new AbortController().signal);
const listing = async () => (await readdir(share)).sort();

describe('folder connector', () => {
  it('writes the PDF, then the JSON index, each through a temp name, and leaves nothing else', async () => {
    const outcome = await deliver(connector());
    expect(outcome).toEqual({ kind: 'delivered', receipt: join(share, 'doc-0001.json') });
    expect(await listing()).toEqual(['doc-0001.json', 'doc-0001.pdf']);
    expect((await readFile(join(share, 'doc-0001.pdf'))).equals(watch.pdfBytes!)).toBe(true);

    // Import processors trigger on the index: it must never exist before its complete PDF does.
    expect(renames.map((r) => [basename(r.from), basename(r.to)])).toEqual([
      ['.doc-0001.pdf.chartdesk-tmp', 'doc-0001.pdf'],
      ['.doc-0001.json.chartdesk-tmp', 'doc-0001.json'],
    ]);
    expect(renames[1]!.pdfCompleteBefore).toBe(true);

    const index = JSON.parse(await readFile(join(share, 'doc-0001.json'), 'utf8'));
    expect(index).toEqual({
      documentId: 'doc-0001',
      pdf: { fileName: 'doc-0001.pdf', sha256: pkg.pdf.sha256, sha1: pkg.pdf.sha1, sizeBytes: pkg.pdf.sizeBytes },
      ...pkg.index,
      // The head of the station's audit chain travels with every delivery (docs/audit-trail.md).
      auditAnchor: pkg.auditAnchor,
    });
  });

  it('puts the audit chain head in a delimited index where the layout has an auditAnchor column', async () => {
    const c = connector({ index: { format: 'delimited', delimiter: ',', columns: ['documentId', { field: 'auditAnchor', header: 'AUDIT' }] } });
    expect((await deliver(c)).kind).toBe('delivered');
    const { chain, keyedFrom, seq, mac } = pkg.auditAnchor;
    expect(await readFile(join(share, 'doc-0001.csv'), 'utf8')).toBe(`documentId,AUDIT\r\ndoc-0001,cda1-${chain}-${keyedFrom}-${seq}-${mac}\r\n`);
  });

  it('writes a delimited index in the layout an import processor asks for', async () => {
    const p = await writePackage(work.path, 'doc-0002', { index: { patient: { mrn: '00987654', family: 'Smith; "Jr"', given: null, birthDate: '1950-01-02', sex: 'male' } } });
    const c = connector({
      index: {
        format: 'delimited',
        extension: 'idx',
        delimiter: ';',
        columns: [{ field: 'mrn', header: 'MRN' }, 'family', 'given', 'birthDate', 'docTypeCode', 'docTypeDisplay', 'dateOfService', { field: 'pdfFileName', header: 'FILE' }, 'sha256', 'batch'],
      },
    });
    expect(await deliver(c, p)).toEqual({ kind: 'delivered', receipt: join(share, 'doc-0002.idx') });
    expect(await readFile(join(share, 'doc-0002.idx'), 'utf8')).toBe(
      'MRN;family;given;birthDate;docTypeCode;docTypeDisplay;dateOfService;FILE;sha256;batch\r\n' +
        `00987654;"Smith; ""Jr""";;1950-01-02;18842-5;Discharge summary;2026-03-04;doc-0002.pdf;${p.pdf.sha256};batch-1\r\n`,
    );

    const noHeader = connector({ index: { format: 'delimited', delimiter: '|', quote: '', header: false, lineEnding: 'lf', columns: ['documentId', 'mrn', 'title'] } });
    expect((await deliver(noHeader)).kind).toBe('delivered');
    expect(await readFile(join(share, 'doc-0001.csv'), 'utf8')).toBe(`doc-0001|00123456|Discharge summary 2026-03-04 - O'Brien\n`);
  });

  it.skipIf(process.platform === 'win32')('writes the delivered files 0600 unless the target gives another mode', async () => {
    expect((await deliver(connector())).kind).toBe('delivered');
    for (const name of await listing()) expect((await stat(join(share, name))).mode & 0o777, name).toBe(0o600);

    const p = await writePackage(work.path, 'doc-0005');
    expect((await deliver(connector({ fileMode: '640' }), p)).kind).toBe('delivered');
    expect((await stat(join(share, 'doc-0005.pdf'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(share, 'doc-0005.json'))).mode & 0o777).toBe(0o640);
    for (const mode of ['755', '400', '6400', 'rw-r-----']) expect(FolderTargetConfig.safeParse({ kind: 'folder', id: 'x', path: share, fileMode: mode }).success, mode).toBe(false);
  });

  it('makes formula-like values text in a delimited index, also behind spaces or a line break', async () => {
    const p = await writePackage(work.path, 'doc-0004', { index: { patient: { ...pkg.index.patient, family: ' =HYPERLINK("http://x")', given: '\n+1' } } });
    const c = connector({ index: { format: 'delimited', header: false, lineEnding: 'lf', columns: ['mrn', 'family', 'given'] } });
    expect((await deliver(c, p)).kind).toBe('delivered');
    expect(await readFile(join(share, 'doc-0004.csv'), 'utf8')).toBe(`00123456,"' =HYPERLINK(""http://x"")","'\n+1"\n`);
  });

  it('fails, naming the column and not the value, when an unquoted layout cannot hold a value', async () => {
    const p = await writePackage(work.path, 'doc-0003', { index: { patient: { ...pkg.index.patient, family: 'Smith,Jones' } } });
    const outcome = await deliver(connector({ index: { format: 'delimited', quote: '', columns: ['mrn', 'family'] } }), p);
    expect(outcome).toEqual({ kind: 'failed', reason: 'The index layout has no quote character, but the family column of this document contains the delimiter or a line break.' });
    expectNoPhi(outcome.kind === 'failed' ? outcome.reason : '', p);
  });

  it('recognises an earlier delivery and writes nothing twice', async () => {
    const c = connector();
    await deliver(c);
    const before = await Promise.all(['doc-0001.pdf', 'doc-0001.json'].map(async (f) => (await stat(join(share, f))).mtimeMs));
    renames.length = 0;

    expect(await deliver(c)).toEqual({ kind: 'delivered', receipt: join(share, 'doc-0001.json') });
    expect(renames).toEqual([]);
    expect(await Promise.all(['doc-0001.pdf', 'doc-0001.json'].map(async (f) => (await stat(join(share, f))).mtimeMs))).toEqual(before);
    expect(await listing()).toEqual(['doc-0001.json', 'doc-0001.pdf']);
  });

  it('recognises an earlier delivery whose index carried an older audit anchor, JSON or delimited', async () => {
    const later = { ...pkg, auditAnchor: { ...pkg.auditAnchor, seq: pkg.auditAnchor.seq + 7, mac: 'd'.repeat(64), at: '2026-03-05T10:00:00.000Z' } };
    for (const c of [connector(), connector({ index: { format: 'delimited', columns: ['documentId', 'auditAnchor'] } })]) {
      await deliver(c);
      renames.length = 0;
      expect((await deliver(c, later)).kind).toBe('delivered');
      expect(renames).toEqual([]);
    }
    // Anything else changed is a new index, whatever its anchor says.
    const retitled = { ...later, index: { ...later.index, title: 'Corrected title' } };
    expect((await deliver(connector(), retitled)).kind).toBe('delivered');
    expect(renames.map((r) => basename(r.to))).toEqual(['doc-0001.json']);
  });

  it('cleans temps left by a crash and finishes a delivery cut short after the PDF', async () => {
    await writeFile(join(share, '.doc-0001.pdf.chartdesk-tmp'), 'half a pdf');
    await writeFile(join(share, '.doc-0001.json.chartdesk-tmp'), '{"half":');
    await writeFile(join(share, 'doc-0001.pdf'), watch.pdfBytes!);

    expect((await deliver(connector())).kind).toBe('delivered');
    expect(await listing()).toEqual(['doc-0001.json', 'doc-0001.pdf']);
    // The complete PDF already in place is not copied again; only the index is written.
    expect(renames.map((r) => basename(r.to))).toEqual(['doc-0001.json']);
  });

  it('replaces a PDF left incomplete and rewrites an index that no longer matches', async () => {
    await writeFile(join(share, 'doc-0001.pdf'), watch.pdfBytes!.subarray(0, 1000));
    await writeFile(join(share, 'doc-0001.json'), '{"stale":true}');
    expect((await deliver(connector())).kind).toBe('delivered');
    expect((await readFile(join(share, 'doc-0001.pdf'))).equals(watch.pdfBytes!)).toBe(true);
    expect(JSON.parse(await readFile(join(share, 'doc-0001.json'), 'utf8')).documentId).toBe('doc-0001');
    expect(renames[1]!.pdfCompleteBefore).toBe(true);
  });

  it('asks for a retry when the share is missing or not writable', async () => {
    const gone = new FolderConnector(FolderTargetConfig.parse({ kind: 'folder', id: 'him-import', path: join(work.path, 'unmounted') }));
    expect(await deliver(gone)).toEqual({ kind: 'retry', reason: `The import folder ${join(work.path, 'unmounted')} is not reachable.` });

    if (process.getuid?.() !== 0) {
      await chmod(share, 0o555);
      expect(await deliver(connector())).toEqual({ kind: 'retry', reason: `ChartDesk is not allowed to write to the import folder ${share}.` });
      await chmod(share, 0o755);
    }
    expect((await deliver(connector())).kind).toBe('delivered');
  });

  it('fails what can never work, and retries a PDF that does not match its checksum', async () => {
    const notAFolder = join(work.path, 'file.txt');
    await writeFile(notAFolder, 'x');
    expect(await deliver(new FolderConnector(FolderTargetConfig.parse({ kind: 'folder', id: 't', path: notAFolder })))).toEqual({
      kind: 'failed',
      reason: `The import folder ${notAFolder} is a file, not a folder.`,
    });
    expect((await deliver(connector(), { ...pkg, documentId: '../escape' })).kind).toBe('failed');

    const tampered = { ...pkg, pdf: { ...pkg.pdf, sha256: '0'.repeat(64) } };
    expect(await deliver(connector(), tampered)).toEqual({ kind: 'retry', reason: "The document's PDF on this station does not match its recorded checksum; it will be prepared again." });
    expect(await listing()).toEqual([]);
  });

  it('gives up when the sender stops the attempt, leaving no index behind', async () => {
    const stopped = new AbortController();
    stopped.abort();
    expect(await connector().deliver(pkg, stopped.signal)).toEqual({ kind: 'retry', reason: `Delivery to the import folder ${share} was stopped before it finished.` });
    expect(await listing()).toEqual([]);
  });

  it('rejects settings that can never work', () => {
    expect(TargetConfig.safeParse({ kind: 'folder', id: 'x', path: 'relative/import' }).success).toBe(false);
    expect(TargetConfig.safeParse({ kind: 'folder', id: 'x', path: '\\\\server\\share\\import' }).success).toBe(true);
    expect(TargetConfig.safeParse({ kind: 'folder', id: 'x', path: share, index: { format: 'delimited', delimiter: '"', columns: ['mrn'] } }).success).toBe(false);
    expect(TargetConfig.safeParse({ kind: 'folder', id: 'x', path: share, index: { format: 'delimited', columns: ['ssn'] } }).success).toBe(false);
    expect(TargetConfig.safeParse({ kind: 'fhir', id: 'x', baseUrl: 'ftp://ehr', patientIdentifierSystem: 'urn:oid:1' }).success).toBe(false);
    expect(TargetConfig.parse({ kind: 'fhir', id: 'x', baseUrl: 'https://ehr.local/fhir', patientIdentifierSystem: 'urn:oid:1' })).toMatchObject({
      documentIdentifierSystem: 'urn:chartdesk:document',
      attachment: 'binary',
      auth: { type: 'none' },
      timeoutMs: 30_000,
    });
  });
});
