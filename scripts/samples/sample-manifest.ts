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
