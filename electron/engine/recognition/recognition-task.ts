/**
 * The messages between the engine and its recognition workers. The fast path (barcodes,
 * blank, orientation, skew, image metrics) runs first for every page; OCR runs after, on the
 * upright image the fast path stored.
 */
import type { QuarterTurn } from '../imaging/box-geometry.js';
import type { StoreLocation } from '../storage/content-store.js';

export type { QuarterTurn };

export interface FoundBarcode {
  /** Normalised format name: Code128, Code39, Code93, ITF, Codabar, EAN-13, EAN-8, UPC-A, UPC-E, QRCode, DataMatrix, PDF417, Aztec. */
  format: string;
  text: string;
  /** Position in the UPRIGHT page image, pixels. */
  box: { x: number; y: number; width: number; height: number };
}

export interface OcrWord {
  text: string;
  /** 0..100 as Tesseract reports it. */
  confidence: number;
  /** Position in the upright page image, pixels. */
  box: { x: number; y: number; width: number; height: number };
  line: number;
}

export type RecognitionTask =
  | { kind: 'fast'; masterSha256: string; dpi: number; store: StoreLocation }
  /** `blankCheck`: the page was judged blank from its image; read it only for faint text (blank-text-check.ts). */
  | { kind: 'ocr'; imageSha256: string; dpi: number; store: StoreLocation; blankCheck?: boolean }
  /** Loads the engines a stage needs before any page arrives (station start). */
  | { kind: 'warm'; stage: 'fast' | 'ocr' };

/** What the fast path measures on a page and decides from it, before orientation. */
export interface PageFindings {
  blank: boolean;
  /** Fraction of the page (inside the margins, after dust removal) covered by ink, 0..1. */
  inkCoverage: number;
  /** 0..1: spread between paper and ink brightness. */
  contrast: number;
  /** Higher is sharper (variance of the Laplacian on a normalised image). */
  sharpness: number;
  /** Mean brightness 0..255 of the page. */
  brightness: number;
  /** Glyph-sized marks cut by the page border (text running off the scanned area). */
  cutOffGlyphs: number;
  barcodes: FoundBarcode[];
}

/**
 * What separation and the patient suggestion need of a page, sent by the fast path as soon as
 * its barcodes are read, before orientation, skew and the upright images: the station commits
 * it at once so the clerk sees the suggestion without waiting for the rest. Final: the blank
 * decision is made from the page's marks and barcodes, which nothing after changes. Barcode
 * positions are in the page AS STORED (the image the screen shows until the fast path ends).
 */
export interface FastFacts extends PageFindings {
  kind: 'facts';
}

/** The whole fast path: its findings (barcodes placed on the upright page), orientation and images. */
export interface FastResult extends PageFindings {
  ok: true;
  kind: 'fast';
  /** Degrees clockwise applied to make the page upright. */
  rotation: QuarterTurn;
  rotationConfidence: number;
  /** Small skew corrected after rotation, degrees (positive = clockwise correction applied). */
  skewDegrees: number;
  /** The upright, deskewed grayscale page written to the content store (PNG), read by OCR. */
  uprightSha256: string;
  uprightWidth: number;
  uprightHeight: number;
  /** Screen variants of the upright page (JPEG), replacing the as-scanned ones. */
  viewSha256: string;
  thumbSha256: string;
  millis: number;
}

export interface OcrResult {
  ok: true;
  kind: 'ocr';
  text: string;
  meanConfidence: number;
  words: OcrWord[];
  millis: number;
  /** For a blank check: whether text was found (the page is not blank after all). */
  textFound?: boolean;
}

export interface RecognitionFailure {
  ok: false;
  kind: 'fast' | 'ocr';
  reason: string;
}

export interface WarmResult {
  ok: true;
  kind: 'warm';
}

export type RecognitionResult = FastResult | OcrResult | WarmResult | RecognitionFailure;
