import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decryptFile, encryptFile } from '../crypto/file-cipher.js';
import { writeFileDurably } from './durable-file.js';

/*
 * The station's other kept files (archived originals, quarantined files, set-aside duplicates,
 * rendered PDFs) are named by id; that id (the file name) is the associated data of their
 * encryption, so a file renamed or swapped for another fails like an altered one.
 */

/** Encrypts and writes durably (temp, fsync, rename): the row pointing at it commits after. */
export async function writeSealedFile(finalPath: string, key: Uint8Array, bytes: Uint8Array): Promise<void> {
  await writeFileDurably(finalPath, encryptFile(key, basename(finalPath), bytes));
}

/** Keeps an encrypted copy of a file that arrived in plain text (a scan from the drop folder). */
export async function sealFileDurably(sourcePath: string, finalPath: string, key: Uint8Array): Promise<void> {
  await writeSealedFile(finalPath, key, await readFile(sourcePath));
}

/** The file's bytes, decrypted in memory. Throws TamperedFileError naming the file's id. */
export async function readSealedFile(path: string, key: Uint8Array): Promise<Buffer> {
  return decryptFile(key, basename(path), await readFile(path));
}
