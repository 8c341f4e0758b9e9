import { crc32, deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { fakeLetterParagraphs, fakePatient, formatPatientName } from './fake-records.js';
import { assemblePdf, streamObject } from './pdf-bytes.js';
import { encryptObjectData, standardSecurityR3 } from './pdf-standard-security.js';
import { createRandom } from './random.js';

/**
 * Files the station must set aside rather than ingest. Each reproduces one way a real file goes
 * wrong at a scanning desk: a failed write, a copy interrupted, a damaged disk, a file saved
 * with the wrong name, a protected PDF from outside, a hostile or buggy image header.
 */

/** A scanner that crashed before writing anything. */
export function emptyFile(): Buffer {
  return Buffer.alloc(0);
}

/** The first `keepFraction` of a real file, as left by an interrupted copy. */
export function truncated(file: Buffer, keepFraction: number): Buffer {
  if (!(keepFraction > 0 && keepFraction < 1)) throw new Error('keepFraction must be between 0 and 1 (exclusive)');
  return Buffer.from(file.subarray(0, Math.floor(file.length * keepFraction)));
}

/**
 * A TIFF whose header is valid but whose only directory is nonsense: three strips listed
 * against two byte counts, Group 4 data that is random bytes, and a tag of an unknown type.
 * A structure check sees the tables disagree; a decoder that gets past that fails on the data.
 */
export function corruptTiff(seed = 1): Buffer {
  const random = createRandom(seed);
  const stripBytes = 400;
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  // Layout: header (8) | directory | out-of-line arrays | garbage strips.
  const entryCount = 11;
  const directoryAt = 8;
  const arraysAt = directoryAt + 2 + entryCount * 12 + 4;
  const offsetsAt = arraysAt;
  const countsAt = offsetsAt + 3 * 4;
  const stripsAt = countsAt + 2 * 4;
  entries.push(
    [256, 3, 1, 1700], // ImageWidth
    [257, 3, 1, 2200], // ImageLength
    [258, 3, 1, 1], // BitsPerSample
    [259, 3, 1, 4], // Compression: CCITT Group 4
    [262, 3, 1, 0], // Photometric: WhiteIsZero
    [273, 4, 3, offsetsAt], // StripOffsets: three of them...
    [277, 3, 1, 1], // SamplesPerPixel
    [278, 3, 1, 800], // RowsPerStrip
    [279, 4, 2, countsAt], // ...but only two StripByteCounts
    [296, 3, 1, 2], // ResolutionUnit: inch
    [0xbeef, 0x7777, 0xffffff, 0xdeadbeef], // garbage: unknown tag, unknown type, absurd count
  );
  const file = Buffer.alloc(stripsAt + 3 * stripBytes);
  file.write('II*\0', 0, 'latin1');
  file.writeUInt32LE(directoryAt, 4);
  file.writeUInt16LE(entryCount, directoryAt);
  entries.forEach(([tag, type, count, value], i) => {
    const at = directoryAt + 2 + i * 12;
    file.writeUInt16LE(tag, at);
    file.writeUInt16LE(type, at + 2);
    file.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) file.writeUInt16LE(value, at + 8);
    else file.writeUInt32LE(value >>> 0, at + 8);
  });
  file.writeUInt32LE(0, directoryAt + 2 + entryCount * 12); // no next directory
  for (let i = 0; i < 3; i++) file.writeUInt32LE(stripsAt + i * stripBytes, offsetsAt + i * 4);
  for (let i = 0; i < 2; i++) file.writeUInt32LE(stripBytes, countsAt + i * 4);
  for (let i = stripsAt; i < file.length; i++) file[i] = random.int(0, 255);
  return file;
}

/**
 * Typed notes saved as "notes.pdf": a plain text file with a PDF name. Sniffing the content,
 * not trusting the extension, is what catches it.
 */
export function textNamedPdf(seed = 1): Buffer {
  const random = createRandom(seed);
  const patient = fakePatient(random);
  const text = ['WARD NOTES (typed copy)', `Patient: ${formatPatientName(patient)}  MRN ${patient.mrn}  DOB ${patient.birthDate}`, '', ...fakeLetterParagraphs(random, 'progress-note', 3), ''].join(
    '\r\n',
  );
  return Buffer.from(text, 'latin1');
}

export const ENCRYPTED_PDF_USER_PASSWORD = 'chartdesk';

/**
 * A one-page PDF protected with the Standard security handler (RC4 128-bit, revision 3) and a
 * non-empty user password, so a reader must ask for it: pdf.js throws PasswordException
 * (NEED_PASSWORD) without it and opens the page with it.
 */
export function encryptedPdf(options: { userPassword?: string; ownerPassword?: string; text?: string } = {}): Buffer {
  const userPassword = options.userPassword ?? ENCRYPTED_PDF_USER_PASSWORD;
  const fileId = createHash('md5').update('chartdesk-sample-encrypted').digest();
  const security = standardSecurityR3({
    userPassword,
    ownerPassword: options.ownerPassword ?? 'records-office',
    fileId,
    permissions: -3904, // print and copy withheld: a typical "protected" setting
  });
  const text = (options.text ?? 'Confidential referral letter').replace(/[()\\]/g, '');
  const content = Buffer.from(`BT /F1 18 Tf 72 700 Td (${text}) Tj ET`, 'latin1');
  const hex = (b: Buffer) => `<${b.toString('hex')}>`;
  return assemblePdf(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      streamObject('', encryptObjectData(security.fileKey, 4, content)),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 2 /R 3 /Length 128 /O ${hex(security.owner)} /U ${hex(security.user)} /P ${security.permissions} >>`,
    ],
    `/Root 1 0 R /Encrypt 6 0 R /ID [${hex(fileId)} ${hex(fileId)}]`,
  );
}

/**
 * A PNG whose header claims width x height pixels (default 200000 x 200000, 40 gigapixels)
 * with a few bytes of image data. Every chunk CRC is right, so only a size limit stops a
 * decoder from trying to allocate the whole image.
 */
export function absurdDimensionsPng(width = 200_000, height = 200_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  // compression, filter and interlace methods stay 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(64))), pngChunk('IEND', Buffer.alloc(0))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0);
  return Buffer.concat([head, data, crc]);
}
