import type { SourceFormat } from '../../../shared/domain/batch.js';
import { looksLikePnm } from './decode-pnm.js';
import { UnreadableScan } from './unreadable-scan.js';

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Mostly printable bytes: the usual "text file renamed to .pdf". */
const looksLikeText = (head: Uint8Array) => {
  if (head.length === 0) return false;
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2) printable++;
  return printable / head.length > 0.95;
};

/**
 * The format from the file's first bytes, never from its name: scanners and people rename
 * files, and a hostile file lies about its extension.
 */
export function sniffFormat(head: Uint8Array): SourceFormat {
  if (head.length === 0) throw new UnreadableScan('empty-file');
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // Before the text check: plain PBM/PGM/PPM are text.
  if (looksLikePnm(head)) return 'pnm';
  // The PDF spec lets "%PDF-" start anywhere in the first 1024 bytes.
  const window = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (window.includes('%PDF-')) return 'pdf';
  throw new UnreadableScan('unsupported-format', looksLikeText(head) ? 'the content is plain text' : 'unknown file signature');
}
