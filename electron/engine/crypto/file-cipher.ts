import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * Format of a file the station keeps: "CDX1" | 12-byte IV | AES-256-GCM ciphertext | 16-byte tag.
 * The associated data is the header plus the file's id (its content hash or row id), so a file
 * copied over another one, or renamed, fails authentication like an edited one does.
 */
const MAGIC = Buffer.from('CDX1', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + IV_BYTES;
/** What sealing adds to a file's size: the header and the tag. */
export const SEALED_OVERHEAD_BYTES = HEADER_BYTES + TAG_BYTES;

/** A stored file that failed authentication: altered, truncated, swapped or written with another key. */
export class TamperedFileError extends Error {
  readonly code = 'tampered';

  constructor(readonly fileId: string) {
    super(`The stored file ${fileId} failed its integrity check: it was altered or damaged on disk, or belongs to another station.`);
    this.name = 'TamperedFileError';
  }
}

const associatedData = (fileId: string) => Buffer.concat([MAGIC, Buffer.from(fileId, 'utf8')]);

export function encryptFile(key: Uint8Array, fileId: string, plaintext: Uint8Array): Buffer {
  // A fresh random IV per file: GCM with a repeated IV under one key leaks both plaintexts.
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(fileId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([MAGIC, iv, body, cipher.getAuthTag()]);
}

export function decryptFile(key: Uint8Array, fileId: string, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < HEADER_BYTES + TAG_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new TamperedFileError(fileId);
  const iv = bytes.subarray(MAGIC.length, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(associatedData(fileId));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new TamperedFileError(fileId);
  }
}

/**
 * The same format as encryptFile, written piece by piece, so a file of any size is sealed with
 * one chunk in memory at a time (a scan read from the drop folder as it is hashed).
 */
export function createSealer(key: Uint8Array, fileId: string): { header: Buffer; update(chunk: Uint8Array): Buffer; finish(): Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(fileId));
  return {
    header: Buffer.concat([MAGIC, iv]),
    update: (chunk) => cipher.update(chunk),
    finish: () => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}
