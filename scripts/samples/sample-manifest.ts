import type { QuarantineReason } from '../../shared/domain/intake.js';
import type { ColorMode, SourceFormat } from '../../shared/domain/batch.js';
import type { ExifOrientation } from './exif-orientation.js';
import type { FakePatient } from './fake-records.js';
import type { PlacedBarcode, QuarterTurn } from './page-render.js';

/**
 * Ground truth for a generated sample set (manifest.json). It names problems with the
 * station's own quarantine codes so tests can compare outcomes directly.
 */
export interface SampleManifest {
  generator: 'chartdesk-samples';
  version: 1;
  seed: number;
  dpi: number;
  files: SampleFile[];
}

export type SampleFile = ScanSampleFile | BrokenSampleFile;

export interface ScanSampleFile {
  kind: 'scan';
  name: string;
  format: SourceFormat;
  colorMode: ColorMode;
  description: string;
  sizeBytes: number;
  sha256: string;
  pageCount: number;
  pages: SamplePage[];
  /**
   * Box-scenario files only (see box-scenario.ts): how the pages divide into documents, and
   * the index values each document gets from its cover sheet or patient label.
   */
  documents?: ScenarioDocument[];
}

export interface SamplePage {
  /** Pixels as a reader shows the page: after any EXIF orientation, including feed rotation. */
  width: number;
  height: number;
  dpi: number;
  /** For PDFs: the page size in points (pixels / dpi * 72). */
  points?: { width: number; height: number };
  /** For JPEGs written with an EXIF orientation: the tag, and the size of the stored pixels. */
  exifOrientation?: ExifOrientation;
  storedWidth?: number;
  storedHeight?: number;
  /** How the sheet went through the scanner (clockwise quarter turns; skew in degrees). */
  rotate: QuarterTurn;
  skewDegrees: number;
  blank: boolean;
  /** OCR ground truth, top to bottom; words separated by single spaces. */
  lines: string[];
  labelLines: string[];
  barcodes: PlacedBarcode[];
  patient: FakePatient | null;
  /** Box-scenario files only: what the sheet is for separation (see ScenarioPage). */
  role?: PageRole;
  /** Box-scenario files only: clockwise quarter turn that makes the page upright, (360 - rotate) % 360. */
  rotation?: QuarterTurn;
}

/** What a sheet in a scanned box is, for batch separation. */
export type PageRole = 'content' | 'separator' | 'cover' | 'blank';

/**
 * A page of a box-scenario file with its separation ground truth. `rotate` (from SamplePage)
 * is how the sheet went through the feeder: the image as stored is the upright page turned
 * clockwise by `rotate`. `rotation` is the clockwise turn a reader must apply to make it
 * upright again: (360 - rotate) % 360.
 */
export interface ScenarioPage extends SamplePage {
  /** 1-based page number in the file. */
  page: number;
  role: PageRole;
  rotation: QuarterTurn;
}

/**
 * A document as separation must find it. Separator, cover and blank pages are in no document.
 * Index values come from the cover sheet that started it; without one, the patient comes from
 * a patient label on one of its pages; a document started by a separator or by the start of
 * the file has no type and no date of service.
 */
export interface ScenarioDocument {
  /** 1-based page numbers in the file, ascending. */
  pages: number[];
  startedBy: 'file-start' | 'cover' | 'separator';
  patient: { mrn: string } | null;
  docType: { code: string; display: string } | null;
  /** YYYY-MM-DD */
  dateOfService: string | null;
  encounter: string | null;
}

export interface BrokenSampleFile {
  kind: 'broken';
  name: string;
  description: string;
  sizeBytes: number;
  sha256: string;
  expectedProblem: QuarantineReason;
  /** For truncated files: the sample they were cut from. */
  truncatedFrom?: string;
}
