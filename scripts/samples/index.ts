/** Synthetic scans for tests and demos, reproducible from a seed. */
export { createRandom, deriveSeed } from './random.js';
export type { Random } from './random.js';
export { fakePatient, fakeLetterParagraphs, formatPatientName, LETTER_TITLES } from './fake-records.js';
export type { FakePatient, LetterKind, PatientSex } from './fake-records.js';
export { renderPage, placeBox } from './page-render.js';
export type { BarcodeSpec, PageSpec, PixelBox, PlacedBarcode, QuarterTurn, RenderedPage, TextSpec } from './page-render.js';
export { SEPARATOR_VALUE, coverSheetSpec, separatorSheetSpec } from './capture-sheets.js';
export type { CaptureSheetSpec } from './capture-sheets.js';
export { generateBoxScenario, renderBoxScenario, writeBilevelPdf, writeBoxScenario } from './box-scenario.js';
export type { BoxFormat, BoxPreset, BoxScenario, BoxScenarioOptions, RenderedBoxScenario } from './box-scenario.js';
export type { BarcodeFormat } from './barcode-image.js';
export { writeTiff, writeImagePdf, writeImageOnPagePdf, writeJpeg, writePng, writePnm } from './scan-files.js';
export type { PnmKind, TiffCompression } from './scan-files.js';
export type { ExifOrientation } from './exif-orientation.js';
export { joinTiffPages } from './tiff-join.js';
export {
  absurdDimensionsPng,
  corruptTiff,
  emptyFile,
  encryptedPdf,
  ENCRYPTED_PDF_USER_PASSWORD,
  textNamedPdf,
  truncated,
} from './broken-files.js';
export { generateSampleSet } from './generate.js';
export type { SampleSetOptions } from './generate.js';
export type {
  BrokenSampleFile,
  PageRole,
  SampleFile,
  SampleManifest,
  SamplePage,
  ScanSampleFile,
  ScenarioDocument,
  ScenarioPage,
} from './sample-manifest.js';
