import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryPackage } from '../../../electron/engine/delivery/delivery-package.js';

/** Connectors treat the PDF as opaque bytes, so any bytes with a PDF header will do. */
export function fakePdf(sizeBytes = 48_000): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(sizeBytes - 15), Buffer.from('\n%%EOF')]);
}

export async function writePackage(folder: string, documentId: string, overrides: { pdf?: Buffer; index?: Partial<DeliveryPackage['index']> } = {}): Promise<DeliveryPackage> {
  const bytes = overrides.pdf ?? fakePdf();
  const path = join(folder, `source-${documentId}.pdf`);
  await writeFile(path, bytes);
  return {
    documentId,
    pdf: {
      path,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sha1: createHash('sha1').update(bytes).digest('hex'),
      sizeBytes: bytes.length,
    },
    index: {
      title: "Discharge summary 2026-03-04 - O'Brien",
      patient: { mrn: '00123456', family: "O'Brien", given: 'Mary', birthDate: '1961-07-14', sex: 'female' },
      docType: { code: '18842-5', system: 'http://loinc.org', display: 'Discharge summary' },
      dateOfService: '2026-03-04',
      encounter: 'ENC-7781',
      batch: { id: 'batch-1', label: 'Back-scan 12' },
      station: 'HIM-STATION-2',
      operator: 'clerk.one',
      scannedAt: '2026-03-05T08:12:00.000Z',
      confirmedBy: 'clerk.two',
      confirmedAt: '2026-03-05T09:30:00.000Z',
      provenance: { sourceFiles: [{ name: 'scan-0001.tif', sha256: 'a'.repeat(64), pages: [1, 2, 3] }] },
      ...overrides.index,
    },
    auditAnchor: { format: 'chartdesk-audit-anchor/1', station: 'HIM-STATION-2', chain: '0123456789abcdef', keyedFrom: 1, seq: 41, mac: 'c'.repeat(64), at: '2026-03-05T09:30:00.000Z' },
  };
}

/** No patient identifier, name or birth date may appear in a reason. */
export function expectNoPhi(reason: string, pkg: DeliveryPackage): void {
  for (const value of [pkg.index.patient.mrn, pkg.index.patient.family, pkg.index.patient.given, pkg.index.patient.birthDate]) {
    if (value && reason.toLowerCase().includes(value.toLowerCase())) throw new Error(`reason leaks patient data: ${reason}`);
  }
}
