import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessReport } from '../../../electron/cli/commands/process-command.js';
import { generateBoxScenario } from '../../../scripts/samples/box-scenario.js';
import { mpiCsv } from '../../../scripts/samples/fake-mpi.js';
import { runCli } from '../../support/cli.js';
import { itWith } from '../../support/prerequisites.js';
import { openTestDatabase, stationKeyFor } from '../../support/station-key.js';
import { type FhirPeer, startFhirPeer } from '../../support/fhir-peer.js';
import { makeTempDir } from '../../support/temp-dir.js';

/**
 * `chartdesk process --patients --deliver`: a generated box, matched against its MPI, confirmed
 * where nothing blocks, written as searchable PDFs and delivered to a folder and to a real
 * FHIR engine that fails and drops connections on the way.
 */
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let peer: FhirPeer;
beforeAll(async () => {
  tmp = await makeTempDir('process-deliver');
  peer = await startFhirPeer();
  const box = await generateBoxScenario({ seed: 31, dpi: 200, format: 'tiff', preset: 'small' });
  const patients = [...new Map(box.pages.flatMap((p) => (p.patient ? [[p.patient.mrn, p.patient] as const] : []))).values()];
  await writeFile(join(tmp.path, 'box.tif'), box.bytes);
  await writeFile(join(tmp.path, 'mpi.csv'), mpiCsv(patients.map((p) => ({ ...p, middle: null, encounter: null, phone: null, address: null }))));
}, 120_000);
afterAll(async () => {
  await peer?.close();
  await tmp?.remove();
});

const run = (dataDir: string, out: string, deliver: string) =>
  runCli([
    '--data-dir',
    join(tmp.path, dataDir),
    'process',
    join(tmp.path, 'box.tif'),
    '--out',
    join(tmp.path, out),
    '--patients',
    join(tmp.path, 'mpi.csv'),
    '--deliver',
    deliver,
    '--mrn-system',
    'urn:oid:1.2.3',
    '--json',
  ]);

describe('chartdesk process --deliver', () => {
  it('writes searchable PDFs and delivers each confirmable document to an import folder, once', async () => {
    const result = await run('data-folder', 'out-folder', `folder:${join(tmp.path, 'import')}`);
    expect(result.code, result.stderr).toBe(0);
    const docs = (JSON.parse(result.stdout) as ProcessReport).files[0]!.documents!;
    const delivered = docs.filter((d) => d.delivered);
    expect(delivered.length).toBeGreaterThan(0);
    for (const doc of docs) {
      if (doc.delivered) {
        expect(doc.pdf).toMatch(/\.pdf$/);
        expect(existsSync(doc.pdf!)).toBe(true);
      } else {
        // Not delivered says why in words.
        expect(doc.deliveryError).toMatch(/Not delivered|not/);
      }
    }
    const files = (await readdir(join(tmp.path, 'import'))).sort();
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(delivered.length);
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(delivered.length);
    const index = JSON.parse(
      await readFile(
        join(
          tmp.path,
          'import',
          files.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    );
    expect(index.patient.mrn).toBe(delivered.find((d) => index.documentId === d.documentId)?.patient?.mrn);
    // Delivered first by the operator's explicit choice, then sampled for review afterwards.
    const key = await stationKeyFor(join(tmp.path, 'data-folder'));
    const db = openTestDatabase(join(tmp.path, 'data-folder'), key);
    try {
      const reviews = db.prepare('SELECT document_id AS id, state, delivered_first AS first FROM document_review').all() as { id: string; state: string; first: number }[];
      expect(reviews.map((r) => r.id).sort()).toEqual(delivered.map((d) => d.documentId).sort());
      expect(reviews.every((r) => r.first === 1 && r.state === 'awaiting')).toBe(true);
    } finally {
      db.close();
    }
    // Running again delivers nothing twice.
    const again = await run('data-folder', 'out-folder-2', `folder:${join(tmp.path, 'import')}`);
    expect(again.code).toBe(0);
    expect((await readdir(join(tmp.path, 'import'))).sort()).toEqual(files);
  }, 300_000);

  itWith(
    ['poppler', 'qpdf'],
    'puts the OCR text layer in the PDF, findable with pdftotext',
    async () => {
      const docs = (JSON.parse((await run('data-folder', 'out-folder-3', `folder:${join(tmp.path, 'import')}`)).stdout) as ProcessReport).files[0]!.documents!;
      const pdf = docs.find((d) => d.pdf)!.pdf!;
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      expect(text).toMatch(/MRN/);
      expect(text.length).toBeGreaterThan(200);
      expect(execFileSync('qpdf', ['--check', pdf]).toString()).toMatch(/No syntax or stream encoding errors/);
    },
    300_000,
  );

  it('delivers to a FHIR server through 500s and dropped connections: one DocumentReference each, no orphan Binary', async () => {
    peer.failNext(2, { status: 500, match: (r) => r.isTransaction });
    peer.dropAfterCommitNext(1, { match: (r) => r.isTransaction });
    const result = await run('data-fhir', 'out-fhir', `fhir:${peer.baseUrl}`);
    expect(result.code, result.stderr).toBe(0);
    const docs = (JSON.parse(result.stdout) as ProcessReport).files[0]!.documents!;
    const delivered = docs.filter((d) => d.delivered);
    expect(delivered.length).toBeGreaterThan(0);
    await peer.idle();
    const refs = await peer.documentReferences();
    expect(refs).toHaveLength(delivered.length);
    expect(refs.map((r) => r.subject?.identifier?.value).sort()).toEqual(delivered.map((d) => d.patient!.mrn).sort());
    expect(await peer.orphanBinaries()).toEqual([]);
    for (const ref of refs) {
      const attachment = ref.content[0]!.attachment;
      expect(attachment.contentType).toBe('application/pdf');
      expect(attachment.hash).toBeTruthy();
    }
  }, 300_000);
});
