import { describe, expect, it } from 'vitest';
import type { DocumentType } from '../../../shared/domain/document-types.js';
import type { Patient } from '../../../shared/domain/patient.js';
import type { PageIdentifiers } from '../../../electron/engine/indexing/document-evidence.js';
import { type QcInput, blocksConfirmation, runQcChecks } from '../../../electron/engine/indexing/qc/qc-checks.js';
import { qcPage } from '../../support/qc-inputs.js';

const patient = (mrn: string, family: string, given: string, birthDate: string): Patient => ({
  mrn,
  family,
  given,
  middle: null,
  birthDate,
  sex: 'female',
  encounter: null,
  phone: null,
  address: null,
  source: 'csv',
  updatedAt: '2026-01-01',
});
const obrien = patient('1000001', "O'Brien", 'Mary', '1984-03-07');
const other = patient('2000002', 'Walsh', 'Anne', '1950-11-30');
const discharge: DocumentType = { code: '18842-5', system: 'http://loinc.org', display: 'Discharge summary', sensitive: false, requiresDateOfService: true, keywords: [] };
const page = qcPage;
const ids = (pageId: string, over: Partial<PageIdentifiers> = {}): PageIdentifiers => ({ pageId, barcodeMrns: [], printedMrns: [], birthDates: [], names: [], ...over });
/** A printed date of birth as a day-first station reads it. */
const dob = (text: string, date: string, otherReading: string | null = null) => ({ text, date, otherReading });

const base = (over: Partial<QcInput> = {}): QcInput => ({
  pages: [page('p1'), page('p2')],
  identifiers: [ids('p1', { barcodeMrns: ['1000001'], names: ["O'BRIEN, Mary"], birthDates: [dob('07/03/1984', '1984-03-07', '1984-07-03')] }), ids('p2')],
  coverSheetMrn: null,
  coverSheetPatient: null,
  dateOrder: 'day-first',
  patient: obrien,
  mrnOwners: new Map([['1000001', obrien]]),
  docType: discharge,
  dateOfService: '2026-02-01',
  duplicatePageIds: [],
  overrides: new Map(),
  ...over,
});
const codes = (input: QcInput) => runQcChecks(input).map((f) => `${f.code}:${f.severity}`);

describe('QC checks', () => {
  it('passes a document whose pages agree with the selected patient and has its fields', () => {
    expect(runQcChecks(base())).toEqual([]);
  });

  it('blocks when a patient label belongs to another patient than the one selected', () => {
    const input = base({ patient: other });
    const [finding] = runQcChecks(input).filter((f) => f.code === 'patient-mismatch');
    expect(finding).toMatchObject({ severity: 'blocking', pageIds: ['p1'] });
    expect(finding!.message).toContain('MRN 1000001');
    expect(blocksConfirmation(runQcChecks(input))).toBe(true);
  });

  it('blocks on a printed date of birth or name that is not the patient’s', () => {
    expect(codes(base({ identifiers: [ids('p1', { birthDates: [dob('1984-07-04', '1984-07-04')] })] }))).toContain('patient-mismatch:blocking');
    expect(codes(base({ identifiers: [ids('p1', { names: ['WALSH, Anne'] })] }))).toContain('patient-mismatch:blocking');
  });

  it('accepts the name written differently: accents, apostrophes, family first', () => {
    expect(codes(base({ identifiers: [ids('p1', { names: ['Mary OBRIEN'] })] }))).toEqual([]);
  });

  it('blocks pages of two patients in one document', () => {
    const input = base({ identifiers: [ids('p1', { barcodeMrns: ['1000001'] }), ids('p2', { barcodeMrns: ['2000002'] })] });
    expect(codes(input)).toContain('patient-mismatch-two-patients:blocking');
  });

  it('checks the pages against the patient their MRN names even before a patient is chosen', () => {
    const input = base({ patient: null, identifiers: [ids('p1', { barcodeMrns: ['1000001'], names: ['WALSH, Anne'] })] });
    expect(codes(input)).toEqual(expect.arrayContaining(['missing-patient:blocking', 'patient-mismatch:blocking']));
  });

  it('blocks on missing fields, including a date of service the type requires', () => {
    expect(codes(base({ docType: null }))).toContain('missing-document-type:blocking');
    expect(codes(base({ dateOfService: null }))).toContain('missing-date-of-service:blocking');
    expect(codes(base({ dateOfService: null, docType: { ...discharge, requiresDateOfService: false } }))).toEqual([]);
  });

  it('warns about poor images and blocks beyond the unreadable threshold', () => {
    expect(codes(base({ pages: [page('p1', { dpi: 180 })] }))).toEqual(['poor-image-resolution:warning']);
    expect(codes(base({ pages: [page('p1', { dpi: 100 })] }))).toEqual(['poor-image-resolution:blocking']);
    expect(codes(base({ pages: [page('p1', { sharpness: 0.2 })] }))).toEqual(['poor-image-blur:warning']);
    expect(codes(base({ pages: [page('p1', { sharpness: 0.02 })] }))).toEqual(['poor-image-blur:blocking']);
    expect(codes(base({ pages: [page('p1', { contrast: 0.1 })] }))).toEqual(['poor-image-exposure:blocking']);
    // A blank back is not judged as an image of text.
    expect(codes(base({ pages: [page('p1'), page('p2', { blank: true, dpi: 100, contrast: 0 })] }))).toEqual([]);
  });

  it('warns when text runs off the edge of a page, and blocks when a whole column is lost', () => {
    expect(codes(base({ pages: [page('p1', { cutOffGlyphs: 2 })] }))).toEqual([]);
    expect(codes(base({ pages: [page('p1', { cutOffGlyphs: 9 })] }))).toEqual(['poor-image-cut-off:warning']);
    expect(codes(base({ pages: [page('p1', { cutOffGlyphs: 60 })] }))).toEqual(['poor-image-cut-off:blocking']);
  });

  it('warns about a suspected duplicate', () => {
    expect(codes(base({ duplicatePageIds: ['p2'] }))).toEqual(['suspected-duplicate:warning']);
  });

  it('lets an override stand for a blocking finding, and shows who and why', () => {
    const override = { by: 'Dana Records', reason: 'Label printed with the wrong MRN; verified by phone', at: '2026-11-23T10:00:00Z' };
    const findings = runQcChecks(base({ patient: other, overrides: new Map([['patient-mismatch', override]]) }));
    expect(findings.find((f) => f.code === 'patient-mismatch')!.override).toEqual(override);
    expect(blocksConfirmation(findings)).toBe(false);
  });

  it('warns, and does not block, when a printed date of birth is the patient’s only in the other date order', () => {
    // At a month-first station, 07/03/1984 is 3 July; Mary O'Brien was born 7 March.
    const monthFirst = base({ dateOrder: 'month-first', identifiers: [ids('p1', { barcodeMrns: ['1000001'], birthDates: [dob('07/03/1984', '1984-07-03', '1984-03-07')] })] });
    const findings = runQcChecks(monthFirst);
    expect(findings.map((f) => `${f.code}:${f.severity}`)).toEqual(['birth-date-other-order:warning']);
    expect(findings[0]!.message).toContain('07/03/1984');
    expect(findings[0]!.message).toContain('3 Jul 1984');
    expect(findings[0]!.message).toContain('7 Mar 1984');
    expect(blocksConfirmation(findings)).toBe(false);
    // Before any patient is chosen, against the patient the label names.
    expect(codes({ ...monthFirst, patient: null })).toEqual(['missing-patient:blocking', 'birth-date-other-order:warning']);
    // A date neither order makes her birth date still blocks.
    expect(codes(base({ identifiers: [ids('p1', { birthDates: [dob('08/03/1984', '1984-03-08', '1984-08-03')] })] }))).toContain('patient-mismatch:blocking');
  });

  it('blocks a cover sheet whose MRN disagrees with the MRN printed on the pages, naming both, before a patient is chosen', () => {
    const input = base({
      patient: null,
      coverSheetMrn: '1000001',
      coverSheetPatient: obrien,
      identifiers: [ids('p1', { printedMrns: ['2000002'] }), ids('p2')],
      mrnOwners: new Map([
        ['1000001', obrien],
        ['2000002', other],
      ]),
    });
    const findings = runQcChecks(input);
    const conflict = findings.find((f) => f.code === 'cover-sheet-conflict');
    expect(conflict).toMatchObject({ severity: 'blocking', pageIds: ['p1'] });
    expect(conflict!.message).toContain('MRN 1000001');
    expect(conflict!.message).toContain('MRN 2000002');
    expect(conflict!.message).toContain("O'BRIEN");
    expect(conflict!.message).toContain('WALSH');
    // The cover sheet's MRN unknown to the index still conflicts with a different printed MRN.
    expect(codes({ ...input, coverSheetMrn: '7777777', coverSheetPatient: null })).toContain('cover-sheet-conflict:blocking');
  });

  it('blocks a cover sheet whose patient is not the one named on the pages', () => {
    const input = base({ patient: null, coverSheetMrn: '1000001', coverSheetPatient: obrien, identifiers: [ids('p1', { names: ['WALSH, Anne'] })] });
    const conflict = runQcChecks(input).find((f) => f.code === 'cover-sheet-conflict');
    expect(conflict!.message).toContain('MRN 1000001');
    expect(conflict!.message).toContain('WALSH, Anne');
    // Pages that agree with their cover sheet raise nothing about it.
    expect(codes(base({ patient: null, coverSheetMrn: '1000001', coverSheetPatient: obrien }))).toEqual(['missing-patient:blocking']);
  });
});
