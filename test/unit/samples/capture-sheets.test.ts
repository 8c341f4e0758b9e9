import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseCoverSheetPayload } from '../../../electron/engine/separation/cover-sheet-payload.js';
import { SEPARATOR_VALUE, coverSheetSpec, createRandom, fakePatient, formatPatientName, renderPage, separatorSheetSpec } from '../../../scripts/samples/index.js';
import type { QuarterTurn } from '../../../scripts/samples/index.js';
import { readCodes } from './zxing-reader.js';

const patient = fakePatient(createRandom(21));
const cover = coverSheetSpec({
  mrn: patient.mrn,
  docTypeCode: '11506-3',
  dateOfService: '2024-06-30',
  encounter: 'E12345678',
  patientName: formatPatientName(patient),
});

/** The clockwise turn that makes a page fed with `rotate` upright again. */
const needed = (rotate: QuarterTurn) => (360 - rotate) % 360;

describe('separator and cover sheets as scanned', () => {
  it('puts the payload of the cover sheet in its DataMatrix, parseable back to the same values', () => {
    expect(parseCoverSheetPayload(cover.payload)).toEqual({
      mrn: patient.mrn,
      docType: '11506-3',
      dateOfService: '2024-06-30',
      encounter: 'E12345678',
      extra: {},
    });
  });

  for (const dpi of [150, 300]) {
    it(`reads PATCHT (Code 128) and the cover payload (DataMatrix) at ${dpi} dpi, upright and turned`, async () => {
      for (const rotate of [0, 90, 180, 270] as const) {
        const [separator, coverPage] = await Promise.all([renderPage({ ...separatorSheetSpec(), seed: 1, dpi, rotate }), renderPage({ ...cover, seed: 2, dpi, rotate })]);
        expect(await readCodes(separator.png), `separator ${rotate}`).toEqual([{ format: 'Code128', text: SEPARATOR_VALUE }]);
        expect(await readCodes(coverPage.png), `cover ${rotate}`).toEqual([{ format: 'DataMatrix', text: cover.payload }]);
        expect(separator.barcodes.map((b) => [b.format, b.text])).toEqual([['code128', SEPARATOR_VALUE]]);
        expect(coverPage.barcodes.map((b) => [b.format, b.text])).toEqual([['datamatrix', cover.payload]]);
      }
    });
  }

  it('prints the words big: SEPARATOR, COVER SHEET, the MRN and the type', async () => {
    const [separator, coverPage] = await Promise.all([renderPage({ ...separatorSheetSpec(), seed: 1, dpi: 100 }), renderPage({ ...cover, seed: 2, dpi: 100 })]);
    expect(separator.lines.slice(0, 2)).toEqual(['SEPARATOR', 'SEPARATOR']);
    expect(coverPage.lines[0]).toBe('COVER SHEET');
    expect(coverPage.lines).toEqual(expect.arrayContaining([patient.mrn, 'Progress note (LOINC 11506-3)', '2024-06-30', formatPatientName(patient)]));
    // Nothing else on a separator: no letter body, no label.
    expect(separator.labelLines).toEqual([]);
    expect(separator.lines).toHaveLength(3);
  });

  it('a code 39 separator reads too', async () => {
    const page = await renderPage({ ...separatorSheetSpec({ format: 'code39' }), seed: 3, dpi: 100, rotate: 270 });
    expect(await readCodes(page.png)).toEqual([{ format: 'Code39', text: SEPARATOR_VALUE }]);
  });

  it('turning a fed page by (360 - rotate) % 360 clockwise gives back the upright page, pixel for pixel', async () => {
    const upright = await renderPage({ ...cover, seed: 4, dpi: 100 });
    const uprightPixels = await sharp(upright.png).raw().toBuffer();
    for (const rotate of [90, 180, 270] as const) {
      const fed = await renderPage({ ...cover, seed: 4, dpi: 100, rotate });
      const { data, info } = await sharp(fed.png).rotate(needed(rotate)).raw().toBuffer({ resolveWithObject: true });
      expect({ width: info.width, height: info.height }).toEqual({ width: upright.width, height: upright.height });
      expect(data.equals(uprightPixels), `rotate ${rotate}`).toBe(true);
    }
  });
});
