import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { suggestDatesOfService } from '../../../electron/engine/indexing/date-of-service.js';
import { DocumentTypeCatalogue } from '../../../electron/engine/indexing/document-types/document-type-catalogue.js';
import { suggestDocumentType } from '../../../electron/engine/indexing/document-types/suggest-document-type.js';
import { DocumentTypeLearner } from '../../../electron/engine/indexing/document-types/type-learner.js';
import { documentText, documentTextTypes, nonClinicalKinds, nonClinicalText } from '../../../scripts/samples/document-texts.js';
import { memoryDatabase } from '../../support/memory-database.js';

let db: BetterSqlite3.Database;
let catalogue: DocumentTypeCatalogue;
let learner: DocumentTypeLearner;
beforeEach(() => {
  db = memoryDatabase();
  catalogue = new DocumentTypeCatalogue(db, () => new Date('2026-11-23T10:00:00Z'));
  learner = new DocumentTypeLearner(db);
});

describe('document-type suggestions', () => {
  it('covers every type of the catalogue with generated documents, and ranks the right one first for most', () => {
    const types = catalogue.list();
    expect(documentTextTypes.sort()).toEqual(
      types
        .map((t) => t.code)
        .filter((c) => c !== 'LOCAL-OTHER')
        .sort(),
    );
    let right = 0;
    let total = 0;
    const misses: string[] = [];
    for (const code of documentTextTypes) {
      for (let seed = 1; seed <= 8; seed++) {
        const text = documentText(code, seed * 97 + code.length);
        const [top] = suggestDocumentType(types, text, learner, null);
        total++;
        if (top?.code === code) right++;
        else misses.push(`${code}: "${text.heading.split('\n')[0]}" -> ${top?.code ?? 'nothing'}`);
        if (top?.code === code) expect(top.evidence.length).toBeGreaterThan(0);
      }
    }
    // Measured on this set: 89 of 96 (93%). The misses are headings with none of the type's
    // words ("Summary of Hospital Stay" read as a medication list through "medications on
    // discharge"; "Medication Administration Record" with no keyword at all), which is what the
    // station's learner is for.
    expect(right / total, misses.join('\n')).toBeGreaterThanOrEqual(0.85);
  });

  it('lets a cover sheet win over any guess', () => {
    const [top] = suggestDocumentType(catalogue.list(), documentText('11502-2', 1), learner, '18842-5');
    expect(top).toMatchObject({ code: '18842-5', source: 'cover-sheet', score: 1 });
  });

  it('learns a local type that the rules miss from the clerks’ confirmations, and says which words drove it', () => {
    const types = catalogue.save({ code: 'LOCAL-DIET', system: 'urn:chartdesk:document-type', display: 'Dietetic assessment', sensitive: false, requiresDateOfService: false, keywords: [] }, 'admin');
    const dietetic = (n: number) => ({
      heading: 'Nutrition review',
      body: `Weight ${60 + n} kg, BMI ${20 + n}. Oral intake poor; dietitian recommends fortified diet and supplement drinks. MUST score ${n % 3}.`,
    });
    const before = suggestDocumentType(types, dietetic(9), learner, null);
    expect(before.find((s) => s.code === 'LOCAL-DIET')).toBeUndefined();

    for (let n = 1; n <= 3; n++) learner.learn('LOCAL-DIET', `${dietetic(n).heading}\n${dietetic(n).body}`);
    for (let n = 1; n <= 3; n++) learner.learn('11502-2', `${documentText('11502-2', n).heading}\n${documentText('11502-2', n).body}`);

    const [top] = suggestDocumentType(types, dietetic(9), learner, null);
    expect(top).toMatchObject({ code: 'LOCAL-DIET', source: 'learned' });
    // The explanation is words of this document that the type's past documents had.
    expect(top!.evidence.length).toBeGreaterThan(0);
    const text = `${dietetic(9).heading} ${dietetic(9).body}`.toLowerCase();
    for (const word of top!.evidence) expect(text).toContain(word);
    // What it learned survives in SQLite.
    expect(new DocumentTypeLearner(db).suggest(types, dietetic(5).body)[0]!.code).toBe('LOCAL-DIET');
  });
});

describe('suggestions that say how sure they are', () => {
  const learnLabReports = (n: number) => {
    for (let i = 1; i <= n; i++) learner.learn('11502-2', `${documentText('11502-2', 300 + i).heading}\n${documentText('11502-2', 300 + i).body}`);
    for (let i = 1; i <= n; i++) learner.learn('18842-5', `${documentText('18842-5', 400 + i).heading}\n${documentText('18842-5', 400 + i).body}`);
  };

  it('marks a learned type without telling words as a guess: a typing test is no laboratory report', () => {
    learnLabReports(2);
    const typingTest = { heading: 'Typing test', body: 'The quick brown fox jumps over the lazy dog.\nNow is the time for all good men to come to the aid of the party.' };
    const suggestions = suggestDocumentType(catalogue.list(), typingTest, learner, null);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.guess)).toBe(true);
  });

  it('gives no page that is not a clinical document a confident type', () => {
    learnLabReports(3);
    for (let kind = 0; kind < nonClinicalKinds; kind++) {
      for (let seed = 1; seed <= 3; seed++) {
        const [top] = suggestDocumentType(catalogue.list(), nonClinicalText(kind, seed), learner, null);
        expect(top?.guess ?? true, `${nonClinicalText(kind, seed).heading} -> ${top?.code}`).toBe(true);
      }
    }
  });

  it('marks one telling word in the body as a guess, and a title or two phrases as evidence', () => {
    const types = catalogue.list();
    const oneWord = suggestDocumentType(types, { heading: 'Continuation notes', body: 'Specimen sent to the lab. Patient comfortable.' }, learner, null);
    expect(oneWord[0]).toMatchObject({ code: '11502-2', guess: true, evidence: ['specimen'] });
    const titled = suggestDocumentType(types, { heading: 'PROGRESS NOTE', body: 'Specimen sent to the lab.' }, learner, null);
    expect(titled[0]).toMatchObject({ code: '11506-3', guess: false });
    const twoPhrases = suggestDocumentType(types, { heading: 'Ward notes', body: 'Subjective: comfortable.\nAssessment and plan: continue.' }, learner, null);
    expect(twoPhrases[0]).toMatchObject({ code: '11506-3', guess: false });
  });

  it('ranks every suggestion with evidence above every guess', () => {
    learnLabReports(3);
    for (const code of documentTextTypes) {
      const suggestions = suggestDocumentType(catalogue.list(), documentText(code, 77), learner, null);
      const firstGuess = suggestions.findIndex((s) => s.guess);
      if (firstGuess >= 0)
        expect(
          suggestions.slice(firstGuess).every((s) => s.guess),
          code,
        ).toBe(true);
    }
  });

  it('takes a learned type as evidence when the page shares enough telling words with it', () => {
    // A local type no keyword rule knows: only the learner can name it.
    const types = catalogue.save({ code: 'LOCAL-DIET', system: 'urn:chartdesk:document-type', display: 'Dietetic assessment', sensitive: false, requiresDateOfService: false, keywords: [] }, 'admin');
    const dietetic = (n: number) => ({ heading: 'Nutrition review', body: `Weight ${60 + n} kg. Oral intake poor; dietitian recommends fortified diet and supplement drinks.` });
    for (let n = 1; n <= 3; n++) learner.learn('LOCAL-DIET', `${dietetic(n).heading}\n${dietetic(n).body}`);
    learnLabReports(3);
    const [top] = suggestDocumentType(types, dietetic(9), learner, null);
    expect(top).toMatchObject({ code: 'LOCAL-DIET', source: 'learned', guess: false });
  });
});

describe('date of service', () => {
  const today = new Date('2026-12-05T12:00:00Z');
  it('reads an ambiguous printed date in the station order and names the other reading', () => {
    const lines = ['Date of service: 09/02/2026'];
    expect(suggestDatesOfService(lines, { order: 'month-first', birthDates: [], coverSheetDate: null, today })[0]).toMatchObject({
      date: '2026-09-02',
      otherReading: '2026-02-09',
    });
    expect(suggestDatesOfService(lines, { order: 'day-first', birthDates: [], coverSheetDate: null, today })[0]).toMatchObject({
      date: '2026-02-09',
      otherReading: '2026-09-02',
    });
  });

  it('reads a date only one order can mean as that date under either setting', () => {
    for (const order of ['month-first', 'day-first', 'year-first'] as const) {
      expect(suggestDatesOfService(['Seen on 23/10/2026'], { order, birthDates: [], coverSheetDate: null, today })[0], order).toMatchObject({ date: '2026-10-23', otherReading: null });
      expect(suggestDatesOfService(['Seen on 10/23/2026'], { order, birthDates: [], coverSheetDate: null, today })[0], order).toMatchObject({ date: '2026-10-23', otherReading: null });
    }
  });

  it('never swaps to the other reading when the station’s reading is after today', () => {
    // 12/11/2026 month first is 11 December 2026, after today: not a date of service, and not 12 November either.
    expect(suggestDatesOfService(['Date: 12/11/2026'], { order: 'month-first', birthDates: [], coverSheetDate: null, today })).toEqual([]);
    expect(suggestDatesOfService(['Date: 12/11/2026'], { order: 'day-first', birthDates: [], coverSheetDate: null, today })[0]).toMatchObject({
      date: '2026-11-12',
      otherReading: null,
    });
  });

  it('prefers a labelled date and never offers the date of birth', () => {
    const lines = ['Patient: O BRIEN, Mary   DOB: 07/03/1984', 'Date of admission: 02/02/2026', 'Clinic letter typed 10/02/2026', 'Born 07/03/1984'];
    const suggestions = suggestDatesOfService(lines, { order: 'day-first', birthDates: ['1984-03-07'], coverSheetDate: null, today: new Date('2026-11-23') });
    expect(suggestions[0]).toMatchObject({ date: '2026-02-02', source: 'text' });
    expect(suggestions.map((s) => s.date)).not.toContain('1984-03-07');
  });

  it('puts the cover sheet’s date first', () => {
    const suggestions = suggestDatesOfService(['Seen on 01/01/2026'], { order: 'day-first', birthDates: [], coverSheetDate: '2026-03-04', today: new Date('2026-11-23') });
    expect(suggestions.map((s) => [s.date, s.source])).toEqual([
      ['2026-03-04', 'cover-sheet'],
      ['2026-01-01', 'text'],
    ]);
  });
});
