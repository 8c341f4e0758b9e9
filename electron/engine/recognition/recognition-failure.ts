/**
 * What a failed recognition task reports. Error messages from libvips, tesseract and the file
 * system quote file paths (whose names can carry a patient's name) and sometimes recognised
 * text, so only a fixed vocabulary leaves the worker: never the message itself.
 */
export type RecognitionFailureReason =
  | 'image-missing'
  /** The stored image failed its integrity check (altered on disk, or another station's). */
  | 'image-tampered'
  | 'image-unreadable'
  | 'image-too-large'
  | 'out-of-memory'
  | 'ocr-engine-failed'
  | 'barcode-engine-failed'
  | 'internal-error';

export function failureReason(error: unknown): RecognitionFailureReason {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (error instanceof Error && error.name === 'EngineStartError') return 'ocr-engine-failed';
  if (code === 'tampered') return 'image-tampered';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (code === 'ENOENT' || code === 'EISDIR') return 'image-missing';
  if (/pixel limit|too large|dimensions/i.test(message)) return 'image-too-large';
  if (/out of memory|allocation failed|Cannot enlarge memory|Aborted\(OOM\)/i.test(message)) return 'out-of-memory';
  if (/unsupported image format|bad seek|Input buffer|Input file|VipsForeign|vips|premature|corrupt|truncat/i.test(message)) return 'image-unreadable';
  if (/Error attempting to read image|initialization failed|traineddata|tesseract/i.test(message)) return 'ocr-engine-failed';
  if (/WASM|zxing|wasm/i.test(message)) return 'barcode-engine-failed';
  return 'internal-error';
}
