import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../../../shared/domain/document-types.js';
import { blankPagesWithText } from '../../../electron/engine/indexing/qc/blank-page-text.js';
import { type QcInput, blocksConfirmation, runQcChecks } from '../../../electron/engine/indexing/qc/qc-checks.js';
import { qcPage } from '../../support/qc-inputs.js';

/** Issue 12: the QC findings about pages: a guessed resolution, and text found on a page judged blank. */
const letter: DocumentType = { code: '11488-4', system: 'http://loinc.org', display: 'Consult note', sensitive: false, requiresDateOfService: false, keywords: [] };
const page = qcPage;
const base = (over: Partial<QcInput> = {}): QcInput => ({
  pages: [page('p1'), page('p2')],
  identifiers: [],
  coverSheetMrn: null,
  coverSheetPatient: null,
  dateOrder: 'day-first',
  patient: { mrn: '1', family: 'Doe', given: 'Jo', middle: null, birthDate: null, sex: 'unknown', encounter: null, phone: null, address: null, source: 'csv', updatedAt: '2026-01-01' },
  mrnOwners: new Map(),
  docType: letter,
  dateOfService: null,
  duplicatePageIds: [],
  overrides: new Map(),
  ...over,
});
const findings = (input: QcInput, code: string) => runQcChecks(input).filter((f) => f.code === code);

describe('a resolution the scan file did not record', () => {
  it('is named on the pages that have one, as a warning that says what was assumed', () => {
    const [finding] = findings(base({ pages: [page('p1'), page('p2', { dpi: 150, dpiAssumed: true })] }), 'image-resolution-unknown');
    expect(finding).toMatchObject({ severity: 'warning', pageIds: ['p2'] });
    expect(finding!.message).toMatch(/does not record its resolution.*assumed 150 dpi/);
  });

  it('makes a low resolution a warning, never blocking: it is a guess', () => {
    const guessed = base({ pages: [page('p1', { dpi: 75, dpiAssumed: true })] });
    expect(findings(guessed, 'poor-image-resolution')).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/about 75 dpi/) })]);
    expect(blocksConfirmation(runQcChecks(guessed))).toBe(false);
    // Recorded in the file, the same resolution blocks.
    expect(findings(base({ pages: [page('p1', { dpi: 75 })] }), 'poor-image-resolution')).toEqual([expect.objectContaining({ severity: 'blocking' })]);
  });

  it('says nothing for pages whose resolution is known', () => {
    expect(findings(base(), 'image-resolution-unknown')).toEqual([]);
  });
});

describe('text found on a page first judged blank', () => {
  it('warns on the document it was put back in', () => {
    const [finding] = findings(base({ textOnBlank: { returned: ['p2'], setAside: [] } }), 'blank-page-has-text');
    expect(finding).toMatchObject({ severity: 'warning', pageIds: ['p2'], message: expect.stringMatching(/put back in this document/) });
  });

  it('warns the document next to a page that had to stay aside', () => {
    const [finding] = findings(base({ textOnBlank: { returned: [], setAside: ['p9'] } }), 'blank-page-has-text');
    expect(finding).toMatchObject({ severity: 'warning', pageIds: ['p9'], message: expect.stringMatching(/set aside as blank next to this document/) });
  });

  it('belongs to the document whose pages come before it, or the first document', () => {
    const pages = [
      { pageId: 'a', documentId: null, textOnBlank: true },
      { pageId: 'b', documentId: 'D1', textOnBlank: false },
      { pageId: 'c', documentId: 'D1', textOnBlank: true },
      { pageId: 'd', documentId: null, textOnBlank: true },
      { pageId: 'e', documentId: null, textOnBlank: false },
      { pageId: 'f', documentId: 'D2', textOnBlank: false },
      { pageId: 'g', documentId: null, textOnBlank: true },
    ];
    expect(blankPagesWithText('D1', pages)).toEqual({ returned: ['c'], setAside: ['a', 'd'] });
    expect(blankPagesWithText('D2', pages)).toEqual({ returned: [], setAside: ['g'] });
  });
});
